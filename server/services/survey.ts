/**
 * The participant survey: one survey per assessment with one invited count (N_inv, FRAMEWORK.md §3.2)
 * and its running response count; links are unguessable tokens into it (only their SHA-256 is
 * stored). A new link replaces the old one and keeps the count. Answers are anonymous, checked by one
 * rule for the API and the public form, and the survey closes at the decision.
 */
import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Db, Tx } from '../db/types';
import {
  addResponses,
  closeOpenLinks,
  closeSurveyRows,
  currentLink,
  insertLink,
  insertResponse,
  insertSurvey,
  linkByTokenHash,
  setDeadline,
  setInvited,
  setLinkSealed,
  setPaused,
  surveyCounts,
  surveyOf,
  surveyRowOf,
  type SurveyRow,
} from '../repositories/surveys';
import {
  answerLinkId,
  blendAnswered,
  deleteDrafts,
  endPersonalLinks,
  markAnswered,
  participantByTokenHash,
  participantCount,
} from '../repositories/surveyParticipants';
import { clusterName } from '../repositories/clusters';
import { appendAudit } from './audit';
import type { LoadedFramework } from '../../questionnaires';
import { indexFramework } from '../../scoring/framework-index';
import { aggregateSurvey } from '../../scoring/survey';
import { AppError, badRequest, conflict, formatMessage, notFound } from '../errors';
import type { Actor } from '../auth/actor';
import { may } from '../auth/policy';
import { getAssessment, loadAssessmentFor, OPEN_STATES, requireOpen } from './assessments';
import { frameworkByHash } from './frameworks';
import { withdrawConfirmations } from './confirmations';

export const newToken = () => crypto.randomBytes(24).toString('base64url');
export const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * The open link's token, sealed so the manager can see it again: AES-256-GCM under a key derived
 * (HKDF) from the session secret, which lives outside the database (SESSION_SECRET or the data
 * folder, mode 0600). A copy of the database alone gives neither the token nor a way to forge one;
 * lookups still go by the token's SHA-256. Only the survey management page opens it, behind the
 * policy's createSurvey (the manager and the lead). A changed session secret leaves the link
 * unreadable (the page then offers a new link), never wrong: GCM refuses what it did not seal.
 */
function linkKey(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'clustermark', 'survey link token v1', 32));
}
/** AES-256-GCM under `key`: `version.iv.tag.body` (base64url); opened only with the same key and version. */
export function sealWith(key: Buffer, version: string, text: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return [version, iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}
export function openWith(key: Buffer, version: string, sealed: string): string | null {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== version || !iv || !tag || body === undefined) return null;
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}
export const sealToken = (secret: string, token: string): string => sealWith(linkKey(secret), 'v1', token);
export const openSealedToken = (secret: string, sealed: string): string | null => openWith(linkKey(secret), 'v1', sealed);
/** the shape of a token; anything else is answered 404 without a query */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** a personal link's token (32 random bytes): longer than the open link's, so the limiter can tell them apart */
export const newPersonalToken = () => crypto.randomBytes(32).toString('base64url');
export const PERSONAL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

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
      q.answer === 'likert'
        ? Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5
        : q.answer === 'yes_no'
          ? typeof v === 'boolean'
          : q.answer === 'nps'
            ? Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10
            : q.answer === 'choice'
              ? typeof v === 'string' && (q.options ?? []).some((o) => o.value === v)
              : typeof v === 'string' && v.length <= 2000;
    if (!ok) problems.push({ question: qid, code: 'invalid_answer' });
  }
  const first = survey.questions.find((q) => q.answer === 'choice');
  if (first && answers[first.id] === undefined) problems.push({ question: first.id, code: 'required' });
  const items = survey.validityItems;
  const answered = items.filter(
    (id) => Number.isInteger(answers[id]) && (answers[id] as number) >= 1 && (answers[id] as number) <= 5,
  ).length;
  if (answered < survey.minAnswered)
    problems.push({ question: items[0], code: 'too_few_statements', min: survey.minAnswered, items: [...items] });
  return problems;
}

