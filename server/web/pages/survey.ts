/**
 * The public survey page: no account, no session cookie, works on a phone. The answers are checked
 * here with messages next to the questions, then by the same rules as POST /api/survey/:token.
 */
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { surveyRateLimit } from '../../http/surveyLimit';
import { NONCE_PATTERN, OnceGuard, surveyOnceGuard } from '../../http/formOnce';
import type { LoadedFramework } from '../../../questionnaires';
import { inTransaction } from '../../db/transaction';
import { answerProblems, answerSurvey, surveyForToken } from '../../services/survey';
import { loadDraft, saveSurveyDraft } from '../../services/surveyParticipants';
import { sameOriginOnly } from '../csrf';
import { render } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { loc } from '../data';

type Answers = Record<string, string | number | boolean>;

/** Form fields → typed answers, and the messages for what is missing or wrong. */
export function readForm(
  fw: LoadedFramework,
  body: Record<string, unknown>,
  lang: Lang,
): { answers: Answers; errors: Record<string, string> } {
  const t = texts(lang);
  const survey = fw.definition.survey;
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const q of survey.questions) {
    const raw = typeof body[q.id] === 'string' ? (body[q.id] as string).trim() : '';
    if (raw === '') continue;
    if (q.answer === 'choice' && (q.options ?? []).some((o) => o.value === raw)) answers[q.id] = raw;
    else if (q.answer === 'yes_no' && (raw === 'yes' || raw === 'no')) answers[q.id] = raw === 'yes';
    else if (q.answer === 'likert' && /^[1-5]$/.test(raw)) answers[q.id] = Number(raw);
    else if (q.answer === 'nps' && /^(10|[0-9])$/.test(raw)) answers[q.id] = Number(raw);
    else if (q.answer === 'text') answers[q.id] = raw.slice(0, 2000);
    else errors[q.id] = t.errChoose;
  }
  // the one rule for a response (services/survey.ts), worded for the form
  for (const p of answerProblems(fw, answers)) {
    if (errors[p.question]) continue;
    if (p.code === 'too_few_statements') {
      const nums = p.items!.map((id) => id.replace(/^Q/, ''));
      errors[p.question] = fill(t.errLikertMin, { n: p.min!, items: `${nums[0]}–${nums[nums.length - 1]}` });
    } else if (p.question) errors[p.question] = t.errChoose;
  }
  return { answers, errors };
}

/**
 * The form's parts, one page each on a phone (with JS; without it one long form): the questions in
 * runs of a kind — about the organisation (choice, yes/no), the ratings, the validity statements (with
 * their rule: answer at least minAnswered), the open questions (NPS, text).
 */
export function surveyParts<Q extends { id: string; answer: string }>(questions: Q[], validityItems: string[]): Q[][] {
  const kind = (q: Q) =>
    validityItems.includes(q.id)
      ? 'validity'
      : q.answer === 'choice' || q.answer === 'yes_no'
        ? 'profile'
        : q.answer === 'likert'
          ? 'rating'
          : 'open';
  const parts: Q[][] = [];
  let last: string | null = null;
  for (const q of questions) {
    if (kind(q) !== last) parts.push([]);
    parts[parts.length - 1].push(q);
    last = kind(q);
  }
  return parts;
}

