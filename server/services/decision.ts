/**
 * The decision: one transaction freezes the evidence, the score, the framework hash and the engine
 * version, issues the label record with a certificate code and validity, closes the survey and makes
 * the assessment read-only. For Gold both assessors must confirm; the second confirmation signs the
 * reconciliation record and decides.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { sqlOf } from '../db/sql';
import { score as scoreEvidence, ENGINE_VERSION, type Score } from '../../scoring';
import type { Actor } from '../auth/actor';
import type { Relation } from '../auth/policy';
import { conflict } from '../errors';
import { isUniqueViolation } from '../db/dialect';
import { bumpVersion, getAssessment, type Assessment } from './assessments';
import { appendAudit } from './audit';
import { assembleEvidence } from './evidence';
import { frameworkByHash } from './frameworks';
import { addDecidedAssessmentToPool } from './benchmarkPool';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** An unguessable, readable certificate code: CM-XXXX-XXXX-XXXX (60 bits). */
export function certificateCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return `CM-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

export type DecisionOutcome =
  | { decided: true; label: string | null; validUntil: string | null; certificateCode: string | null; score: Score }
  | { decided: false; waitingFor: string[] };

export async function decide(trx: Knex.Transaction, a: Assessment, actor: Actor, rel: Set<Relation>, today: string): Promise<DecisionOutcome> {
  if (a.state !== 'review') {
    throw conflict(a.state === 'decided' || a.state === 'released' ? 'This assessment is decided already.' : `Only an assessment in review can be decided (it is in ${a.state}).`, { state: a.state }, 'invalid_state');
  }
  // Take the assessment's row lock first: concurrent confirmations and decisions run one after the other.
  await bumpVersion(trx, a, null, new Date(), {}, ['review']);
  let signed = a.reconciliationSigned;
  if (a.requestedLabel === 'gold') {
    if (!(rel.has('lead') || rel.has('co'))) throw conflict('A Gold decision is confirmed by the lead and the co-assessor themselves.', null, 'assessors_only');
    if (a.coAssessorId === null) throw conflict('A Gold assessment needs a co-assessor.', null, 'precondition_failed');
    await trx('decision_confirmations').insert({ assessment_id: a.id, user_id: actor.id, confirmed_at: new Date().toISOString() }).onConflict(['assessment_id', 'user_id']).ignore();
    const confirmed = (await trx('decision_confirmations').where({ assessment_id: a.id }).pluck('user_id')).map(Number);
    const waitingFor = [a.leadId, a.coAssessorId].filter((id) => !confirmed.includes(id));
    await appendAudit(trx, { actorId: actor.id, action: 'decision.confirm', entity: 'assessment', entityId: a.id, after: { confirmed } });
    if (waitingFor.length > 0) {
      const names = await trx('users').whereIn('id', waitingFor).pluck('email');
      return { decided: false, waitingFor: names };
    }
    signed = true; // both confirmed: the reconciliation record is signed
    await trx('assessments').where({ id: a.id }).update({ reconciliation_signed: true });
    a = await getAssessment(trx, a.id);
  }
  const fw = await frameworkByHash(trx, a.frameworkHash);
  const evidence = await assembleEvidence(trx, { ...a, reconciliationSigned: signed }, fw, today);
  const score = scoreEvidence(fw, evidence, { asOf: evidence.interviewDate });
  const now = new Date().toISOString();
  try {
    await trx('decisions').insert({
      assessment_id: a.id, evidence: JSON.stringify(evidence), score: JSON.stringify(score), framework_hash: fw.hash, engine_version: ENGINE_VERSION,
      label: score.label.awarded, total_points: score.total.points, decided_by: actor.id, decided_at: now,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('This assessment is decided already.', null, 'invalid_state');
    throw e;
  }
  let label: { code: string; validUntil: string } | null = null;
  if (score.label.awarded && score.label.validUntil) {
    label = { code: certificateCode(), validUntil: score.label.validUntil };
    await trx('labels').insert({ assessment_id: a.id, cluster_id: a.clusterId, label: score.label.awarded, issued_on: score.label.issued ?? evidence.interviewDate, valid_until: label.validUntil, certificate_code: label.code, created_at: now });
  }
  await trx('survey_links').where({ assessment_id: a.id }).whereNull('closed_at').update({ closed_at: now });
  await trx('assessments').where({ id: a.id }).update({ state: 'decided', updated_at: now });
  await appendAudit(trx, { actorId: actor.id, action: 'decision.decide', entity: 'assessment', entityId: a.id, before: { state: 'review' }, after: { state: 'decided', label: score.label.awarded, total: score.total.points, frameworkHash: fw.hash, engineVersion: ENGINE_VERSION, certificateCode: label?.code ?? null } });
  // the decided assessment joins the peer pool when its cluster consented (the record is kept either way)
  const cluster = await trx('clusters').where({ id: a.clusterId }).first('id', 'country', 'sector', 'founded_year', 'benchmark_consent');
  await addDecidedAssessmentToPool(trx, { score, cluster: { ...cluster, id: Number(cluster.id), founded_year: Number(cluster.founded_year) }, assessmentId: a.id, label: score.label.awarded, validUntil: label?.validUntil ?? null, assessedOn: evidence.interviewDate, actorId: actor.id });
  return { decided: true, label: score.label.awarded, validUntil: label?.validUntil ?? null, certificateCode: label?.code ?? null, score };
}

export async function frozenDecision(knex: Knex, assessmentId: number) {
  const row = await sqlOf(knex).get('select * from decisions where assessment_id = ?', [assessmentId]);
  if (!row) return null;
  return { score: JSON.parse(row.score) as Score, evidence: JSON.parse(row.evidence), decidedAt: row.decided_at as string, frameworkHash: row.framework_hash as string, engineVersion: row.engine_version as string };
}