/** 400 naming every problem of a response (the API's wording; the form words them itself). */
export function checkAnswers(fw: LoadedFramework, answers: Record<string, unknown>): void {
  const problems = answerProblems(fw, answers);
  if (problems.length === 0) return;
  const index = indexFramework(fw.definition);
  // the details stay in English (technical and stable, like ajv's); the catalogue words them
  const message = (p: AnswerProblem): string => {
    if (p.code === 'too_few_statements') {
      const values = { min: p.min, first: p.items![0], last: p.items![p.items!.length - 1] };
      return formatMessage('en', { key: 'errors.answerProblems.too_few_statements', values });
    }
    if (p.code !== 'invalid_answer') return formatMessage('en', { key: `errors.answerProblems.${p.code}` });
    const q = index.questions.get(p.question)!;
    const options = (q.options ?? []).map((o) => o.value).join(', ');
    return formatMessage('en', { key: `errors.answerProblems.${q.answer}`, values: { options } });
  };
  throw badRequest(
    { key: 'errors.invalidAnswers' },
    problems.map((p) => ({ path: p.question ? `/answers/${p.question}` : '/answers', code: p.code, message: message(p) })),
  );
}

export { surveyOf, surveyRowOf, type SurveyRow };

/**
 * Makes the survey (with `invited`) or changes its count, and gives it a new link that replaces the old
 * one (the old token stops working, its answers stay). Without `invited` an existing survey keeps its
 * count. The count is never set below the answers already in (409). Used by the API, the page, the demo.
 */
export async function openSurveyLink(
  trx: Tx,
  assessmentId: number,
  actorId: number,
  invited: number | undefined,
  now = new Date(),
  token = newToken(),
) {
  const ts = now.toISOString();
  let survey = await surveyRowOf(trx, assessmentId, true);
  if (!survey) {
    if (invited === undefined)
      throw badRequest({ key: 'errors.sayInvited' }, [{ path: '/invited', message: 'is required for the first link' }]);
    const id = await insertSurvey(trx, { assessmentId, invited, createdBy: actorId, at: ts });
    survey = { id, assessmentId, invited, responses: 0, closedAt: null };
  } else if (invited !== undefined && invited !== survey.invited) {
    await setInvitedCount(trx, survey, invited, now);
    survey = { ...survey, invited };
  }
  await closeOpenLinks(trx, assessmentId, ts);
  const linkId = await insertLink(trx, { assessmentId, tokenHash: tokenHash(token), invited: survey.invited, createdBy: actorId, at: ts });
  await appendAudit(
    trx,
    {
      actorId,
      action: 'survey.link',
      entity: 'assessment',
      entityId: assessmentId,
      after: { surveyId: survey.id, surveyLinkId: linkId, invited: survey.invited },
    },
    now,
  );
  return { token, linkId, surveyId: survey.id, invited: survey.invited, responses: survey.responses };
}

async function setInvitedCount(trx: Tx, survey: SurveyRow, invited: number, now: Date) {
  if (invited < survey.responses) {
    throw conflict(
      { key: 'errors.invitedBelowResponses', values: { responses: survey.responses } },
      { responses: survey.responses, invited },
      'invited_below_responses',
    );
  }
  await setInvited(trx, survey.id, invited, now.toISOString());
}

/** The service behind POST /api/assessments/:id/survey and the assessment page's survey form. */
export async function createSurveyLink(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  invited: number | undefined,
  baseUrl: string,
  secret?: string,
) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'createSurvey');
  requireOpen(a);
  const before = await surveyRowOf(trx, a.id, true);
  if (before && invited !== undefined && invited !== before.invited) await refuseWithList(trx, a.id, invited);
  const out = await openSurveyLink(trx, a.id, actor.id, invited);
  // kept sealed so that the management page can show it again
  if (secret) await setLinkSealed(trx, out.linkId, sealToken(secret, out.token));
  if (before && before.invited !== out.invited)
    await withdrawConfirmations(trx, a.id, { action: 'survey.invited', actorId: actor.id, subject: `${before.invited} → ${out.invited}` });
  return { token: out.token, url: `${baseUrl}/survey/${out.token}`, invited: out.invited, responses: out.responses };
}