export function surveyPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const parse = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 40 });
  const limiter = surveyRateLimit(ctx);
  const once = surveyOnceGuard(ctx);

  async function surveyOfToken(token: string) {
    const s = await surveyForToken(knex, token);
    return { ...s, cluster: s.cluster ?? '' };
  }

  function page(
    req: Request,
    res: Response,
    fw: LoadedFramework,
    cluster: string,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    status = 200,
    personal: { draft: 'restored' | 'saved' | null } | null = null,
  ) {
    const lang = res.locals.lang as Lang;
    const s = fw.definition.survey;
    const questions = s.questions.map((q, i) => ({
      id: q.id,
      number: i + 1,
      answer: q.answer,
      text: loc(q.text, lang),
      options: (q.options ?? []).map((o) => ({ value: o.value, text: loc(o.text, lang) })),
      value: values[q.id] === undefined ? '' : String(values[q.id]),
      error: errors[q.id] ?? null,
      required: i === 0,
    }));
    const t = texts(lang);
    const nums = s.validityItems.map((id) => id.replace(/^Q/, ''));
    const rule = fill(t.surveyForm.rule, { n: s.minAnswered, items: `${nums[0]}–${nums[nums.length - 1]}` });
    const parts = surveyParts(questions, s.validityItems).map((qs, i, all) => ({
      number: i + 1,
      heading: fill(t.surveyForm.part, { n: i + 1, total: all.length }),
      questions: qs,
      validity: qs.some((q) => s.validityItems.includes(q.id)),
    }));
    render(
      req,
      res,
      'survey/form.njk',
      {
        cluster,
        intro: loc(s.intro, lang),
        parts,
        rule,
        validity: { items: s.validityItems.join(' '), min: s.minAnswered },
        nonce: OnceGuard.nonce(),
        errors: questions.filter((q) => q.error),
        token: req.params.token,
        personal,
      },
      { status, sessionless: true },
    );
  }

  /** the closed page: closed, full, or a personal link that has answered */
  const shut = (req: Request, res: Response, s: { cluster: string; closed: boolean; full: boolean; answered?: boolean }, status: number) =>
    render(
      req,
      res,
      'survey/closed.njk',
      { cluster: s.cluster, full: s.full && !s.closed, answered: !!s.answered && !s.closed },
      { status, sessionless: true },
    );

  r.get('/survey/:token', async (req, res) => {
    const token = String(req.params.token);
    const s = await surveyOfToken(token);
    if (s.closed || s.full || s.answered) return shut(req, res, s, 410);
    if (!s.personal) return page(req, res, s.fw, s.cluster, {}, {});
    // a personal link: its saved answers filled in again
    const draft = await loadDraft(knex, token);
    const values = Object.fromEntries(
      Object.entries(draft).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v as string | number)]),
    );
    const note = req.query.saved === '1' ? 'saved' : Object.keys(values).length ? 'restored' : null;
    page(req, res, s.fw, s.cluster, values, {}, 200, { draft: note });
  });

  // a personal link's answers so far, kept for the next visit (the form's Next and Back, and its button)
  r.post('/survey/:token/draft', limiter, sameOriginOnly(ctx.config.baseUrl), parse, async (req, res) => {
    const token = String(req.params.token);
    const s = await surveyOfToken(token);
    if (s.closed || s.full || s.answered) return shut(req, res, s, 409);
    // the answers that fit their questions (readForm leaves out the others); the rules wait for the send
    const { answers } = readForm(s.fw, req.body ?? {}, res.locals.lang as Lang);
    await inTransaction(knex, (trx) => saveSurveyDraft(trx, token, answers));
    if (req.accepts(['html', 'json']) === 'json') return res.status(204).end();
    res.redirect(303, `/survey/${token}?lang=${res.locals.lang as Lang}&saved=1`);
  });

  r.post('/survey/:token', limiter, sameOriginOnly(ctx.config.baseUrl), parse, async (req, res) => {
    const token = String(req.params.token);
    const s = await surveyOfToken(token);
    if (s.closed || s.full || s.answered) return shut(req, res, s, 409);
    const { answers, errors } = readForm(s.fw, req.body ?? {}, res.locals.lang as Lang);
    if (Object.keys(errors).length)
      return page(req, res, s.fw, s.cluster, req.body ?? {}, errors, 400, s.personal ? { draft: null } : null);
    // the same form posted again (a double tap): answered as received, stored once
    const nonce = typeof req.body?._once === 'string' && NONCE_PATTERN.test(req.body._once) ? (req.body._once as string) : null;
    if (nonce && !once.claim(`${token} ${nonce}`)) return res.redirect(303, `/survey/${token}/thanks`);
    let out;
    try {
      out = await inTransaction(knex, (trx) => answerSurvey(trx, token, answers));
    } catch (e) {
      if (nonce) once.release(`${token} ${nonce}`);
      throw e;
    }
    if (!out.stored) {
      if (nonce) once.release(`${token} ${nonce}`);
      return shut(
        req,
        res,
        { cluster: s.cluster, closed: out.reason === 'closed', full: out.reason === 'full', answered: out.reason === 'answered' },
        409,
      );
    }
    res.redirect(303, `/survey/${token}/thanks`);
  });

  r.get('/survey/:token/thanks', async (req, res) => {
    const s = await surveyOfToken(String(req.params.token));
    render(req, res, 'survey/thanks.njk', { cluster: s.cluster }, { sessionless: true });
  });
  return r;
}
