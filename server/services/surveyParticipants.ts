/**
 * Personal survey links (issue 19, item 2). The manager or the lead lists participants' addresses;
 * each gets a link of their own by e-mail (enqueueMail, in the same transaction), whose token only
 * the mail holds (the database keeps its SHA-256). A personal link answers once; its answer is stored
 * with the survey's open link like any other, and the participant is only marked answered (the day),
 * never linked to it. Reminders go to those who have not answered, now or on the manager's schedule
 * (run by ReminderScheduler beside the mail sender; safe with several instances). A personal link's
 * unfinished answers are kept as a draft sealed under a key derived from the token itself.
 *
 * The invited count follows the list: `invited` is the list's size plus those invited through the open
 * link; each participant added adds one, and a count typed by hand below the list's size answers 409
 * invited_below_list (services/survey.ts).
 */
import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Logger } from 'pino';
import type { Db, Tx } from '../db/types';
import { inTransaction } from '../db/transaction';
import type { Actor } from '../auth/actor';
import { badRequest, conflict, notFound } from '../errors';
import { clusterName } from '../repositories/clusters';
import { setInvited, setLinkSealed, surveyRowOf } from '../repositories/surveys';
import {
  claimReminder,
  claimSchedule,
  draftOf,
  dropSchedule,
  dueForReminder,
  dueSchedules,
  insertParticipant,
  insertParticipantLink,
  participantCount,
  participantsOf,
  saveDraft,
  scheduleOf,
  setSchedule,
} from '../repositories/surveyParticipants';
import { enqueueMail, type MailLang } from './mail';
import { appendAudit } from './audit';
import { getAssessment, loadAssessmentFor, requireOpen } from './assessments';
import { withdrawConfirmations } from './confirmations';
import { answerProblems, linkOf, newPersonalToken, openSurveyLink, openWith, sealToken, sealWith, surveyShut, tokenHash } from './survey';
import { frameworkByHash } from './frameworks';

/** at most this many addresses in one request */
export const MAX_PARTICIPANTS_PER_REQUEST = 2000;
/** a person is reminded at most once in this time, however often "remind" is pressed */
export const REMIND_GAP_MS = 24 * 3_600_000;
export const SCHEDULE_DAYS = { min: 3, max: 14 };

export const ParticipantsBody = Type.Object(
  {
    emails: Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: MAX_PARTICIPANTS_PER_REQUEST }),
    lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('nb')])),
  },
  { additionalProperties: false },
);
export const ScheduleBody = Type.Object(
  { everyDays: Type.Union([Type.Integer({ minimum: SCHEDULE_DAYS.min, maximum: SCHEDULE_DAYS.max }), Type.Null()]) },
  { additionalProperties: false },
);

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const isEmail = (s: string) => s.length <= 254 && EMAIL.test(s);

/**
 * The addresses in a pasted list or an uploaded CSV: a CSV with a header row naming an `email` column
 * (also `e-mail`, `epost`, `e-post`) gives that column; anything else is split at line breaks, commas,
 * semicolons and spaces ("Kari <kari@x.no>" gives the address in the brackets). Empty cells are dropped.
 */
export function parseAddressList(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const header = /^[^\r\n]*/.exec(body)![0];
  const delimiter = [';', ',', '\t'].find((d) => header.includes(d));
  if (delimiter) {
    // a CSV (csv-parse: quotes, escaped quotes and delimiters inside quotes); a malformed one is a 400
    let rows: string[][];
    try {
      rows = parseCsv(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true });
    } catch (e) {
      throw badRequest({ key: 'errors.participantCsv' }, [{ path: '/addresses', message: (e as Error).message }]);
    }
    const col = (rows[0] ?? []).findIndex((h) => ['email', 'e-mail', 'epost', 'e-post', 'mail'].includes(h.toLowerCase()));
    if (col >= 0)
      return rows
        .slice(1)
        .map((r) => r[col] ?? '')
        .filter(Boolean);
  }
  return (
    text
      .replace(/^\uFEFF/, '')
      // "Kari Nordmann" <kari@x.no> and Kari <kari@x.no>: the address in the brackets
      .replace(/(?:"[^"\n]*"|[^,;<>\n"]*)\s*<([^<>\s]+)>/g, ' $1 ')
      .split(/[\s,;]+/)
      .map((w) => w.replace(/^["'(]+|[)"']+$/g, ''))
      .filter(Boolean)
  );
}

const linkUrl = (baseUrl: string, token: string, lang: string) => `${baseUrl}/survey/${token}?lang=${lang}`;

async function managed(trx: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'createSurvey');
  requireOpen(a);
  return a;
}

