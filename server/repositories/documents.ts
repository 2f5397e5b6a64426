/**
 * Checklist documents: one row per upload, with its review; a file counts for its item until it is
 * replaced or removed (`superseded_at`, migration 009). The content itself is a blob (blobs.ts).
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
  /** when the file stopped counting for its item (replaced or removed); null while it counts */
  supersededAt: string | null;
  /** the upload that replaced it; null when it was removed (or still counts) */
  supersededBy: number | null;
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
    supersededAt: r.superseded_at ?? null,
    supersededBy: r.superseded_by == null ? null : Number(r.superseded_by),
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

export interface Review {
  status: 'accepted' | 'rejected';
  comment: string | null;
  reviewedBy: number;
  reviewedAt: string;
}

/** The documents of the assessment among `ids` (those of other assessments are not found), by id. */
export async function documentsByIds(db: Db, assessmentId: number, ids: number[]): Promise<StoredDocument[]> {
  if (ids.length === 0) return [];
  const rows = await db('documents').where({ assessment_id: assessmentId }).whereIn('id', ids).orderBy('id');
  return rows.map(documentFromRow);
}

export async function setReview(trx: Tx, docId: number, r: Review): Promise<void> {
  await setReviews(trx, [docId], r);
}

/** One review on every document of `ids` that still counts, in one statement; the number of rows it changed. */
export async function setReviews(trx: Tx, ids: number[], r: Review): Promise<number> {
  return trx('documents')
    .whereIn('id', ids)
    .whereNull('superseded_at')
    .update({ status: r.status, review_comment: r.comment, reviewed_by: r.reviewedBy, reviewed_at: r.reviewedAt });
}

/**
 * Marks a file as no longer counting for its item: replaced by `by`, or removed (null). Only a file that
 * still counts: false when it had stopped already (a concurrent write got there first).
 */
export async function supersede(trx: Tx, docId: number, s: { by: number | null; at: string }): Promise<boolean> {
  const n = await trx('documents').where({ id: docId }).whereNull('superseded_at').update({ superseded_at: s.at, superseded_by: s.by });
  return n === 1;
}

/** The files that count (neither replaced nor removed), item and status, oldest first. Plain SQL (sql.ts): every score read needs them. */
export async function currentFileStatuses(db: Db, assessmentId: number): Promise<{ item: string; status: DocStatus }[]> {
  return sqlOf(db).all<{ item: string; status: DocStatus }>(
    'select item, status from documents where assessment_id = ? and superseded_at is null order by id',
    [assessmentId],
  );
}
