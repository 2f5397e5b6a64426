/**
 * Checklist documents: one row per upload (the latest of an item is the one that counts), with its
 * review; the content itself is a blob (blobs.ts).
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

export type DocStatus = 'uploaded' | 'accepted' | 'rejected';

export interface StoredDocument {
  id: number;
  assessmentId: number;
  item: string;
  sha256: string;
  size: number;
  filename: string;
  mime: string;
  status: DocStatus;
  reviewComment: string | null;
  uploadedBy: number;
  uploadedAt: string;
  reviewedAt: string | null;
}

export function documentFromRow(r: Record<string, any>): StoredDocument {
  return {
    id: Number(r.id),
    assessmentId: Number(r.assessment_id),
    item: r.item,
    sha256: r.sha256,
    size: Number(r.size),
    filename: r.filename,
    mime: r.mime,
    status: r.status,
    reviewComment: r.review_comment ?? null,
    uploadedBy: Number(r.uploaded_by),
    uploadedAt: r.uploaded_at,
    reviewedAt: r.reviewed_at ?? null,
  };
}

export async function insertDocument(
  trx: Tx,
  d: {
    assessmentId: number;
    item: string;
    sha256: string;
    filename: string;
    mime: string;
    size: number;
    uploadedBy: number;
    uploadedAt: string;
  },
): Promise<StoredDocument> {
  const row = {
    assessment_id: d.assessmentId,
    item: d.item,
    sha256: d.sha256,
    filename: d.filename,
    mime: d.mime,
    size: d.size,
    uploaded_by: d.uploadedBy,
    uploaded_at: d.uploadedAt,
    status: 'uploaded',
  };
  const [ins] = await trx('documents').insert(row).returning(['id']);
  return documentFromRow({ ...row, id: ins.id });
}

/** The assessment's documents, oldest upload first. */
export async function documentsOf(db: Db, assessmentId: number): Promise<StoredDocument[]> {
  const rows = await db('documents').where({ assessment_id: assessmentId }).orderBy('id');
  return rows.map(documentFromRow);
}

/** One document of the assessment, or null. */
export async function documentOf(db: Db, assessmentId: number, docId: number | null): Promise<StoredDocument | null> {
  const row = await db('documents')
    .where({ id: docId ?? -1, assessment_id: assessmentId })
    .first();
  return row ? documentFromRow(row) : null;
}

export async function setReview(
  trx: Tx,
  docId: number,
  r: { status: 'accepted' | 'rejected'; comment: string | null; reviewedBy: number; reviewedAt: string },
): Promise<void> {
  await trx('documents')
    .where({ id: docId })
    .update({ status: r.status, review_comment: r.comment, reviewed_by: r.reviewedBy, reviewed_at: r.reviewedAt });
}

/** Each item's status, the latest upload's. Plain SQL (sql.ts): every score read assembles these. */
export async function documentStatuses(db: Db, assessmentId: number): Promise<Record<string, DocStatus>> {
  const rows = await sqlOf(db).all<{ item: string; status: DocStatus }>(
    'select item, status from documents where assessment_id = ? order by id',
    [assessmentId],
  );
  const out: Record<string, DocStatus> = {};
  // the latest upload of an item is the one that counts
  for (const r of rows) out[r.item] = r.status;
  return out;
}
