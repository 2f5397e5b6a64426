import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { inTransaction } from '../db/transaction';
import { bumpVersion, getAssessment, requireOpen } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { appendAudit } from '../services/audit';
import { getBlob, putBlob, sniffType } from '../storage/blobs';
import { badRequest, notFound, unsupportedType } from '../errors';

const ReviewBody = Type.Object(
  { status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]), comment: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);

export function publicDocument(r: Record<string, any>) {
  return {
    id: Number(r.id), item: r.item, sha256: r.sha256, size: Number(r.size), filename: r.filename, mime: r.mime,
    status: r.status, reviewComment: r.review_comment ?? null, uploadedBy: Number(r.uploaded_by), uploadedAt: r.uploaded_at, reviewedAt: r.reviewed_at ?? null,
  };
}

export function documentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: ctx.config.maxUploadMb * 1024 * 1024, files: 1, fields: 5, parts: 8, fieldSize: 1024 },
  });
  // Authorise before the body is read, so a stranger cannot make us buffer a large upload.
  const mayUpload: RequestHandler = async (req, _res, next) => {
    const actor = requireActor(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'uploadDocument');
    requireOpen(a);
    if (!req.is('multipart/form-data')) throw unsupportedType('Upload documents as multipart/form-data with fields "item" and "file".');
    next();
  };

  r.post('/api/assessments/:id/documents', mayUpload, upload.single('file'), async (req, res) => {
    const actor = requireActor(req);
    const item = typeof req.body?.item === 'string' ? req.body.item : '';
    if (!req.file) throw badRequest('A file is required (field "file").', [{ path: '/file', message: 'is required' }]);
    const mime = await sniffType(req.file.buffer);
    if (!mime) throw unsupportedType('This file type is not accepted: upload PDF, PNG, JPEG or an office document (DOCX, XLSX, PPTX, ODT, ODS).');
    const data = req.file.buffer;
    const filename = (req.file.originalname || 'document').replace(/[\u0000-\u001f\\/]/g, '_').slice(0, 255);
    const doc = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'uploadDocument');
      const fw = await frameworkByHash(trx, a.frameworkHash);
      if (!fw.definition.checklist.some((c) => c.id === item)) {
        throw badRequest(`"${item}" is not an item of the documentation checklist.`, [{ path: '/item', message: 'is not a checklist item' }]);
      }
      await bumpVersion(trx, a, null);
      const hash = await putBlob(trx, data);
      const row = { assessment_id: a.id, item, sha256: hash, filename, mime, size: data.length, uploaded_by: actor.id, uploaded_at: new Date().toISOString(), status: 'uploaded' };
      const [ins] = await trx('documents').insert(row).returning(['id']);
      const out = publicDocument({ ...row, id: ins.id });
      await appendAudit(trx, { actorId: actor.id, action: 'document.upload', entity: 'document', entityId: out.id, after: { item, sha256: hash, size: data.length, filename } });
      return out;
    });
    res.status(201).json(doc);
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
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(data);
  });

  r.post('/api/assessments/:id/documents/:docId/review', async (req, res) => {
    const actor = requireActor(req);
    const body = check(ReviewBody, req.body);
    const out = await inTransaction(knex, async (trx) => {
      const a = await getAssessment(trx, routeId(req));
      authorize(actor, a, 'reviewDocument');
      requireOpen(a);
      const before = await trx('documents').where({ id: routeId(req, 'docId') ?? -1, assessment_id: a.id }).first();
      if (!before) throw notFound('Document');
      await bumpVersion(trx, a, null);
      const patch = { status: body.status, review_comment: body.comment ?? null, reviewed_by: actor.id, reviewed_at: new Date().toISOString() };
      await trx('documents').where({ id: before.id }).update(patch);
      await appendAudit(trx, { actorId: actor.id, action: 'document.review', entity: 'document', entityId: before.id, before: { status: before.status, comment: before.review_comment }, after: { status: body.status, comment: patch.review_comment } });
      return publicDocument({ ...before, ...patch });
    });
    res.json(out);
  });
  return r;
}
