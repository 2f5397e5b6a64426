/**
 * What the assessment's pages show besides the assessment itself: its people and cluster, its
 * documents, the survey's counts, what the user has recorded. Read models, no authorisation: the pages
 * call them for an assessment they have loaded and authorised (loadAssessmentFor).
 */
import type { Db } from '../db/types';
import { peopleById, type Assessment } from '../repositories/assessments';
import { clusterName, clusterOf } from '../repositories/clusters';
import { documentsOf as storedDocumentsOf } from '../repositories/documents';
import { labelOfAssessment } from '../repositories/labels';
import { recordedIndicators } from '../repositories/values';
import { surveyOf } from '../repositories/surveys';
import { PREVIEWABLE } from './documentStatus';

export async function people(knex: Db, a: Assessment) {
  const byId = await peopleById(knex, [a.leadId, ...(a.coAssessorId ? [a.coAssessorId] : []), ...a.traineeIds]);
  const cluster = await clusterOf(knex, a.clusterId);
  return {
    cluster,
    lead: byId.get(a.leadId) ?? null,
    co: a.coAssessorId ? (byId.get(a.coAssessorId) ?? null) : null,
    trainees: a.traineeIds.map((id) => byId.get(id)).filter(Boolean),
  };
}

/** The assessment's cluster as a page's breadcrumb names it (undefined when it is gone, as before). */
export async function clusterRef(knex: Db, a: Assessment): Promise<{ name: string } | undefined> {
  const name = await clusterName(knex, a.clusterId);
  return name === null ? undefined : { name };
}

/** The certificate code the assessment's decision issued, as the score page shows it (undefined: none). */
export async function certificateOf(knex: Db, a: Assessment): Promise<{ certificate_code: string } | undefined> {
  const issued = await labelOfAssessment(knex, a.id);
  return issued ? { certificate_code: issued.certificateCode } : undefined;
}

export interface DocRow {
  id: number;
  item: string;
  filename: string;
  size: number;
  status: 'uploaded' | 'accepted' | 'rejected';
  reviewComment: string | null;
  uploadedAt: string;
  /** how the page shows it (a PDF in a frame, PNG and JPEG as an image); null: downloaded only */
  previewAs: 'pdf' | 'image' | null;
  /** when it stopped counting for its item (replaced or removed), and what replaced it */
  supersededAt: string | null;
  supersededBy: number | null;
}

export async function documentsOf(knex: Db, assessmentId: number): Promise<DocRow[]> {
  return (await storedDocumentsOf(knex, assessmentId)).map((d) => ({
    id: d.id,
    item: d.item,
    filename: d.filename,
    size: d.size,
    status: d.status,
    reviewComment: d.reviewComment,
    uploadedAt: d.uploadedAt,
    previewAs: PREVIEWABLE.has(d.mime) ? (d.mime === 'application/pdf' ? 'pdf' : 'image') : null,
    supersededAt: d.supersededAt,
    supersededBy: d.supersededBy,
  }));
}

export async function surveyState(knex: Db, assessmentId: number) {
  const s = await surveyOf(knex, assessmentId);
  return s
    ? { exists: true, invited: s.invited, responses: s.responses.length, closed: s.closed }
    : { exists: false, invited: 0, responses: 0, closed: false };
}

/** Indicator ids the user has recorded (own assessor/self values, or shadow values for a trainee). */
export async function recordedBy(knex: Db, assessmentId: number, userId: number, shadow: boolean): Promise<Set<string>> {
  return new Set(await recordedIndicators(knex, assessmentId, userId, shadow));
}
