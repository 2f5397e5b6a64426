/**
 * The participant survey: one survey per assessment with one invited count (N_inv, FRAMEWORK.md §3.2)
 * and its running response count; links are unguessable tokens into it (only their SHA-256 is
 * stored). A new link replaces the old one and keeps the count. Answers are anonymous, checked by one
 * rule for the API and the public form, and the survey closes at the decision.
 */
import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import { sqlOf } from '../db/sql';
import { forUpdate } from '../db/dialect';
import { appendAudit } from './audit';
import type { LoadedFramework } from '../../questionnaires';
import { indexFramework } from '../../scoring/framework-index';
import { aggregateSurvey } from '../../scoring/survey';
import { AppError, badRequest, conflict, notFound } from '../errors';
import type { Actor } from '../auth/actor';
import { authorize, may } from '../auth/policy';
import { getAssessment, requireOpen } from './assessments';
import { frameworkByHash } from './frameworks';
import { withdrawConfirmations } from './confirmations';

export const newToken = () => crypto.randomBytes(24).toString('base64url');
export const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
/** the shape of a token; anything else is answered 404 without a query */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export const MAX_INVITED = 100000;
export const InvitedSchema = Type.Integer({ minimum: 1, maximum: MAX_INVITED });

/** One problem with one response: the question it concerns and what is wrong, as a code. */
export interface AnswerProblem {
  question: string;
  code: 'unknown_question' | 'invalid_answer' | 'required' | 'too_few_statements' | 'empty';
  /** for too_few_statements: the minimum and the statements it counts */
  min?: number;
  items?: string[];
}

/**
 * The one rule for a response, for the API and the public form alike: every answer fits its question,
 * the first choice question (the organisation's type, Q1) is answered, and at least `minAnswered` of
 * the validity statements (Q7–Q13) are, so that every stored response is a valid one (§3.3.1): a
 * response that could never count would still take one of the invited places.
 */
export function answerProblems(fw: LoadedFramework, answers: Record<string, unknown>): AnswerProblem[] {
  const index = indexFramework(fw.definition);
  const survey = fw.definition.survey;
  const problems: AnswerProblem[] = [];
  if (Object.keys(answers).length === 0) problems.push({ question: '', code: 'empty' });
  for (const [qid, v] of Object.entries(answers)) {
    const q = index.questions.get(qid);
    if (!q) {
      problems.push({ question: qid, code: 'unknown_question' });
      continue;
    }
    const ok =
      q.answer === 'likert' ? Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5
      : q.answer === 'yes_no' ? typeof v === 'boolean'
      : q.answer === 'nps' ? Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10
      : q.answer === 'choice' ? typeof v === 'string' && (q.options ?? []).some((o) => o.value === v)
      : typeof v === 'string' && v.length <= 2000;
    if (!ok) problems.push({ question: qid, code: 'invalid_answer' });
  }
  const first = survey.questions.find((q) => q.answer === 'choice');
  if (first && answers[first.id] === undefined) problems.push({ question: first.id, code: 'required' });
  const items = survey.validityItems;
  const answered = items.filter((id) => Number.isInteger(answers[id]) && (answers[id] as number) >= 1 && (answers[id] as number) <= 5).length;
  if (answered < survey.minAnswered) problems.push({ question: items[0], code: 'too_few_statements', min: survey.minAnswered, items: [...items] });
  return problems;
}

/** 400 naming every problem of a response (the API's wording; the form words them itself). */
export function checkAnswers(fw: LoadedFramework, answers: Record<string, unknown>): void {
  const problems = answerProblems(fw, answers);
  if (problems.length === 0) return;
  const index = indexFramework(fw.definition);
  const message = (p: AnswerProblem): string => {
    if (p.code === 'empty') return 'must answer at least one question';
    if (p.code === 'unknown_question') return 'is not a question of this survey';
    if (p.code === 'required') return 'must be answered';
    if (p.code === 'too_few_statements') return `at least ${p.min} of ${p.items![0]}–${p.items![p.items!.length - 1]} must be answered 1–5`;
    const q = index.questions.get(p.question)!;
    const expected = { likert: 'an integer 1–5', yes_no: 'true or false', nps: 'an integer 0–10', choice: `one of ${(q.options ?? []).map((o) => o.value).join(', ')}`, text: 'text of at most 2,000 characters' }[q.answer];
    return `must be ${expected}`;
  };
  throw badRequest('Some answers are invalid.', problems.map((p) => ({ path: p.question ? `/answers/${p.question}` : '/answers', code: p.code, message: message(p) })));
}

export interface SurveyRow {
  id: number;
  assessmentId: number;
  invited: number;
  responses: number;
  closedAt: string | null;
}

const surveyFromRow = (r: Record<string, any>): SurveyRow => ({
  id: Number(r.id), assessmentId: Number(r.assessment_id), invited: Number(r.invited), responses: Number(r.responses), closedAt: r.closed_at ?? null,
});

