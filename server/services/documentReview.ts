/**
 * Reviewing a checklist document (accepted or rejected, with a comment): the JSON API
 * (routes/documents.ts) and the checklist page (web/pages/checklist.ts) both come here.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/types';
import { notFound } from '../errors';
import { documentOf, setReview, type StoredDocument } from '../repositories/documents';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen } from './assessments';

export const ReviewBody = Type.Object(
  { status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]), comment: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;

/** Load → authorise → read-only unless open → version (withdrawing standing confirmations) → write → audit. */
export async function reviewDocument(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  docId: number | null,
  body: ReviewBody,
): Promise<StoredDocument> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'reviewDocument');
  requireOpen(a);
  const before = await documentOf(trx, a.id, docId);
  if (!before) throw notFound({ key: 'errors.things.document' });
  await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.review', actorId: actor.id, subject: before.item } });
  const comment = body.comment?.trim() || null;
  const review = { status: body.status, comment, reviewedBy: actor.id, reviewedAt: new Date().toISOString() };
  await setReview(trx, before.id, review);
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'document.review',
    entity: 'document',
    entityId: before.id,
    before: { status: before.status, comment: before.reviewComment },
    after: { status: body.status, comment },
  });
  return { ...before, status: body.status, reviewComment: comment, reviewedAt: review.reviewedAt };
}
