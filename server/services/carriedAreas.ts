/**
 * Across cycles: an assessment that starts from the cluster's last decided one carries that cycle's
 * improvement areas in, to be followed up (achieved, partly, not: services/improvementAreas.ts,
 * followUpImprovementArea). Called by createAssessment in its transaction, so that the new assessment
 * never exists without them. Kept apart from improvementAreas.ts, which reads assessments.ts (no cycle).
 */
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/types';
import { carryImprovementAreas } from '../repositories/improvementAreas';
import { appendAudit } from './audit';

export async function carryAreasIntoNewCycle(
  trx: Tx,
  actor: Actor,
  c: { fromAssessmentId: number; toAssessmentId: number },
  now = new Date(),
): Promise<number> {
  const carried = await carryImprovementAreas(trx, { ...c, createdBy: actor.id, at: now.toISOString() });
  for (const ia of carried)
    await appendAudit(
      trx,
      {
        actorId: actor.id,
        action: 'improvement_area.carry',
        entity: 'improvement_area',
        entityId: ia.id,
        after: { carriedFrom: ia.carriedFrom, fromAssessmentId: c.fromAssessmentId, title: ia.title },
      },
      now,
    );
  return carried.length;
}