/**
 * With personal participants the invited count is the list's size plus those invited through the open
 * link (services/surveyParticipants.ts): a count typed by hand below the list's size answers 409.
 */
async function refuseWithList(trx: Tx, assessmentId: number, invited: number) {
  const listed = await participantCount(trx, assessmentId);
  if (invited < listed)
    throw conflict({ key: 'errors.invitedFollowsList', values: { n: listed } }, { participants: listed, invited }, 'invited_below_list');
}

/** The service behind PATCH /api/assessments/:id/survey: the invited count changes, the link stays. */
export async function changeInvited(trx: Tx, actor: Actor, assessmentId: number | null, invited: number) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'createSurvey');
  requireOpen(a);
  const survey = await surveyRowOf(trx, a.id, true);
  if (!survey) throw notFound({ key: 'errors.things.survey' });
  if (invited !== survey.invited) {
    await refuseWithList(trx, a.id, invited);
    await setInvitedCount(trx, survey, invited, new Date());
    await appendAudit(trx, {
      actorId: actor.id,
      action: 'survey.invited',
      entity: 'assessment',
      entityId: a.id,
      before: { invited: survey.invited },
      after: { invited },
    });
    await withdrawConfirmations(trx, a.id, { action: 'survey.invited', actorId: actor.id, subject: `${survey.invited} → ${invited}` });
  }
  return { invited, responses: survey.responses };
}

/** The survey takes no answers: decided, closed by the manager, or past its deadline. */
export function surveyShut(survey: SurveyRow, now = new Date()): boolean {
  return survey.closedAt !== null || !!survey.pausedAt || (!!survey.deadline && survey.deadline <= now.toISOString());
}

/**
 * What a token opens: the link, its survey and its assessment (null: no such link). A personal link
 * (survey_participant_links) opens its participant too; its answer is stored with the assessment's
 * open link (linkId), so nothing in the answer points back at the person.
 */
export async function linkOf(db: Db, token: string, lock = false) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = tokenHash(token);
  const link = await linkByTokenHash(db, hash);
  const participant = link ? null : await participantByTokenHash(db, hash);
  const assessmentId = link ? link.assessmentId : participant?.assessmentId;
  if (assessmentId === undefined) return null;
  const survey = await surveyRowOf(db, assessmentId, lock);
  const linkId = link ? link.id : await answerLinkId(db, assessmentId);
  if (!survey || linkId === null) return null;
  return {
    linkId,
    assessmentId,
    survey,
    /** the participant of a personal link (null: the open link) */
    participant,
    /** a personal link that has answered */
    answered: !!participant?.answeredOn,
    /** the open link was replaced by a newer one, or the survey was closed (the decision, the manager, the deadline) */
    closed: (link?.closed ?? false) || surveyShut(survey),
    full: survey.responses >= survey.invited,
  };
}

export type Answered = { stored: true; responseId: number } | { stored: false; reason: 'closed' | 'full' | 'answered' };

/** the day of a personal link's answer: a day, never a time (anonymity, migration 016) */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The service behind POST /api/survey/:token and the public form: one response, checked by the one
 * rule, counted against the survey's invited count (N ≤ N_inv, §3.2, D-14) under the survey's row
 * lock, so that answers arriving together take their turns. 404 for an unknown token.
 */
export async function answerSurvey(trx: Tx, token: string, answers: Record<string, unknown>): Promise<Answered> {
  const link = await linkOf(trx, token, true);
  if (!link) throw notFound({ key: 'errors.things.survey' });
  // a closed survey says so before its answers are judged
  if (link.closed) return { stored: false, reason: 'closed' };
  if (link.answered) return { stored: false, reason: 'answered' };
  const a = await getAssessment(trx, link.assessmentId);
  checkAnswers(await frameworkByHash(trx, a.frameworkHash), answers);
  if (link.full) return { stored: false, reason: 'full' };
  if (link.participant) {
    // once: the conditional update lets one of two answers sent together through (the other: 409)
    if (!(await markAnswered(trx, link.participant.id, dayOf(new Date())))) return { stored: false, reason: 'answered' };
    await deleteDrafts(trx, link.participant.id);
    await blendAnswered(trx, link.assessmentId);
  }
  const responseId = await insertResponse(trx, link.linkId, answers, new Date().toISOString());
  await addResponses(trx, link.survey.id, 1);
  // anonymous: no account, no address; the answers themselves are the evidence
  await appendAudit(trx, { actorId: null, action: 'survey.response', entity: 'survey_response', entityId: responseId, after: answers });
  if (a.state === 'review') await withdrawConfirmations(trx, a.id, { action: 'survey.response', actorId: null, subject: null });
  return { stored: true, responseId };
}

