/**
 * Reviewing a checklist document (accepted or rejected, with a comment): the JSON API
 * (routes/documents.ts) and the checklist page (web/pages/checklist.ts) both come here.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { notFound } from '../errors';
import { appendAudit } from './audit';
import { bumpVersion, getAssessment, requireOpen } from './assessments';

export const ReviewBody = Type.Object(
  { status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]), comment: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;

/** Load → authorise → read-only unless open → version (withdrawing standing confirmations) → write → audit. */
export async function reviewDocument(trx: Knex.Transaction, actor: Actor, assessmentId: number | null, docId: number | null, body: ReviewBody) {
  const a = await getAssessment(trx, assessmentId);
  authorize(actor, a, 'reviewDocument');
  requireOpen(a);
  const before = await trx('documents').where({ id: docId ?? -1, assessment_id: a.id }).first();
  if (!before) throw notFound('Document');
  await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.review', actorId: actor.id, subject: before.item } });
  const comment = body.comment?.trim() || null;
  const patch = { status: body.status, review_comment: comment, reviewed_by: actor.id, reviewed_at: new Date().toISOString() };
  await trx('documents').where({ id: before.id }).update(patch);
  await appendAudit(trx, {
    actorId: actor.id, action: 'document.review', entity: 'document', entityId: before.id,
    before: { status: before.status, comment: before.review_comment }, after: { status: body.status, comment },
  });
  return { ...before, ...patch } as Record<string, any>;
}
