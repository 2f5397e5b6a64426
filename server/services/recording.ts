/**
 * Recording interview values: the JSON API (routes/values.ts, the runner's autosave) and the
 * interview page's own form (web/pages/interview.ts, for a browser without JavaScript) both come here,
 * so that both follow the same rules. The caller holds the transaction.
 */
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/types';
import { upsertShadow, upsertValue } from '../repositories/values';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen } from './assessments';
import { frameworkByHash } from './frameworks';
import { checkIndicatorValue } from './values';

export interface Recorded {
  value: unknown;
  note?: string | null;
}

/**
 * A lead's, co-assessor's or (in preparation) the cluster manager's value for one indicator: checked
 * against the indicator, written under the assessment's version (`ifMatch`: 409 when it moved on),
 * audited. The manager's self-assessment is kept apart from the assessors' values.
 */
export async function recordValue(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  indicatorId: string,
  input: Recorded,
  ifMatch: number | null,
  /** the audit's action when it is not the plain recording (e.g. 'value.kept_from_baseline'), and what more it notes */
  how: { auditAction?: string; auditNote?: Record<string, unknown> } = {},
) {
  const { a, rel } = await loadAssessmentFor(trx, actor, assessmentId, 'recordValue');
  requireOpen(a);
  const fw = await frameworkByHash(trx, a.frameworkHash);
  checkIndicatorValue(fw, indicatorId, input.value, a.interviewDate);
  const kind = rel.has('lead') || rel.has('co') ? 'assessor' : 'self';
  const version = await bumpVersion(trx, a, { ifMatch, change: { action: `value.${kind}`, actorId: actor.id, subject: indicatorId } });
  const change = await upsertValue(trx, {
    assessmentId: a.id,
    indicatorId,
    kind,
    authorId: actor.id,
    value: input.value,
    note: input.note,
  });
  await appendAudit(trx, {
    actorId: actor.id,
    action: how.auditAction ?? `value.${kind}`,
    entity: 'assessment',
    entityId: `${a.id}/${indicatorId}`,
    before: change.before,
    after: how.auditNote ? { ...(change.after as object), ...how.auditNote } : change.after,
  });
  return { version, indicatorId, kind };
}

/** A trainee's blind shadow value: kept apart, never versioned against the assessors' work. */
export async function recordShadow(trx: Tx, actor: Actor, assessmentId: number | null, indicatorId: string, input: Recorded) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'recordShadow');
  requireOpen(a);
  const fw = await frameworkByHash(trx, a.frameworkHash);
  checkIndicatorValue(fw, indicatorId, input.value, a.interviewDate);
  const change = await upsertShadow(trx, { assessmentId: a.id, indicatorId, traineeId: actor.id, value: input.value, note: input.note });
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'value.shadow',
    entity: 'assessment',
    entityId: `${a.id}/${indicatorId}`,
    before: change.before,
    after: change.after,
  });
  return { indicatorId, saved: true as const };
}
