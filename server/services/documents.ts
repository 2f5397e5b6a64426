/**
 * Checklist documents: storing an upload against a checklist item (beside the item's other files, or in
 * place of one of them), removing a file, reading and previewing one; an item's status from its files
 * is documentStatus.ts's rule (itemStatus). The JSON API (routes/documents.ts, used by the checklist
 * page's script, drag and drop too) and the checklist page's own forms (for a browser without
 * JavaScript) both come here. The content decides the type, never the name.
 */
import type { Actor } from '../auth/actor';
import type { Db, Tx } from '../db/types';
import { badRequest, conflict, notFound, unsupportedType } from '../errors';
import { idParam } from '../http/validate';
import { ALLOWED_TYPES, sniffType } from '../storage/blobs';
import { getBlob, putBlob } from '../repositories/blobs';
import { currentFileStatuses, documentOf, documentsOf, insertDocument, supersede, type StoredDocument } from '../repositories/documents';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen } from './assessments';
import { frameworkByHash } from './frameworks';
import { counts, itemStatus, PREVIEWABLE, type ItemStatus } from './documentStatus';
import { notifyDocumentUploaded } from './notifications';

/** 409 for a file that was replaced or removed: only the files that count are reviewed, replaced or removed. */
export const supersededError = () => conflict({ key: 'errors.documentSuperseded' }, undefined, 'document_superseded');

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
    /** false once the file was replaced (`replacedBy` names the new one) or removed */
    current: counts(d),
    supersededAt: d.supersededAt,
    replacedBy: d.supersededBy,
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
export function attachmentHeader(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
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

/**
 * The `replaces` field of an upload: the id of the item's file that the new one replaces; absent or
 * empty, the new file is added beside the item's other files. 400 when it is not an id.
 */
export function replacesOf(body: unknown): number | null {
  const v = (body as { replaces?: unknown } | undefined)?.replaces;
  if (v === undefined || v === null || v === '') return null;
  const id = idParam(v);
  if (id !== null) return id;
  throw badRequest({ key: 'errors.replacesNotDocument' }, [{ path: '/replaces', message: 'is not a document id' }]);
}

/**
 * Stores the upload against checklist `item` (audited): beside the item's other files, or in place of
 * `replaces`, a file of the same item that still counts (it then stops counting, kept as history).
 * 400 for an item the checklist does not have or a file of another item, 404 for an unknown file, 409
 * for one already replaced or removed.
 */
export async function storeDocument(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  item: string,
  upload: Upload,
  replaces: number | null = null,
) {
  const { data, mime, filename } = upload;
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'uploadDocument');
  const fw = await frameworkByHash(trx, a.frameworkHash);
  if (!fw.definition.checklist.some((c) => c.id === item)) {
    throw badRequest({ key: 'errors.notChecklistItem', values: { item } }, [{ path: '/item', message: 'is not a checklist item' }]);
  }
  const old = replaces === null ? null : await documentOf(trx, a.id, replaces);
  if (replaces !== null && !old) throw notFound({ key: 'errors.things.document' });
  if (old && old.item !== item) {
    throw badRequest({ key: 'errors.replaceOtherItem', values: { item: old.item } }, [
      { path: '/replaces', message: `is a file of ${old.item}` },
    ]);
  }
  if (old && !counts(old)) throw supersededError();
  await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.upload', actorId: actor.id, subject: item } });
  const hash = await putBlob(trx, data);
  const uploadedAt = new Date().toISOString();
  const stored = await insertDocument(trx, {
    assessmentId: a.id,
    item,
    sha256: hash,
    filename,
    mime,
    size: data.length,
    uploadedBy: actor.id,
    uploadedAt,
  });
  // under the assessment's lock (bumpVersion): a concurrent replacement of the same file cannot also win
  if (old && !(await supersede(trx, old.id, { by: stored.id, at: uploadedAt }))) throw supersededError();
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'document.upload',
    entity: 'document',
    entityId: stored.id,
    after: { item, sha256: hash, size: data.length, filename, ...(old ? { replaces: old.id } : {}) },
  });
  await notifyDocumentUploaded(trx, a, actor, { item, filename }); // the lead, unless the lead uploaded it
  return { ...publicDocument(stored), itemStatus: await itemStatusOf(trx, a.id, item) };
}

/** The status of one item of the assessment now (in the caller's transaction, after its write). */
export async function itemStatusOf(db: Db, assessmentId: number, item: string): Promise<ItemStatus> {
  return itemStatus((await currentFileStatuses(db, assessmentId)).filter((f) => f.item === item));
}

/**
 * Removes a file from its item (audited): it stops counting and stays in the item's history; the
 * manager's way out of a file uploaded by mistake, or of a rejected one that needs no successor.
 * Whoever may upload may remove, while the evidence is open; 409 for a file already replaced or removed.
 */
export async function withdrawDocument(trx: Tx, actor: Actor, assessmentId: number | null, docId: number | null) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'withdrawDocument');
  requireOpen(a);
  const doc = await documentOf(trx, a.id, docId);
  if (!doc) throw notFound({ key: 'errors.things.document' });
  if (!counts(doc)) throw supersededError();
  await bumpVersion(trx, a, { ifMatch: null, change: { action: 'document.withdraw', actorId: actor.id, subject: doc.item } });
  const at = new Date().toISOString();
  if (!(await supersede(trx, doc.id, { by: null, at }))) throw supersededError();
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'document.withdraw',
    entity: 'document',
    entityId: doc.id,
    before: { item: doc.item, filename: doc.filename, status: doc.status },
    after: { supersededAt: at },
  });
  return { ...publicDocument({ ...doc, supersededAt: at, supersededBy: null }), itemStatus: await itemStatusOf(trx, a.id, doc.item) };
}

/** The assessment's documents as the API lists them (GET /api/assessments/:id/documents). */
export async function listDocuments(db: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readDocument');
  return (await documentsOf(db, a.id)).map(publicDocument);
}

/**
 * A document's content with the type and the name it is downloaded under, and whether a browser may
 * show it in the page (PREVIEWABLE: judged by the content when it was stored); 404 when either is missing.
 */
export async function downloadDocument(db: Db, actor: Actor, assessmentId: number | null, docId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readDocument');
  const doc = await documentOf(db, a.id, docId);
  if (!doc) throw notFound({ key: 'errors.things.document' });
  const data = await getBlob(db, doc.sha256);
  if (!data) throw notFound({ key: 'errors.things.documentContent' });
  return { data, mime: doc.mime, filename: downloadName(doc.filename, doc.mime), previewable: PREVIEWABLE.has(doc.mime) };
}
