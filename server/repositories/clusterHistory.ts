/**
 * A cluster's cycles as its page reads them (services/clusterHistory.ts): every assessment of the
 * cluster with its team, the assessment it started from and its decided label, and whether a
 * benchmarker assesses (or assessed) the cluster.
 */
import type { Db } from '../db/types';
import type { State } from '../auth/policy';
import type { Label } from './assessments';

export interface ClusterAssessmentRow {
  id: number;
  clusterId: number;
  state: State;
  requestedLabel: Label;
  interviewDate: string | null;
  leadId: number;
  coAssessorId: number | null;
  traineeIds: number[];
  previousAssessmentId: number | null;
  createdAt: string;
  /** the decision, once there is one: its label (null: no label awarded) */
  decision: { label: Label | null } | null;
}

/** Every assessment of the cluster, the newest interview first (those without a date last, by id). */
export async function assessmentsOfCluster(db: Db, clusterId: number): Promise<ClusterAssessmentRow[]> {
  const rows = await db('assessments as a')
    .leftJoin('assessment_cycles as c', 'c.assessment_id', 'a.id')
    .leftJoin('decisions as d', 'd.assessment_id', 'a.id')
    .where('a.cluster_id', clusterId)
    .orderBy('a.id', 'desc')
    .select(
      'a.id',
      'a.cluster_id',
      'a.state',
      'a.requested_label',
      'a.interview_date',
      'a.lead_id',
      'a.co_assessor_id',
      'a.created_at',
      'c.previous_assessment_id',
      'd.id as decision_id',
      'd.label as decided_label',
    );
  const ids = rows.map((r: Record<string, any>) => Number(r.id));
  const trainees = ids.length ? await db('assessment_trainees').whereIn('assessment_id', ids).select('assessment_id', 'user_id') : [];
  return rows.map((r: Record<string, any>) => ({
    id: Number(r.id),
    clusterId: Number(r.cluster_id),
    state: r.state as State,
    requestedLabel: r.requested_label as Label,
    interviewDate: r.interview_date ?? null,
    leadId: Number(r.lead_id),
    coAssessorId: r.co_assessor_id == null ? null : Number(r.co_assessor_id),
    traineeIds: trainees
      .filter((t: Record<string, any>) => Number(t.assessment_id) === Number(r.id))
      .map((t: Record<string, any>) => Number(t.user_id)),
    previousAssessmentId: r.previous_assessment_id == null ? null : Number(r.previous_assessment_id),
    createdAt: r.created_at,
    decision: r.decision_id == null ? null : { label: (r.decided_label ?? null) as Label | null },
  }));
}

/** Whether the user leads or co-assesses any assessment of the cluster. */
export async function assessesCluster(db: Db, userId: number, clusterId: number): Promise<boolean> {
  const row = await db('assessments')
    .where({ cluster_id: clusterId })
    .andWhere((w) => w.where({ lead_id: userId }).orWhere({ co_assessor_id: userId }))
    .first('id');
  return Boolean(row);
}
