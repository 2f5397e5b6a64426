/**
 * Storing an uploaded document against a checklist item: the JSON API (routes/documents.ts, used by
 * the checklist page's script, drag and drop too) and the checklist page's own form (for a browser
 * without JavaScript) both come here. The content decides the type, never the name.
 */
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { badRequest, unsupportedType } from '../errors';
import { ALLOWED_TYPES, putBlob, sniffType } from '../storage/blobs';
import { appendAudit } from './audit';
import { bumpVersion, getAssessment } from './assessments';
import { frameworkByHash } from './frameworks';

export function publicDocument(r: Record<string, any>) {
  return {
    id: Number(r.id), item: r.item, sha256: r.sha256, size: Number(r.size), filename: r.filename, mime: r.mime,
    status: r.status, reviewComment: r.review_comment ?? null, uploadedBy: Number(r.uploaded_by), uploadedAt: r.uploaded_at, reviewedAt: r.reviewed_at ?? null,
  };
}

/**
 * The name a document is downloaded under: the uploader's name with the extension of the type its
 * content was judged to be, so that `poly.html` whose bytes are a PDF is saved as `poly.pdf` and no
 * program opens it as a web page.
 */
export function downloadName(filename: string, mime: string): string {
  const ext = ALLOWED_TYPES[mime] ?? 'bin';
  const base = filename.replace(/[\u0000-\u001f\u007f\\/]/g, '_').replace(/\.[^.]*$/, '').replace(/^[\s.]+|[\s.]+$/g, '') || 'document';
  return `${base}.${ext}`;
}

/**
 * Content-Disposition for a download: an ASCII `filename` for old clients (anything else replaced)
 * and the exact UTF-8 name in RFC 5987's `filename*`, which every current browser prefers.
 */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Stores `file` as the latest upload of checklist `item` (one transaction, audited); 400/415 on what does not fit. */
export async function storeDocument(knex: Knex, actor: Actor, assessmentId: number | null, item: string, file: { buffer: Buffer; originalname?: string } | undefined) {
  if (!file) throw badRequest('A file is required (field "file").', [{ path: '/file', message: 'is required' }]);
  const mime = await sniffType(file.buffer);
  if (!mime) throw unsupportedType({ key: 'errors.fileTypeNotAccepted' });
  const data = file.buffer;
  const filename = (file.originalname || 'document').replace(/[\u0000-\u001f\\/]/g, '_').slice(0, 255);
  return inTransaction(knex, async (trx) => {
    const a = await getAssessment(trx, assessmentId);
    authorize(actor, a, 'uploadDocument');
    const fw = await frameworkByHash(trx, a.frameworkHash);
    if (!fw.definition.checklist.some((c) => c.id === item)) {
      throw badRequest(`"${item}" is not an item of the documentation checklist.`, [{ path: '/item', message: 'is not a checklist item' }]);
    }
    await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.upload', actorId: actor.id, subject: item } });
    const hash = await putBlob(trx, data);
    const row = { assessment_id: a.id, item, sha256: hash, filename, mime, size: data.length, uploaded_by: actor.id, uploaded_at: new Date().toISOString(), status: 'uploaded' };
    const [ins] = await trx('documents').insert(row).returning(['id']);
    const out = publicDocument({ ...row, id: ins.id });
    await appendAudit(trx, { actorId: actor.id, action: 'document.upload', entity: 'document', entityId: out.id, after: { item, sha256: hash, size: data.length, filename } });
    return out;
  });
}
