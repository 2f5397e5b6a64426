/**
 * The label records a decision issues (certificate code, validity), as the assessment's services read
 * and write them. The public registry and /verify read them through services/labels.ts.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';
import type { Label } from './assessments';

export interface IssuedLabel {
  assessmentId: number;
  clusterId: number;
  label: Label;
  issuedOn: string;
  validUntil: string;
  certificateCode: string;
}

const labelFromRow = (r: Record<string, any>): IssuedLabel => ({
  assessmentId: Number(r.assessment_id),
  clusterId: Number(r.cluster_id),
  label: r.label,
  issuedOn: r.issued_on,
  validUntil: r.valid_until,
  certificateCode: r.certificate_code,
});

export async function insertLabel(trx: Tx, l: IssuedLabel, at: string): Promise<void> {
  await trx('labels').insert({
    assessment_id: l.assessmentId,
    cluster_id: l.clusterId,
    label: l.label,
    issued_on: l.issuedOn,
    valid_until: l.validUntil,
    certificate_code: l.certificateCode,
    created_at: at,
  });
}

/** The label the assessment's decision issued, or null. */
export async function labelOfAssessment(db: Db, assessmentId: number): Promise<IssuedLabel | null> {
  const row = await db('labels').where({ assessment_id: assessmentId }).first();
  return row ? labelFromRow(row) : null;
}

/** The cluster's labels issued by other assessments before `before`. Plain SQL: the evidence reads them. */
export async function earlierLabels(
  db: Db,
  clusterId: number,
  exceptAssessmentId: number,
  before: string,
): Promise<{ label: Label; issued: string }[]> {
  const rows = await sqlOf(db).all('select label, issued_on from labels where cluster_id = ? and not assessment_id = ? and issued_on < ?', [
    clusterId,
    exceptAssessmentId,
    before,
  ]);
  return rows.map((l) => ({ label: l.label as Label, issued: l.issued_on as string }));
}

// ——— the public side: /verify, the registry, the cluster's labels (services/labels.ts judges them) ———

export interface LabelRecord {
  id: number;
  assessmentId: number;
  clusterId: number;
  label: Label;
  issued: string;
  validUntil: string;
  certificateCode: string;
  releasedAt: string | null;
}

const recordFromRow = (r: Record<string, any>): LabelRecord => ({
  id: Number(r.id),
  assessmentId: Number(r.assessment_id),
  clusterId: Number(r.cluster_id),
  label: r.label,
  issued: r.issued_on,
  validUntil: r.valid_until,
  certificateCode: r.certificate_code,
  releasedAt: r.released_at ?? null,
});

const LABEL_COLUMNS = [
  'l.id',
  'l.assessment_id',
  'l.cluster_id',
  'l.label',
  'l.issued_on',
  'l.valid_until',
  'l.certificate_code',
  'l.released_at',
];
const NEWEST_FIRST = [
  { column: 'l.issued_on', order: 'desc' as const },
  { column: 'l.id', order: 'desc' as const },
];

/** The released labels of these clusters. */
export async function releasedLabelsOf(db: Db, clusterIds: number[]): Promise<LabelRecord[]> {
  if (!clusterIds.length) return [];
  return (await db('labels as l').whereIn('l.cluster_id', clusterIds).whereNotNull('l.released_at').select(LABEL_COLUMNS)).map(
    recordFromRow,
  );
}

/** A released label by its certificate code, with its cluster's name and country. */
export async function releasedLabelByCode(
  db: Db,
  code: string,
): Promise<{ record: LabelRecord; cluster: string; country: string } | undefined> {
  const row = await db('labels as l')
    .join('clusters as c', 'c.id', 'l.cluster_id')
    .where('l.certificate_code', code)
    .whereNotNull('l.released_at')
    .first([...LABEL_COLUMNS, 'c.name as cluster_name', 'c.country as cluster_country']);
  return row ? { record: recordFromRow(row), cluster: row.cluster_name as string, country: row.cluster_country as string } : undefined;
}

/** Every released label with its cluster's name and country, the newest first. */
export async function releasedLabelsWithClusters(db: Db): Promise<{ record: LabelRecord; cluster: string; country: string }[]> {
  const rows = await db('labels as l')
    .join('clusters as c', 'c.id', 'l.cluster_id')
    .whereNotNull('l.released_at')
    .orderBy(NEWEST_FIRST)
    .select([...LABEL_COLUMNS, 'c.name as cluster', 'c.country']);
  return rows.map((r: Record<string, any>) => ({ record: recordFromRow(r), cluster: r.cluster as string, country: r.country as string }));
}

/** The team of a label's assessment, as the policy asks about it. */
export interface LabelTeam {
  state: string;
  leadId: number;
  coAssessorId: number | null;
  traineeIds: number[];
}

/** Every label of a cluster, the newest first, with its assessment's team (trainees only of unreleased ones). */
export async function labelsOfClusterWithTeams(db: Db, clusterId: number): Promise<{ record: LabelRecord; team: LabelTeam }[]> {
  const rows = await db('labels as l')
    .join('assessments as a', 'a.id', 'l.assessment_id')
    .where('l.cluster_id', clusterId)
    .orderBy(NEWEST_FIRST)
    .select([...LABEL_COLUMNS, 'a.state', 'a.lead_id', 'a.co_assessor_id']);
  const unreleased = rows
    .filter((r: Record<string, any>) => r.released_at == null)
    .map((r: Record<string, any>) => Number(r.assessment_id));
  const trainees = unreleased.length
    ? await db('assessment_trainees').whereIn('assessment_id', unreleased).select('assessment_id', 'user_id')
    : [];
  return rows.map((r: Record<string, any>) => ({
    record: recordFromRow(r),
    team: {
      state: r.state as string,
      leadId: Number(r.lead_id),
      coAssessorId: r.co_assessor_id == null ? null : Number(r.co_assessor_id),
      traineeIds: trainees
        .filter((t: Record<string, any>) => Number(t.assessment_id) === Number(r.assessment_id))
        .map((t: Record<string, any>) => Number(t.user_id)),
    },
  }));
}

/** What an assessment's page shows of its outcome, in the columns' names (the views read them so). */
export interface OutcomeRows {
  decision: { label: string | null; total_points: number; decided_at: string } | null;
  label: { label: string; valid_until: string; certificate_code: string; issued_on: string } | null;
}

export async function outcomeRows(db: Db, assessmentId: number): Promise<OutcomeRows> {
  const decision = await db('decisions').where({ assessment_id: assessmentId }).first('label', 'total_points', 'decided_at');
  const label = await db('labels').where({ assessment_id: assessmentId }).first('label', 'valid_until', 'certificate_code', 'issued_on');
  return { decision: decision ?? null, label: label ?? null };
}

/** The release makes the assessment's label public. */
export async function markLabelReleased(trx: Tx, assessmentId: number, at: string): Promise<void> {
  await trx('labels').where({ assessment_id: assessmentId }).whereNull('released_at').update({ released_at: at });
}