/** The same as answerSurvey, with the refusals as the API's errors (409 closed or full). */
export async function answerSurveyOrThrow(trx: Tx, token: string, answers: Record<string, unknown>): Promise<number> {
  const out = await answerSurvey(trx, token, answers);
  if (out.stored) return out.responseId;
  if (out.reason === 'closed') throw conflict({ key: 'errors.surveyClosed' }, null, 'survey_closed');
  if (out.reason === 'answered') throw conflict({ key: 'errors.surveyAlreadyAnswered' }, null, 'already_answered');
  // One response per invited organisation (FRAMEWORK.md §3.2, D-14: N ≤ N_inv).
  throw new AppError(409, 'survey_full', { key: 'errors.surveyFull' });
}

/**
 * Responses recorded elsewhere (the demo's and the benchmarks' fixtures, which keep the worked examples'
 * invalid responses too), stored against a link as they are: only N ≤ N_inv is kept.
 */
export async function importResponses(
  trx: Tx,
  link: { linkId: number; surveyId: number },
  responses: Record<string, unknown>[],
  now = new Date(),
) {
  const survey = await surveyCounts(trx, link.surveyId);
  if (survey.responses + responses.length > survey.invited) throw conflict({ key: 'errors.moreResponsesThanInvited' }, null, 'survey_full');
  for (const answers of responses) await insertResponse(trx, link.linkId, answers, now.toISOString());
  await addResponses(trx, link.surveyId, responses.length);
}

/** Closes the survey (the decision does, in its transaction): no link takes answers any more. */
export async function closeSurvey(trx: Tx, assessmentId: number, now: string): Promise<void> {
  await closeSurveyRows(trx, assessmentId, now);
  // personal links: no unfinished answer is kept past the decision, and no reminder goes out
  await endPersonalLinks(trx, assessmentId);
}

/**
 * The survey as its readers see it: the counts for the cluster manager and the assessors, the
 * aggregates (valid answers, response rate, means) only for those who may read results (the policy's
 * readSurveyResults, which the interview page applies too).
 */
export async function surveyStatus(db: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readSurveyCounts');
  const survey = await surveyOf(db, a.id);
  if (!survey) return { exists: false as const };
  const base = { exists: true as const, invited: survey.invited, responses: survey.responses.length, closed: survey.closed };
  if (!may(actor, a, 'readSurveyResults')) return base;
  const fw = await frameworkByHash(db, a.frameworkHash);
  return {
    ...base,
    summary: aggregateSurvey(indexFramework(fw.definition), { invited: survey.invited, responses: survey.responses }).summary,
  };
}

/** What a token opens for the public survey (the API's GET and the form): its framework, cluster and state; 404 for an unknown token. */
export async function surveyForToken(db: Db, token: string) {
  const link = await linkOf(db, token);
  if (!link) throw notFound({ key: 'errors.things.survey' });
  const a = await getAssessment(db, link.assessmentId);
  const fw = await frameworkByHash(db, a.frameworkHash);
  return {
    fw,
    cluster: await clusterName(db, a.clusterId),
    full: link.full,
    closed: link.closed,
    personal: !!link.participant,
    answered: link.answered,
    assessmentId: link.assessmentId,
  };
}

/**
 * The survey management page (manager and lead, the policy's createSurvey): the open link again (its
 * sealed token opened), the counts against the framework's minimum, the state and the deadline.
 */
