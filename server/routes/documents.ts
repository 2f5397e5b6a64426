import { Router, type Response } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { uploadParts } from '../http/uploads';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import {
  attachmentHeader,
  downloadDocument,
  listDocuments,
  publicDocument,
  readUpload,
  replacesOf,
  storeDocument,
  withdrawDocument,
} from '../services/documents';
import { BulkReviewBody, ReviewBody, reviewDocument, reviewDocuments } from '../services/documentReview';

/**
 * The policy of a document shown inside the checklist page. app.ts's policy lets no page be framed
 * (frame-ancestors 'none'); this answer alone may be framed, by our own pages only, and it may load
 * nothing and submit nothing. Only a PDF, PNG or JPEG (judged by its content) is ever served inline.
 */
const PREVIEW_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

function sendDocument(res: Response, doc: Awaited<ReturnType<typeof downloadDocument>>, inline: boolean): void {
  res.setHeader('Content-Type', doc.mime);
  res.setHeader('Content-Disposition', attachmentHeader(doc.filename, inline ? 'inline' : 'attachment'));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (inline) {
    res.setHeader('Content-Security-Policy', PREVIEW_CSP);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  }
  res.send(doc.data);
}

export function documentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  r.post('/api/assessments/:id/documents', ...uploadParts(ctx), async (req, res) => {
    const actor = requireActor(req);
    const item = typeof req.body?.item === 'string' ? req.body.item : '';
    const replaces = replacesOf(req.body);
    const upload = await readUpload(req.file);
    res.status(201).json(await inTransaction(knex, (trx) => storeDocument(trx, actor, routeId(req), item, upload, replaces)));
  });

  r.get('/api/assessments/:id/documents', async (req, res) => {
    res.json(await listDocuments(knex, requireActor(req), routeId(req)));
  });

  r.get('/api/assessments/:id/documents/:docId', async (req, res) => {
    sendDocument(res, await downloadDocument(knex, requireActor(req), routeId(req), routeId(req, 'docId')), false);
  });

  // shown inside the checklist page (an iframe or an image); a type a browser does not show is downloaded
  r.get('/api/assessments/:id/documents/:docId/preview', async (req, res) => {
    const doc = await downloadDocument(knex, requireActor(req), routeId(req), routeId(req, 'docId'));
    sendDocument(res, doc, doc.previewable);
  });

  r.post('/api/assessments/:id/documents/review', async (req, res) => {
    const actor = requireActor(req);
    const body = check(BulkReviewBody, req.body);
    const out = await inTransaction(knex, (trx) => reviewDocuments(trx, actor, routeId(req), body));
    res.json({ documents: out.documents.map(publicDocument), items: out.items });
  });

  r.post('/api/assessments/:id/documents/:docId/review', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ReviewBody, req.body);
    const out = await inTransaction(knex, (trx) => reviewDocument(trx, actor, routeId(req), routeId(req, 'docId'), body));
    res.json({ ...publicDocument(out), itemStatus: out.itemStatus });
  });

  r.post('/api/assessments/:id/documents/:docId/withdraw', async (req, res) => {
    const actor = requireActor(req);
    res.json(await inTransaction(knex, (trx) => withdrawDocument(trx, actor, routeId(req), routeId(req, 'docId'))));
  });
  return r;
}
