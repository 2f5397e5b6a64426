import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { uploadParts } from '../http/uploads';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { attachmentHeader, downloadDocument, listDocuments, publicDocument, readUpload, storeDocument } from '../services/documents';
import { ReviewBody, reviewDocument } from '../services/documentReview';

export function documentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  r.post('/api/assessments/:id/documents', ...uploadParts(ctx), async (req, res) => {
    const actor = requireActor(req);
    const item = typeof req.body?.item === 'string' ? req.body.item : '';
    const upload = await readUpload(req.file);
    res.status(201).json(await inTransaction(knex, (trx) => storeDocument(trx, actor, routeId(req), item, upload)));
  });

  r.get('/api/assessments/:id/documents', async (req, res) => {
    res.json(await listDocuments(knex, requireActor(req), routeId(req)));
  });

  r.get('/api/assessments/:id/documents/:docId', async (req, res) => {
    const doc = await downloadDocument(knex, requireActor(req), routeId(req), routeId(req, 'docId'));
    res.setHeader('Content-Type', doc.mime);
    res.setHeader('Content-Disposition', attachmentHeader(doc.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(doc.data);
  });

  r.post('/api/assessments/:id/documents/:docId/review', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ReviewBody, req.body);
    const out = await inTransaction(knex, (trx) => reviewDocument(trx, actor, routeId(req), routeId(req, 'docId'), body));
    res.json(publicDocument(out));
  });
  return r;
}