/** A new personal link for a participant, stored as its hash; the token goes into the mail only. */
async function issueLink(trx: Tx, participantId: number, at: string): Promise<string> {
  const token = newPersonalToken();
  await insertParticipantLink(trx, participantId, tokenHash(token), at);
  return token;
}

async function mailValues(trx: Tx, assessmentId: number) {
  const a = await getAssessment(trx, assessmentId);
  const survey = await surveyRowOf(trx, assessmentId);
  return { cluster: (await clusterName(trx, a.clusterId)) ?? '', deadline: survey?.deadline ? survey.deadline.slice(0, 10) : 'none' };
}

/**
 * The service behind POST /api/assessments/:id/survey/participants and the page's list: every address
 * checked (one bad one: 400 naming each, nothing stored), duplicates in the list and addresses already
 * invited skipped and reported, each new one invited by mail in `lang` with a link of its own. Makes
 * the survey (and its open link) when there is none; the invited count follows the list.
 */
export async function addParticipants(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  input: { emails: string[]; lang?: MailLang },
  baseUrl: string,
  secret?: string,
  now = new Date(),
) {
  const a = await managed(trx, actor, assessmentId);
  const lang: MailLang = input.lang ?? 'en';
  const emails = input.emails.map((e) => e.trim().toLowerCase());
  const bad = emails.map((e, i) => ({ e, i })).filter(({ e }) => !isEmail(e));
  if (bad.length)
    throw badRequest(
      { key: 'errors.participantEmails', values: { n: bad.length } },
      bad
        .slice(0, 50)
        .map(({ e, i }) => ({ path: `/emails/${i}`, code: 'invalid_email', message: `not an e-mail address: ${e.slice(0, 80)}` })),
    );
  const known = new Set((await participantsOf(trx, a.id)).map((p) => p.email));
  const seen = new Set<string>();
  const skipped: { email: string; reason: 'duplicate' | 'already_invited' }[] = [];
  const fresh: string[] = [];
  for (const e of emails) {
    if (known.has(e)) skipped.push({ email: e, reason: 'already_invited' });
    else if (seen.has(e)) skipped.push({ email: e, reason: 'duplicate' });
    else fresh.push(e);
    seen.add(e);
  }
  const at = now.toISOString();
  let survey = await surveyRowOf(trx, a.id, true);
  // a survey made here counts the new participants already; an existing one gets them added
  let counted = 0;
  if (!survey && fresh.length) {
    const out = await openSurveyLink(trx, a.id, actor.id, fresh.length, now);
    counted = fresh.length;
    if (secret) await setLinkSealed(trx, out.linkId, sealToken(secret, out.token));
    survey = await surveyRowOf(trx, a.id, true);
  }
  if (survey && surveyShut(survey, now)) throw conflict({ key: 'errors.surveyClosed' }, null, 'survey_closed');
  const values = fresh.length ? await mailValues(trx, a.id) : null;
  for (const email of fresh) {
    const id = await insertParticipant(trx, { assessmentId: a.id, email, lang, at });
    const token = await issueLink(trx, id, at);
    await enqueueMail(trx, { to: email, template: 'surveyInvite', lang, values: { ...values, url: linkUrl(baseUrl, token, lang) } }, now);
  }
  const invited = survey ? await followList(trx, actor, a.id, survey, fresh.length - counted, now) : 0;
  if (fresh.length)
    await appendAudit(
      trx,
      { actorId: actor.id, action: 'survey.participants', entity: 'assessment', entityId: a.id, after: { added: fresh.length, invited } },
      now,
    );
  return { invited, added: fresh.length, skipped };
}

