/**
 * The Gold reconciliation record (FRAMEWORK.md G5, DESIGN.md `agreed`): the lead's and the co-assessor's
 * values side by side, the discrepancies with the lower-value rule as their default, the values the two
 * agreed with the reason for each, and both assessors' signatures.
 *
 * A signature binds to the record it signed (the hash of every row: both values, the agreed value and
 * its reason). It stands only while the record is unchanged: an agreed value or an assessor's value
 * changed afterwards leaves the signature stale, shown as such, and G5 reads only signatures that stand.
 * A Gold confirmation of the decision signs the record for whoever has not yet signed it (DESIGN.md:
 * "the second confirmation signs the reconciliation"), so the API's flow and the screen's agree.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import type { Db, Tx } from '../db/types';
import { badRequest, conflict, notFound } from '../errors';
import { upsertSignature } from '../repositories/decisions';
import { deleteValue, upsertValue, valuesOf } from '../repositories/values';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen, type Assessment } from './assessments';
import { frameworkByHash } from './frameworks';
import { buildRecord, type ReconciliationRecord } from './reconciliationRecord';
import { checkIndicatorValue } from './values';

export {
  reconciliationForReport,
  reconciliationSignedNow,
  type Basis,
  type ReconciliationRecord,
  type RecordRow,
} from './reconciliationRecord';

export const REASON_MIN = 3;
export const REASON_MAX = 1000;

export const AgreedBody = Type.Object(
  { value: Type.Unknown(), reason: Type.String({ minLength: 1, maxLength: REASON_MAX }) },
  { additionalProperties: false, required: ['value', 'reason'] },
);
export type AgreedBody = Static<typeof AgreedBody>;

function requireGold(a: Assessment): void {
  if (a.requestedLabel !== 'gold') throw conflict({ key: 'errors.notGold' }, null, 'not_gold');
}

/** GET /api/assessments/:id/reconciliation and the reconciliation screen: the lead, the co-assessor, the admin. */
export async function readReconciliation(db: Db, actor: Actor, assessmentId: number | null): Promise<ReconciliationRecord> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readReconciliation');
  requireGold(a);
  return buildRecord(db, a, await frameworkByHash(db, a.frameworkHash));
}

/**
 * The agreed value of one indicator, with its reason (PUT /api/assessments/:id/agreed/:indicatorId and
 * the screen's form): the lead records what both assessors agreed. The reason is audited with the value.
 */
export async function recordAgreed(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  indicatorId: string,
  body: AgreedBody,
  ifMatch: number | null,
) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'agreeValue');
  requireOpen(a);
  requireGold(a);
  const reason = body.reason.trim();
  if (reason.length < REASON_MIN)
    throw badRequest({ key: 'errors.reasonRequired', values: { min: REASON_MIN } }, { field: 'reason', min: REASON_MIN });
  const fw = await frameworkByHash(trx, a.frameworkHash);
  checkIndicatorValue(fw, indicatorId, body.value, a.interviewDate);
  const version = await bumpVersion(trx, a, { ifMatch, change: { action: 'value.agreed', actorId: actor.id, subject: indicatorId } });
  const change = await upsertValue(trx, {
    assessmentId: a.id,
    indicatorId,
    kind: 'agreed',
    authorId: actor.id,
    value: body.value,
    note: reason,
  });
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'value.agreed',
    entity: 'assessment',
    entityId: `${a.id}/${indicatorId}`,
    before: change.before ? { value: change.before.value, reason: change.before.note } : null,
    after: { value: body.value, reason },
  });
  return { version, indicatorId, kind: 'agreed' as const };
}

/** Withdraws an agreed value (DELETE …/agreed/:indicatorId): the lower-value rule applies again. Audited. */
export async function withdrawAgreed(trx: Tx, actor: Actor, assessmentId: number | null, indicatorId: string, ifMatch: number | null) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'agreeValue');
  requireOpen(a);
  requireGold(a);
  const existing = (await valuesOf(trx, a.id, ['agreed'])).find((v) => v.indicatorId === indicatorId);
  if (!existing) throw notFound({ key: 'errors.things.agreedValue', values: { id: indicatorId } });
  const version = await bumpVersion(trx, a, {
    ifMatch,
    change: { action: 'value.agreed.withdraw', actorId: actor.id, subject: indicatorId },
  });
  await deleteValue(trx, a.id, indicatorId, 'agreed');
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'value.agreed.withdraw',
    entity: 'assessment',
    entityId: `${a.id}/${indicatorId}`,
    before: { value: existing.value, reason: existing.note },
    after: null,
  });
  return { version, indicatorId };
}

/**
 * An assessor signs the record as it is now (POST /api/assessments/:id/reconciliation/signatures and the
 * screen), in review: the lead and the co-assessor each once per state of the record. `recordHash`, when
 * given, is the record the signer read: 409 when it changed since (they must read it again).
 */
export async function signReconciliation(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  recordHash: string | null,
  via: 'page' | 'api',
  now = new Date(),
): Promise<ReconciliationRecord> {
  const { a, rel } = await loadAssessmentFor(trx, actor, assessmentId, 'signReconciliation');
  requireGold(a);
  if (a.state !== 'review')
    throw conflict(
      { key: 'errors.signInReview', values: { state: { key: `errors.stateWords.${a.state}` } } },
      { state: a.state },
      'invalid_state',
    );
  // the assessment's row lock: a value written now waits, and the signature binds to what was read
  await bumpVersion(trx, a, { ifMatch: null, change: null, states: ['review'] });
  const fw = await frameworkByHash(trx, a.frameworkHash);
  const record = await buildRecord(trx, { ...a }, fw);
  if (recordHash !== null && recordHash !== record.recordHash)
    throw conflict({ key: 'errors.recordChanged' }, { recordHash: record.recordHash }, 'record_changed');
  const role = rel.has('lead') ? 'lead' : 'co';
  await signRecord(trx, a, actor.id, role, record.recordHash, via, now);
  return buildRecord(trx, a, fw);
}

async function signRecord(trx: Tx, a: Assessment, userId: number, role: 'lead' | 'co', recordHash: string, via: string, now: Date) {
  await upsertSignature(trx, a.id, { userId, role, recordHash, signedAt: now.toISOString(), via });
  await appendAudit(
    trx,
    { actorId: userId, action: 'reconciliation.sign', entity: 'assessment', entityId: a.id, after: { role, recordHash, via } },
    now,
  );
}

/**
 * The decision's part (services/decision.ts, when both Gold confirmations stand): signs the record for
 * each assessor whose signature does not stand on it, and returns the record's hash.
 */
export async function signForDecision(trx: Tx, a: Assessment, now = new Date()): Promise<string> {
  const fw = await frameworkByHash(trx, a.frameworkHash);
  const record = await buildRecord(trx, a, fw);
  for (const p of [
    ['lead', a.leadId],
    ['co', a.coAssessorId],
  ] as const) {
    const [role, id] = p;
    if (id === null || record.signatures.some((s) => s.userId === id && s.current)) continue;
    await signRecord(trx, a, id, role, record.recordHash, 'decision', now);
  }
  return record.recordHash;
}
