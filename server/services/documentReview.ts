/**
 * Reviewing checklist documents (accepted or rejected, with a comment), one at a time or several at
 * once: the JSON API (routes/documents.ts, which the checklist page's script calls, so a review needs
 * no reload) and the checklist page's forms (web/pages/checklist.ts, without JavaScript) both come here.
 * Only the files that count for their item are reviewed (services/documents.ts, itemStatus).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/types';
import { notFound } from '../errors';
import { RowId } from '../http/validate';
import { currentFileStatuses, documentsByIds, setReviews, type StoredDocument } from '../repositories/documents';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen } from './assessments';
import { counts, itemStatuses, type ItemStatus } from './documentStatus';
import { supersededError } from './documents';
import { notifyDocumentsRejected } from './notifications';

const Status = Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]);
const Comment = Type.String({ maxLength: 5000 });

export const ReviewBody = Type.Object({ status: Status, comment: Type.Optional(Comment) }, { additionalProperties: false });
export type ReviewBody = Static<typeof ReviewBody>;

/** The most documents one bulk review takes: a checklist's files, with room (18 items of several CVs). */
export const MAX_BULK = 200;

export const BulkReviewBody = Type.Object(
  {
    ids: Type.Array(RowId(), { minItems: 1, maxItems: MAX_BULK, uniqueItems: true }),
    status: Status,
    comment: Type.Optional(Comment),
  },
  { additionalProperties: false },
);
export type BulkReviewBody = Static<typeof BulkReviewBody>;

export interface Reviewed {
  documents: StoredDocument[];
  /** the status of every item the review touched, after it */
  items: Record<string, ItemStatus>;
}

/**
 * Reviews every document of `body.ids` alike, all or nothing: load → authorise (lead or co-assessor) →
 * read-only unless open → every id a document of this assessment that still counts (404 naming the
 * unknown ids, 409 for a replaced or removed one; nothing is written then) → one version bump, which
 * withdraws standing Gold confirmations → one update → an audit entry per document.
 */
export async function reviewDocuments(trx: Tx, actor: Actor, assessmentId: number | null, body: BulkReviewBody): Promise<Reviewed> {
  return review(trx, actor, assessmentId, body, true);
}

async function review(trx: Tx, actor: Actor, assessmentId: number | null, body: BulkReviewBody, nameUnknown: boolean): Promise<Reviewed> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'reviewDocument');
  requireOpen(a);
  const found = await documentsByIds(trx, a.id, body.ids);
  const unknown = body.ids.flatMap((id, i) =>
    found.some((d) => d.id === id) ? [] : [{ path: `/ids/${i}`, message: 'is not a document of this assessment' }],
  );
  if (unknown.length) throw notFound({ key: 'errors.things.document' }, nameUnknown ? unknown : undefined);
  if (!found.every(counts)) throw supersededError();
  const items = [...new Set(found.map((d) => d.item))].sort();
  await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.review', actorId: actor.id, subject: items.join(', ') } });
  const comment = body.comment?.trim() || null;
  const written = { status: body.status, comment, reviewedBy: actor.id, reviewedAt: new Date().toISOString() };
  // under the assessment's lock now: a file replaced or removed since it was read is not reviewed
  const ids = found.map((d) => d.id);
  if ((await setReviews(trx, ids, written)) !== ids.length) throw supersededError();
  for (const d of found) {
    await appendAudit(trx, {
      actorId: actor.id,
      action: 'document.review',
      entity: 'document',
      entityId: d.id,
      before: { status: d.status, comment: d.reviewComment },
      after: { status: body.status, comment },
    });
  }
  if (body.status === 'rejected') await notifyDocumentsRejected(trx, a, actor, found, comment); // one mail for the lot
  const now = itemStatuses(await currentFileStatuses(trx, a.id));
  return {
    documents: found.map((d) => ({ ...d, status: body.status, reviewComment: comment, reviewedAt: written.reviewedAt })),
    items: Object.fromEntries(items.map((item) => [item, now[item] ?? 'not_provided'])),
  };
}

/** One document's review (POST …/documents/:docId/review and the page's form for one file). */
export async function reviewDocument(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  docId: number | null,
  body: ReviewBody,
): Promise<StoredDocument & { itemStatus: ItemStatus }> {
  const { documents, items } = await review(trx, actor, assessmentId, { ...body, ids: [docId ?? -1] }, false);
  return { ...documents[0], itemStatus: items[documents[0].item] };
}
