import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { getAssessment, requireOpen } from '../services/assessments';
import { getBlob } from '../storage/blobs';
import { attachmentHeader, downloadName, publicDocument, storeDocument } from '../services/documents';
import { ReviewBody, reviewDocument } from '../services/documentReview';
import { notFound, unsupportedType } from '../errors';


/**
 * What an upload runs before its handler: the caller may upload to this assessment (checked before the
 * body is read, so that a stranger cannot make us buffer a large upload), then the multipart body with
 * one file of at most MAX_UPLOAD_MB. The checklist page's form uses it too.
 */
export function uploadParts(ctx: AppContext): RequestHandler[] {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.config.maxUploadMb * 1024 * 1024, files: 1, fields: 5, parts: 8, fieldSize: 1024 },
    // browsers send a file name in UTF-8 without saying so (busboy's default would read it as latin1)
    defParamCharset: 'utf8',
  });
  const mayUpload: RequestHandler = async (req, _res, next) => {
    const actor = requireActor(req);
    const a = await getAssessment(ctx.db.knex, routeId(req));
    authorize(actor, a, 'uploadDocument');
    requireOpen(a);
    if (!req.is('multipart/form-data')) throw unsupportedType('Upload documents as multipart/form-data with fields "item" and "file".');
    next();
  };
  return [mayUpload, upload.single('file')];
}

export function documentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  r.post('/api/assessments/:id/documents', ...uploadParts(ctx), async (req, res) => {
    const item = typeof req.body?.item === 'string' ? req.body.item : '';
    res.status(201).json(await storeDocument(knex, requireActor(req), routeId(req), item, req.file));
  });

  r.get('/api/assessments/:id/documents', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readDocument');
    const rows = await knex('documents').where({ assessment_id: a.id }).orderBy('id');
    res.json(rows.map(publicDocument));
  });

  r.get('/api/assessments/:id/documents/:docId', async (req, res) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readDocument');
    const row = await knex('documents').where({ id: routeId(req, 'docId') ?? -1, assessment_id: a.id }).first();
    if (!row) throw notFound('Document');
    const data = await getBlob(knex, row.sha256);
    if (!data) throw notFound('Document content');
    res.setHeader('Content-Type', row.mime);
    res.setHeader('Content-Disposition', attachmentHeader(downloadName(row.filename, row.mime)));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(data);
  });

  r.post('/api/assessments/:id/documents/:docId/review', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ReviewBody, req.body);
    const out = await inTransaction(knex, (trx) => reviewDocument(trx, actor, routeId(req), routeId(req, 'docId'), body));
    res.json(publicDocument(out));
  });
  return r;
}