/** The assessment's survey, if it has one; held until the commit on PostgreSQL when `lock`. */
export async function surveyRowOf(knex: Knex, assessmentId: number, lock = false): Promise<SurveyRow | null> {
  const row = await sqlOf(knex).get(`select * from surveys where assessment_id = ?${lock ? forUpdate(knex) : ''}`, [assessmentId]);
  return row ? surveyFromRow(row) : null;
}

/**
 * Makes the survey (with `invited`) or changes its count, and gives it a new link that replaces the old
 * one (the old token stops working, its answers stay). Without `invited` an existing survey keeps its
 * count. The count is never set below the answers already in (409). Used by the API, the page, the demo.
 */
export async function openSurveyLink(trx: Knex.Transaction, assessmentId: number, actorId: number, invited: number | undefined, now = new Date(), token = newToken()) {
  const ts = now.toISOString();
  let survey = await surveyRowOf(trx, assessmentId, true);
  if (!survey) {
    if (invited === undefined) throw badRequest('Say how many organisations are invited.', [{ path: '/invited', message: 'is required for the first link' }]);
    const [ins] = await trx('surveys').insert({ assessment_id: assessmentId, invited, responses: 0, created_by: actorId, created_at: ts, updated_at: ts }).returning(['id']);
    survey = { id: Number(ins.id), assessmentId, invited, responses: 0, closedAt: null };
  } else if (invited !== undefined && invited !== survey.invited) {
    await setInvitedCount(trx, survey, invited, now);
    survey = { ...survey, invited };
  }
  await trx('survey_links').where({ assessment_id: assessmentId }).whereNull('closed_at').update({ closed_at: ts });
  const [link] = await trx('survey_links')
    .insert({ assessment_id: assessmentId, token_hash: tokenHash(token), invited: survey.invited, created_by: actorId, created_at: ts })
    .returning(['id']);
  await appendAudit(trx, { actorId, action: 'survey.link', entity: 'assessment', entityId: assessmentId, after: { surveyId: survey.id, surveyLinkId: Number(link.id), invited: survey.invited } }, now);
  return { token, linkId: Number(link.id), surveyId: survey.id, invited: survey.invited, responses: survey.responses };
}

async function setInvitedCount(trx: Knex.Transaction, survey: SurveyRow, invited: number, now: Date) {
  if (invited < survey.responses) {
    throw conflict(`${survey.responses} organisations have answered already; the invited count cannot be lower.`, { responses: survey.responses, invited }, 'invited_below_responses');
  }
  await trx('surveys').where({ id: survey.id }).update({ invited, updated_at: now.toISOString() });
}

/** The service behind POST /api/assessments/:id/survey and the assessment page's survey form. */
export async function createSurveyLink(trx: Knex.Transaction, actor: Actor, assessmentId: number | null, invited: number | undefined, baseUrl: string) {
  const a = await getAssessment(trx, assessmentId);
  authorize(actor, a, 'createSurvey');
  requireOpen(a);
  const before = await surveyRowOf(trx, a.id, true);
  const out = await openSurveyLink(trx, a.id, actor.id, invited);
  if (before && before.invited !== out.invited) await withdrawConfirmations(trx, a.id, { action: 'survey.invited', actorId: actor.id, subject: `${before.invited} → ${out.invited}` });
  return { token: out.token, url: `${baseUrl}/survey/${out.token}`, invited: out.invited, responses: out.responses };
}

/** The service behind PATCH /api/assessments/:id/survey: the invited count changes, the link stays. */
export async function changeInvited(trx: Knex.Transaction, actor: Actor, assessmentId: number | null, invited: number) {
  const a = await getAssessment(trx, assessmentId);
  authorize(actor, a, 'createSurvey');
  requireOpen(a);
  const survey = await surveyRowOf(trx, a.id, true);
  if (!survey) throw notFound('Survey');
  if (invited !== survey.invited) {
    await setInvitedCount(trx, survey, invited, new Date());
    await appendAudit(trx, { actorId: actor.id, action: 'survey.invited', entity: 'assessment', entityId: a.id, before: { invited: survey.invited }, after: { invited } });
    await withdrawConfirmations(trx, a.id, { action: 'survey.invited', actorId: actor.id, subject: `${survey.invited} → ${invited}` });
  }
  return { invited, responses: survey.responses };
}

/** What a token opens: the link, its survey and its assessment (null: no such link). */
export async function linkOf(knex: Knex, token: string, lock = false) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const sql = sqlOf(knex);
  const link = await sql.get('select id, assessment_id, closed_at from survey_links where token_hash = ?', [tokenHash(token)]);
  if (!link) return null;
  const survey = await surveyRowOf(knex, Number(link.assessment_id), lock);
  if (!survey) return null;
  return {
    linkId: Number(link.id),
    assessmentId: Number(link.assessment_id),
    survey,
    /** the link was replaced by a newer one, or the survey was closed */
    closed: link.closed_at !== null || survey.closedAt !== null,
    full: survey.responses >= survey.invited,
  };
}

export type Answered = { stored: true; responseId: number } | { stored: false; reason: 'closed' | 'full' };

