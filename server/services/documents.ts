/**
 * Storing an uploaded document against a checklist item: the JSON API (routes/documents.ts, used by
 * the checklist page's script, drag and drop too) and the checklist page's own form (for a browser
 * without JavaScript) both come here. The content decides the type, never the name.
 */
import type { Actor } from '../auth/actor';
import type { Db, Tx } from '../db/types';
import { badRequest, notFound, unsupportedType } from '../errors';
import { ALLOWED_TYPES, sniffType } from '../storage/blobs';
import { getBlob, putBlob } from '../repositories/blobs';
import { documentOf, documentsOf, insertDocument, type StoredDocument } from '../repositories/documents';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor } from './assessments';
import { frameworkByHash } from './frameworks';

/** A document as the API shows it. */
export function publicDocument(d: StoredDocument) {
  return {
    id: d.id,
    item: d.item,
    sha256: d.sha256,
    size: d.size,
    filename: d.filename,
    mime: d.mime,
    status: d.status,
    reviewComment: d.reviewComment,
    uploadedBy: d.uploadedBy,
    uploadedAt: d.uploadedAt,
    reviewedAt: d.reviewedAt,
  };
}

/**
 * The name a document is downloaded under: the uploader's name with the extension of the type its
 * content was judged to be, so that `poly.html` whose bytes are a PDF is saved as `poly.pdf` and no
 * program opens it as a web page.
 */
export function downloadName(filename: string, mime: string): string {
  const ext = ALLOWED_TYPES[mime] ?? 'bin';
  const base =
    filename
      .replace(/[\u0000-\u001f\u007f\\/]/g, '_')
      .replace(/\.[^.]*$/, '')
      .replace(/^[\s.]+|[\s.]+$/g, '') || 'document';
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

/** An uploaded file as it is stored: its bytes, the type its content was judged to be, its name. */
export interface Upload {
  data: Buffer;
  mime: string;
  filename: string;
}

/** 400 without a file, 415 for a type we do not accept (judged by the content); before any transaction. */
export async function readUpload(file: { buffer: Buffer; originalname?: string } | undefined): Promise<Upload> {
  if (!file) throw badRequest({ key: 'errors.fileRequired' }, [{ path: '/file', message: 'is required' }]);
  const mime = await sniffType(file.buffer);
  if (!mime) throw unsupportedType({ key: 'errors.fileTypeNotAccepted' });
  return { data: file.buffer, mime, filename: (file.originalname || 'document').replace(/[\u0000-\u001f\\/]/g, '_').slice(0, 255) };
}

/** Stores the upload as the latest of checklist `item` (audited); 400 for an item the checklist does not have. */
export async function storeDocument(trx: Tx, actor: Actor, assessmentId: number | null, item: string, upload: Upload) {
  const { data, mime, filename } = upload;
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'uploadDocument');
  const fw = await frameworkByHash(trx, a.frameworkHash);
  if (!fw.definition.checklist.some((c) => c.id === item)) {
    throw badRequest({ key: 'errors.notChecklistItem', values: { item } }, [{ path: '/item', message: 'is not a checklist item' }]);
  }
  await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.upload', actorId: actor.id, subject: item } });
  const hash = await putBlob(trx, data);
  const out = publicDocument(
    await insertDocument(trx, {
      assessmentId: a.id,
      item,
      sha256: hash,
      filename,
      mime,
      size: data.length,
      uploadedBy: actor.id,
      uploadedAt: new Date().toISOString(),
    }),
  );
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'document.upload',
    entity: 'document',
    entityId: out.id,
    after: { item, sha256: hash, size: data.length, filename },
  });
  return out;
}

/** The assessment's documents as the API lists them (GET /api/assessments/:id/documents). */
export async function listDocuments(db: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readDocument');
  return (await documentsOf(db, a.id)).map(publicDocument);
}

/** A document's content with the type and the name it is downloaded under; 404 when either is missing. */
export async function downloadDocument(db: Db, actor: Actor, assessmentId: number | null, docId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readDocument');
  const doc = await documentOf(db, a.id, docId);
  if (!doc) throw notFound({ key: 'errors.things.document' });
  const data = await getBlob(db, doc.sha256);
  if (!data) throw notFound({ key: 'errors.things.documentContent' });
  return { data, mime: doc.mime, filename: downloadName(doc.filename, doc.mime) };
}