/**
 * The invited count follows the list: the new participants are added to it (those invited through the
 * open link stay counted, so a survey that has answers is not full at once); a change withdraws the
 * Gold confirmations like any change of the count.
 */
async function followList(trx: Tx, actor: Actor, assessmentId: number, survey: { id: number; invited: number }, added: number, now: Date) {
  const invited = Math.max(survey.invited + added, await participantCount(trx, assessmentId));
  if (invited !== survey.invited) {
    await setInvited(trx, survey.id, invited, now.toISOString());
    await withdrawConfirmations(trx, assessmentId, {
      action: 'survey.invited',
      actorId: actor.id,
      subject: `${survey.invited} → ${invited}`,
    });
  }
  return invited;
}

/**
 * Reminds the participants who have not answered and were not reminded in the last 24 hours: each
 * claimed by a conditional update (so two clicks or two instances remind a person once), each mailed a
 * new link of their own (the first one keeps working). Nothing when the survey takes no answers.
 */
async function remind(trx: Tx, assessmentId: number, baseUrl: string, now: Date): Promise<number> {
  const survey = await surveyRowOf(trx, assessmentId, true);
  if (!survey || surveyShut(survey, now)) return 0;
  const since = new Date(now.getTime() - REMIND_GAP_MS).toISOString();
  const at = now.toISOString();
  let reminded = 0;
  let values: Awaited<ReturnType<typeof mailValues>> | null = null;
  for (const p of await dueForReminder(trx, assessmentId, since)) {
    if (!(await claimReminder(trx, p.id, since, at))) continue;
    values ??= await mailValues(trx, assessmentId);
    const token = await issueLink(trx, p.id, at);
    const lang: MailLang = p.lang === 'nb' ? 'nb' : 'en';
    await enqueueMail(
      trx,
      { to: p.email, template: 'surveyReminder', lang, values: { ...values, url: linkUrl(baseUrl, token, lang) } },
      now,
    );
    reminded++;
  }
  return reminded;
}

/** The service behind POST /api/assessments/:id/survey/reminders and the page's "send reminders now". */
export async function sendReminders(trx: Tx, actor: Actor, assessmentId: number | null, baseUrl: string, now = new Date()) {
  const a = await managed(trx, actor, assessmentId);
  const survey = await surveyRowOf(trx, a.id, true);
  if (!survey) throw notFound({ key: 'errors.things.survey' });
  if (surveyShut(survey, now)) throw conflict({ key: 'errors.surveyClosed' }, null, 'survey_closed');
  const reminded = await remind(trx, a.id, baseUrl, now);
  await appendAudit(trx, { actorId: actor.id, action: 'survey.remind', entity: 'assessment', entityId: a.id, after: { reminded } }, now);
  return { reminded };
}

/** The service behind PUT /api/assessments/:id/survey/reminder-schedule: every n days (3–14) or none. */
export async function setReminderSchedule(trx: Tx, actor: Actor, assessmentId: number | null, everyDays: number | null, now = new Date()) {
  const a = await managed(trx, actor, assessmentId);
  if (!(await surveyRowOf(trx, a.id))) throw notFound({ key: 'errors.things.survey' });
  const nextAt = everyDays === null ? null : new Date(now.getTime() + everyDays * 86_400_000).toISOString();
  await setSchedule(trx, a.id, everyDays, nextAt ?? '', now.toISOString());
  await appendAudit(
    trx,
    { actorId: actor.id, action: 'survey.reminderSchedule', entity: 'assessment', entityId: a.id, after: { everyDays } },
    now,
  );
  return { everyDays, nextAt };
}

/**
 * One tick of the reminder schedules (the background step, and the test and CLI hook): every schedule
 * due now is moved on by its own conditional update, in the transaction that sends its reminders, so
 * that of several instances exactly one sends a round (a failed round rolls back and stays due). A
 * decided survey's schedule ends. Returns how many people were reminded.
 */
