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
  assessmentId: Number(r.assessment_id), clusterId: Number(r.cluster_id), label: r.label, issuedOn: r.issued_on, validUntil: r.valid_until, certificateCode: r.certificate_code,
});

export async function insertLabel(trx: Tx, l: IssuedLabel, at: string): Promise<void> {
  await trx('labels').insert({ assessment_id: l.assessmentId, cluster_id: l.clusterId, label: l.label, issued_on: l.issuedOn, valid_until: l.validUntil, certificate_code: l.certificateCode, created_at: at });
}

/** The label the assessment's decision issued, or null. */
export async function labelOfAssessment(db: Db, assessmentId: number): Promise<IssuedLabel | null> {
  const row = await db('labels').where({ assessment_id: assessmentId }).first();
  return row ? labelFromRow(row) : null;
}

/** The cluster's labels issued by other assessments before `before`. Plain SQL: the evidence reads them. */
export async function earlierLabels(db: Db, clusterId: number, exceptAssessmentId: number, before: string): Promise<{ label: Label; issued: string }[]> {
  const rows = await sqlOf(db).all('select label, issued_on from labels where cluster_id = ? and not assessment_id = ? and issued_on < ?', [clusterId, exceptAssessmentId, before]);
  return rows.map((l) => ({ label: l.label as Label, issued: l.issued_on as string }));
}
