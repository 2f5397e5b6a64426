/**
 * What only the demo seeding (server/demo.ts) does to the database, beside the services it calls: it
 * sets an assessment's state directly to stage the demo (no version bump, no audit entry: the demo's
 * history starts as seeded).
 */
import type { Tx } from '../db/types';

export async function stageAssessmentState(trx: Tx, assessmentId: number, state: 'interview' | 'review'): Promise<void> {
  await trx('assessments').where({ id: assessmentId }).update({ state });
}

/** Links an assessment to the one it followed (the demo's earlier cycle is seeded after the assessment that followed it). */
export async function stageCycle(trx: Tx, assessmentId: number, previousAssessmentId: number, at: string): Promise<void> {
  await trx('assessment_cycles').insert({ assessment_id: assessmentId, previous_assessment_id: previousAssessmentId, created_at: at });
}
