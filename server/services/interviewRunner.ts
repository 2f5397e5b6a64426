/**
 * Who sees what on the interview runner (pages/interview.ts): whose values the actor records there, and
 * what a closed assessment (decided, released, cancelled) shows instead of the input. The runner of
 * a closed assessment shows the lead, the co-assessor and a trainee what they recorded, read-only,
 * with the page that now says more (the score, else the calibration, else the assessment); whoever
 * recorded nothing on it (the admin, the cluster manager) is sent to the score where they may read
 * it, else to the assessment.
 */
import type { Actor } from '../auth/actor';
import { authorize, may, type Relation } from '../auth/policy';
import type { Db } from '../db/types';
import { loadAssessmentFor, OPEN_STATES, type Assessment } from './assessments';

export type RunnerMode = 'assessor' | 'self' | 'shadow';
/** The page a closed assessment's runner points to. */
export type ClosedTarget = 'score' | 'calibration' | 'assessment';

export type RunnerAccess =
  | { a: Assessment; mode: RunnerMode; readOnly: boolean; closedTarget: ClosedTarget | null; redirect?: undefined }
  | { a: Assessment; redirect: Exclude<ClosedTarget, 'calibration'> };

/** Whose values the actor records on this assessment's runner (`rel`: its relations, read allowed; 403 for whoever records none). */
export function recordingMode(actor: Actor, a: Assessment, rel: Set<Relation>): RunnerMode {
  if (rel.has('lead') || rel.has('co')) return 'assessor';
  if (rel.has('trainee')) return 'shadow';
  authorize(actor, a, 'recordValue'); // a manager only during preparation (403 otherwise)
  return 'self';
}

/** The runner for the actor: its mode and whether it is read-only, or where to go instead (404/403 as for reading the assessment). */
export async function runnerAccess(db: Db, actor: Actor, id: number | null): Promise<RunnerAccess> {
  const { a, rel } = await loadAssessmentFor(db, actor, id, 'read');
  if (OPEN_STATES.includes(a.state)) return { a, mode: recordingMode(actor, a, rel), readOnly: false, closedTarget: null };
  if (!rel.has('lead') && !rel.has('co') && !rel.has('trainee'))
    return { a, redirect: may(actor, a, 'readScore') ? 'score' : 'assessment' };
  const closedTarget: ClosedTarget = may(actor, a, 'readScore') ? 'score' : may(actor, a, 'readCalibration') ? 'calibration' : 'assessment';
  return { a, mode: recordingMode(actor, a, rel), readOnly: true, closedTarget };
}