export async function surveyManagement(db: Db, actor: Actor, assessmentId: number | null, secret: string, baseUrl: string) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'createSurvey');
  const fw = await frameworkByHash(db, a.frameworkHash);
  const s = fw.definition.survey;
  const survey = await surveyRowOf(db, a.id);
  const link = survey ? await currentLink(db, a.id) : null;
  const token = link?.sealed ? openSealedToken(secret, link.sealed) : null;
  const rate = survey && survey.invited > 0 ? (100 * survey.responses) / survey.invited : 0;
  return {
    a,
    cluster: (await clusterName(db, a.clusterId)) ?? '',
    open: OPEN_STATES.includes(a.state),
    survey: survey && {
      invited: survey.invited,
      responses: survey.responses,
      rate,
      decided: survey.closedAt !== null,
      paused: !!survey.pausedAt,
      deadline: survey.deadline ?? null,
      pastDeadline: !!survey.deadline && survey.deadline <= new Date().toISOString(),
      shut: surveyShut(survey) || !link,
    },
    minimum: { responses: s.minimumResponses, rate: s.minimumResponseRate },
    // the current link, or null when there is none or it was made before links were kept (make a new one)
    url: token ? `${baseUrl}/survey/${token}` : null,
    linkUnreadable: !!link && !token,
  };
}

async function managedSurvey(trx: Tx, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'createSurvey');
  requireOpen(a);
  const survey = await surveyRowOf(trx, a.id, true);
  if (!survey) throw notFound({ key: 'errors.things.survey' });
  return { a, survey };
}

/** The manager or the lead closes (open false) or reopens the survey; audited. The decision's close stays. */
export async function setSurveyOpen(trx: Tx, actor: Actor, assessmentId: number | null, open: boolean, now = new Date()) {
  const { a, survey } = await managedSurvey(trx, actor, assessmentId);
  if (open === !survey.pausedAt) return { open };
  await setPaused(trx, survey.id, open ? null : now.toISOString(), now.toISOString());
  await appendAudit(
    trx,
    {
      actorId: actor.id,
      action: open ? 'survey.reopen' : 'survey.close',
      entity: 'assessment',
      entityId: a.id,
      before: { open: !open },
      after: { open },
    },
    now,
  );
  return { open };
}

/** A deadline (a day, YYYY-MM-DD: the survey closes at its end, UTC) or none; audited. */
export async function setSurveyDeadline(trx: Tx, actor: Actor, assessmentId: number | null, day: string | null, now = new Date()) {
  if (day !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`))))
    throw badRequest({ key: 'errors.surveyDeadlineInvalid' }, [{ path: '/deadline', message: 'must be a day, YYYY-MM-DD' }]);
  const { a, survey } = await managedSurvey(trx, actor, assessmentId);
  const deadline = day === null ? null : `${day}T23:59:59.999Z`;
  await setDeadline(trx, survey.id, deadline, now.toISOString());
  await appendAudit(
    trx,
    {
      actorId: actor.id,
      action: 'survey.deadline',
      entity: 'assessment',
      entityId: a.id,
      before: { deadline: survey.deadline ?? null },
      after: { deadline },
    },
    now,
  );
  return { deadline };
}

/**
 * The service behind PATCH /api/assessments/:id/survey: any of the invited count, open (close or
 * reopen) and the deadline, in one transaction; answers the survey's counts and state.
 */
export async function changeSurvey(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  change: { invited?: number; open?: boolean; deadline?: string | null },
) {
  if (change.invited !== undefined) {
    const out = await changeInvited(trx, actor, assessmentId, change.invited);
    // the count alone: the answer it always had
    if (change.open === undefined && change.deadline === undefined) return out;
  }
  if (change.open !== undefined) await setSurveyOpen(trx, actor, assessmentId, change.open);
  if (change.deadline !== undefined) await setSurveyDeadline(trx, actor, assessmentId, change.deadline);
  const { survey } = await managedSurvey(trx, actor, assessmentId);
  return {
    invited: survey.invited,
    responses: survey.responses,
    open: !surveyShut(survey),
    closedByManager: !!survey.pausedAt,
    deadline: survey.deadline ? survey.deadline.slice(0, 10) : null,
  };
}