export async function runDueReminders(db: Db, baseUrl: string, now = new Date()): Promise<number> {
  let total = 0;
  for (const s of await dueSchedules(db, now.toISOString())) {
    total += await inTransaction(db, async (trx) => {
      const survey = await surveyRowOf(trx, s.assessmentId);
      if (!survey || survey.closedAt !== null) {
        await dropSchedule(trx, s.assessmentId);
        return 0;
      }
      const next = new Date(now.getTime() + s.everyDays * 86_400_000).toISOString();
      if (!(await claimSchedule(trx, s, next, now.toISOString()))) return 0;
      return remind(trx, s.assessmentId, baseUrl, now);
    });
  }
  return total;
}

/** The reminder schedules' loop, started beside the mail sender (main.ts). */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly opts: { db: Db; baseUrl: string; logger: Logger; intervalMs?: number }) {}

  start(): void {
    const tick = () => {
      this.running = runDueReminders(this.opts.db, this.opts.baseUrl)
        .then((n) => n && this.opts.logger.info({ reminded: n }, 'survey reminders sent'))
        .catch((err: unknown) => this.opts.logger.error({ err }, 'survey reminders failed'))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, this.opts.intervalMs ?? 60_000);
        });
    };
    this.timer = setTimeout(tick, 1_000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
  }
}

/** The management page's view of the list: counts and each address's status (never an answer). */
export async function participantsOverview(db: Db, assessmentId: number) {
  const rows = await participantsOf(db, assessmentId);
  const status = (p: (typeof rows)[number]) => (p.answeredOn ? 'answered' : p.remindedAt ? 'reminded' : 'invited');
  const list = rows.map((p) => ({ email: p.email, lang: p.lang, status: status(p), reminders: p.reminders, invitedAt: p.invitedAt }));
  const count = (s: string) => list.filter((p) => p.status === s).length;
  const schedule = await scheduleOf(db, assessmentId);
  return {
    total: list.length,
    answered: count('answered'),
    reminded: count('reminded'),
    invited: count('invited'),
    list,
    schedule: schedule && { everyDays: schedule.everyDays, nextAt: schedule.nextAt },
  };
}

/* Drafts: sealed under a key derived from the token, which only the respondent's link holds. */

function draftKey(token: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', token, '', 'clustermark survey draft v1', 32));
}
export const sealDraft = (token: string, answers: Record<string, unknown>): string =>
  sealWith(draftKey(token), 'd1', JSON.stringify(answers));
export function openDraft(token: string, sealed: string): Record<string, unknown> | null {
  const text = openWith(draftKey(token), 'd1', sealed);
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

/** A personal link's saved answers (empty when none, or for the open link). */
export async function loadDraft(db: Db, token: string): Promise<Record<string, unknown>> {
  const link = await linkOf(db, token);
  if (!link?.participant || link.answered) return {};
  const sealed = await draftOf(db, tokenHash(token));
  return (sealed && openDraft(token, sealed)) || {};
}

/**
 * The service behind POST /api/survey/:token/draft and the form's saving: a personal link's partial
 * answers (each must fit its question; what is missing is not judged yet), sealed. 404 for the open
 * link (its answers are not the respondent's alone), 409 when answered or closed.
 */
export async function saveSurveyDraft(trx: Tx, token: string, answers: Record<string, unknown>, now = new Date()) {
  const link = await linkOf(trx, token);
  if (!link?.participant) throw notFound({ key: 'errors.things.survey' });
  if (link.answered) throw conflict({ key: 'errors.surveyAlreadyAnswered' }, null, 'already_answered');
  if (link.closed) throw conflict({ key: 'errors.surveyClosed' }, null, 'survey_closed');
  const a = await getAssessment(trx, link.assessmentId);
  const fw = await frameworkByHash(trx, a.frameworkHash);
  const wrong = answerProblems(fw, answers).filter((p) => p.code === 'invalid_answer' || p.code === 'unknown_question');
  if (wrong.length)
    throw badRequest(
      { key: 'errors.invalidAnswers' },
      wrong.map((p) => ({ path: `/answers/${p.question}`, code: p.code, message: p.code })),
    );
  await saveDraft(trx, {
    tokenHash: tokenHash(token),
    assessmentId: link.assessmentId,
    sealed: sealDraft(token, answers),
    at: now.toISOString(),
  });
  return { saved: Object.keys(answers).length };
}