/**
 * The service behind POST /api/survey/:token and the public form: one response, checked by the one
 * rule, counted against the survey's invited count (N ≤ N_inv, §3.2, D-14) under the survey's row
 * lock, so that answers arriving together take their turns. 404 for an unknown token.
 */
export async function answerSurvey(trx: Knex.Transaction, token: string, answers: Record<string, unknown>): Promise<Answered> {
  const link = await linkOf(trx, token, true);
  if (!link) throw notFound('Survey');
  // a closed survey says so before its answers are judged
  if (link.closed) return { stored: false, reason: 'closed' };
  const a = await getAssessment(trx, link.assessmentId);
  checkAnswers(await frameworkByHash(trx, a.frameworkHash), answers);
  if (link.full) return { stored: false, reason: 'full' };
  const [ins] = await trx('survey_responses').insert({ survey_link_id: link.linkId, answers: JSON.stringify(answers), submitted_at: new Date().toISOString() }).returning(['id']);
  await sqlOf(trx).run('update surveys set responses = responses + 1 where id = ?', [link.survey.id]);
  // anonymous: no account, no address; the answers themselves are the evidence
  await appendAudit(trx, { actorId: null, action: 'survey.response', entity: 'survey_response', entityId: Number(ins.id), after: answers });
  if (a.state === 'review') await withdrawConfirmations(trx, a.id, { action: 'survey.response', actorId: null, subject: null });
  return { stored: true, responseId: Number(ins.id) };
}

/** The same as answerSurvey, with the refusals as the API's errors (409 closed or full). */
export async function answerSurveyOrThrow(trx: Knex.Transaction, token: string, answers: Record<string, unknown>): Promise<number> {
  const out = await answerSurvey(trx, token, answers);
  if (out.stored) return out.responseId;
  if (out.reason === 'closed') throw conflict('This survey is closed.', null, 'survey_closed');
  // One response per invited organisation (FRAMEWORK.md §3.2, D-14: N ≤ N_inv).
  throw new AppError(409, 'survey_full', 'Every invited organisation has answered already; the survey takes no more responses.');
}

/**
 * Responses recorded elsewhere (the demo's and the benchmarks' fixtures, which keep the worked examples'
 * invalid responses too), stored against a link as they are: only N ≤ N_inv is kept.
 */
export async function importResponses(trx: Knex.Transaction, link: { linkId: number; surveyId: number }, responses: Record<string, unknown>[], now = new Date()) {
  const survey = await sqlOf(trx).get('select invited, responses from surveys where id = ?', [link.surveyId]);
  if (Number(survey!.responses) + responses.length > Number(survey!.invited)) throw conflict('More responses than organisations invited.', null, 'survey_full');
  for (const answers of responses) await trx('survey_responses').insert({ survey_link_id: link.linkId, answers: JSON.stringify(answers), submitted_at: now.toISOString() });
  await sqlOf(trx).run('update surveys set responses = responses + ? where id = ?', [responses.length, link.surveyId]);
}

/** Closes the survey (the decision does, in its transaction): no link takes answers any more. */
export async function closeSurvey(trx: Knex.Transaction, assessmentId: number, now: string): Promise<void> {
  await trx('surveys').where({ assessment_id: assessmentId }).whereNull('closed_at').update({ closed_at: now, updated_at: now });
  await trx('survey_links').where({ assessment_id: assessmentId }).whereNull('closed_at').update({ closed_at: now });
}

export async function surveyOf(knex: Knex, assessmentId: number) {
  // plain SQL (sql.ts): every score read assembles the survey
  const sql = sqlOf(knex);
  const survey = await surveyRowOf(knex, assessmentId);
  if (!survey) return null;
  const responses = await sql.all<{ answers: string }>(
    'select r.answers from survey_links l join survey_responses r on r.survey_link_id = l.id where l.assessment_id = ? order by r.id',
    [assessmentId],
  );
  const open = await sql.get('select id from survey_links where assessment_id = ? and closed_at is null', [assessmentId]);
  return {
    invited: survey.invited,
    closed: survey.closedAt !== null || !open,
    responses: responses.map((r: { answers: string }) => JSON.parse(r.answers) as Record<string, unknown>),
  };
}

/**
 * The survey as its readers see it: the counts for the cluster manager and the assessors, the
 * aggregates (valid answers, response rate, means) only for those who may read results (the policy's
 * readSurveyResults, which the interview page applies too).
 */
export async function surveyStatus(knex: Knex, actor: Actor, assessmentId: number | null) {
  const a = await getAssessment(knex, assessmentId);
  authorize(actor, a, 'readSurveyCounts');
  const survey = await surveyOf(knex, a.id);
  if (!survey) return { exists: false as const };
  const base = { exists: true as const, invited: survey.invited, responses: survey.responses.length, closed: survey.closed };
  if (!may(actor, a, 'readSurveyResults')) return base;
  const fw = await frameworkByHash(knex, a.frameworkHash);
  return { ...base, summary: aggregateSurvey(indexFramework(fw.definition), { invited: survey.invited, responses: survey.responses }).summary };
}
