/**
 * The participant survey's rows: the survey (its invited and response counts), its links (by the
 * SHA-256 of their token) and the anonymous responses (JSON answers, parsed here).
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';
import { forUpdate } from '../db/dialect';

export interface SurveyRow {
  id: number;
  assessmentId: number;
  invited: number;
  responses: number;
  closedAt: string | null;
  /** closed by the manager (reopened by clearing it); closedAt is the decision's */
  pausedAt?: string | null;
  /** after it the survey takes no answers */
  deadline?: string | null;
}

const surveyFromRow = (r: Record<string, any>): SurveyRow => ({
  id: Number(r.id),
  assessmentId: Number(r.assessment_id),
  invited: Number(r.invited),
  responses: Number(r.responses),
  closedAt: r.closed_at ?? null,
  pausedAt: r.paused_at ?? null,
  deadline: r.deadline ?? null,
});

/** The assessment's survey, if it has one; held until the commit on PostgreSQL when `lock`. */
export async function surveyRowOf(db: Db, assessmentId: number, lock = false): Promise<SurveyRow | null> {
  const row = await sqlOf(db).get(`select * from surveys where assessment_id = ?${lock ? forUpdate(db) : ''}`, [assessmentId]);
  return row ? surveyFromRow(row) : null;
}

export async function insertSurvey(trx: Tx, s: { assessmentId: number; invited: number; createdBy: number; at: string }): Promise<number> {
  const [ins] = await trx('surveys')
    .insert({
      assessment_id: s.assessmentId,
      invited: s.invited,
      responses: 0,
      created_by: s.createdBy,
      created_at: s.at,
      updated_at: s.at,
    })
    .returning(['id']);
  return Number(ins.id);
}

export async function setInvited(trx: Tx, surveyId: number, invited: number, at: string): Promise<void> {
  await trx('surveys').where({ id: surveyId }).update({ invited, updated_at: at });
}

/** Closes the assessment's open links (a new one replaces them). */
export async function closeOpenLinks(trx: Tx, assessmentId: number, at: string): Promise<void> {
  await trx('survey_links').where({ assessment_id: assessmentId }).whereNull('closed_at').update({ closed_at: at });
}

export async function insertLink(
  trx: Tx,
  l: { assessmentId: number; tokenHash: string; invited: number; createdBy: number; at: string },
): Promise<number> {
  const [link] = await trx('survey_links')
    .insert({ assessment_id: l.assessmentId, token_hash: l.tokenHash, invited: l.invited, created_by: l.createdBy, created_at: l.at })
    .returning(['id']);
  return Number(link.id);
}

/** The link with this token hash: its id, assessment and whether it was closed (replaced). */
export async function linkByTokenHash(db: Db, hash: string): Promise<{ id: number; assessmentId: number; closed: boolean } | null> {
  const link = await sqlOf(db).get('select id, assessment_id, closed_at from survey_links where token_hash = ?', [hash]);
  return link ? { id: Number(link.id), assessmentId: Number(link.assessment_id), closed: link.closed_at !== null } : null;
}

export async function insertResponse(trx: Tx, linkId: number, answers: Record<string, unknown>, at: string): Promise<number> {
  const [ins] = await trx('survey_responses')
    .insert({ survey_link_id: linkId, answers: JSON.stringify(answers), submitted_at: at })
    .returning(['id']);
  return Number(ins.id);
}

export async function addResponses(trx: Tx, surveyId: number, n: number): Promise<void> {
  if (n === 1) await sqlOf(trx).run('update surveys set responses = responses + 1 where id = ?', [surveyId]);
  else await sqlOf(trx).run('update surveys set responses = responses + ? where id = ?', [n, surveyId]);
}

export async function surveyCounts(trx: Tx, surveyId: number): Promise<{ invited: number; responses: number }> {
  const survey = await sqlOf(trx).get('select invited, responses from surveys where id = ?', [surveyId]);
  return { invited: Number(survey!.invited), responses: Number(survey!.responses) };
}

/** Closes the survey and its open links (the decision does, in its transaction). */
export async function closeSurveyRows(trx: Tx, assessmentId: number, at: string): Promise<void> {
  await trx('surveys').where({ assessment_id: assessmentId }).whereNull('closed_at').update({ closed_at: at, updated_at: at });
  await closeOpenLinks(trx, assessmentId, at);
}

export interface SurveyEvidence {
  invited: number;
  closed: boolean;
  responses: Record<string, unknown>[];
}

/** The survey as the evidence holds it. Plain SQL (sql.ts): every score read assembles the survey. */
export async function surveyOf(db: Db, assessmentId: number): Promise<SurveyEvidence | null> {
  const sql = sqlOf(db);
  const survey = await surveyRowOf(db, assessmentId);
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

/** The open link's sealed token (services/survey.ts seals and opens it). */
export async function setLinkSealed(trx: Tx, linkId: number, sealed: string): Promise<void> {
  await trx('survey_links').where({ id: linkId }).update({ token_sealed: sealed });
}

/** The assessment's current (not replaced) link: its id and sealed token, if any. */
export async function currentLink(db: Db, assessmentId: number): Promise<{ id: number; sealed: string | null } | null> {
  const row = await sqlOf(db).get(
    'select id, token_sealed from survey_links where assessment_id = ? and closed_at is null order by id desc limit 1',
    [assessmentId],
  );
  return row ? { id: Number(row.id), sealed: row.token_sealed ?? null } : null;
}

/** The manager closes (a time) or reopens (null) the survey. */
export async function setPaused(trx: Tx, surveyId: number, at: string | null, now: string): Promise<void> {
  await trx('surveys').where({ id: surveyId }).update({ paused_at: at, updated_at: now });
}

export async function setDeadline(trx: Tx, surveyId: number, deadline: string | null, now: string): Promise<void> {
  await trx('surveys').where({ id: surveyId }).update({ deadline, updated_at: now });
}
