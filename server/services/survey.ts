/**
 * The participant survey: one unguessable link per assessment (only its SHA-256 is stored), anonymous
 * answers validated against the framework's survey, closed at the decision.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { sqlOf } from '../db/sql';
import { appendAudit } from './audit';
import type { LoadedFramework } from '../../questionnaires';
import { indexFramework } from '../../scoring/framework-index';
import { badRequest } from '../errors';

export const newToken = () => crypto.randomBytes(24).toString('base64url');
export const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Validates one response against the framework's questions; 400 naming every bad answer. */
export function checkAnswers(fw: LoadedFramework, answers: Record<string, unknown>): void {
  const index = indexFramework(fw.definition);
  const problems: { path: string; message: string }[] = [];
  for (const [qid, v] of Object.entries(answers)) {
    const q = index.questions.get(qid);
    const path = `/answers/${qid}`;
    if (!q) {
      problems.push({ path, message: 'is not a question of this survey' });
      continue;
    }
    const ok =
      q.answer === 'likert' ? Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5
      : q.answer === 'yes_no' ? typeof v === 'boolean'
      : q.answer === 'nps' ? Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10
      : q.answer === 'choice' ? typeof v === 'string' && (q.options ?? []).some((o) => o.value === v)
      : typeof v === 'string' && v.length <= 2000;
    if (!ok) {
      const expected = { likert: 'an integer 1–5', yes_no: 'true or false', nps: 'an integer 0–10', choice: `one of ${(q.options ?? []).map((o) => o.value).join(', ')}`, text: 'text of at most 2,000 characters' }[q.answer];
      problems.push({ path, message: `must be ${expected}` });
    }
  }
  if (Object.keys(answers).length === 0) problems.push({ path: '/answers', message: 'must answer at least one question' });
  if (problems.length) throw badRequest('Some answers are invalid.', problems);
}

/**
 * The link a response is being stored against, in the caller's transaction. On PostgreSQL its row is
 * held until the commit, so that answers arriving together are counted against N_inv one after the
 * other (§3.2, D-14); SQLite's single writer does that already.
 */
export async function linkForAnswer(trx: Knex.Transaction, token: string) {
  const links = trx('survey_links').where({ token_hash: tokenHash(token) });
  if (trx.client.dialect === 'postgresql') links.forUpdate();
  return links.first();
}

export type StoreOutcome = { stored: true; responseId: number } | { stored: false; reason: 'not_found' | 'closed' | 'full' };

/**
 * Stores one response (answers already checked) against a link read with `linkForAnswer` in the same
 * transaction: refused when there is no link, when it is closed, or when every invited organisation
 * has answered (N ≤ N_inv); the link's count moves on with the response, and the audit chain records it.
 */
export async function storeResponse(trx: Knex.Transaction, link: Record<string, any> | undefined, answers: Record<string, unknown>): Promise<StoreOutcome> {
  if (!link) return { stored: false, reason: 'not_found' };
  if (link.closed_at !== null) return { stored: false, reason: 'closed' };
  if (Number(link.responses) >= Number(link.invited)) return { stored: false, reason: 'full' };
  const [ins] = await trx('survey_responses').insert({ survey_link_id: link.id, answers: JSON.stringify(answers), submitted_at: new Date().toISOString() }).returning(['id']);
  await trx('survey_links').where({ id: link.id }).increment('responses', 1);
  // anonymous: no account, no address; the answers themselves are the evidence
  await appendAudit(trx, { actorId: null, action: 'survey.response', entity: 'survey_response', entityId: Number(ins.id), after: answers });
  return { stored: true, responseId: Number(ins.id) };
}

export async function surveyOf(knex: Knex, assessmentId: number) {
  // plain SQL (sql.ts): every score read assembles the survey
  const sql = sqlOf(knex);
  const link = await sql.get('select * from survey_links where assessment_id = ? order by id desc limit 1', [assessmentId]);
  if (!link) return null;
  const responses = await sql.all<{ answers: string }>(
    'select r.answers from survey_links l join survey_responses r on r.survey_link_id = l.id where l.assessment_id = ? order by r.id',
    [assessmentId],
  );
  return {
    invited: Number(link.invited),
    closed: link.closed_at !== null,
    responses: responses.map((r: { answers: string }) => JSON.parse(r.answers) as Record<string, unknown>),
  };
}
