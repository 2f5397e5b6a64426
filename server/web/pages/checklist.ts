/**
 * The documentation checklist: every item with its latest upload and status; uploads (drag and drop
 * too) go through the JSON API from the page's script, or without JavaScript through the item's own
 * form, stored by the same service (services/documents.ts); assessors review with a comment here.
 */
import express, { Router, type RequestHandler } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { check } from '../../http/validate';
import { inTransaction } from '../../db/transaction';
import { loadAssessmentFor, OPEN_STATES } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { AppError } from '../../errors';
import { translate } from '../../http/errorHandler';
import { uploadParts } from '../../http/uploads';
import { readUpload, storeDocument } from '../../services/documents';
import { reviewDocument } from '../../services/documentReview';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { checklistCounts, checklistRows, clusterRef, documentsOf } from '../data';

const form = [express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 10 }), checkFormCsrf];
const ReviewForm = Type.Object(
  { status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]), comment: Type.String({ maxLength: 5000 }) },
  { additionalProperties: true },
);

export function checklistPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/checklist', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const { a } = await loadAssessmentFor(knex, actor, routeId(req), 'readDocument');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const rows = checklistRows(fw, await documentsOf(knex, a.id), lang);
    const open = OPEN_STATES.includes(a.state);
    const cluster = await clusterRef(knex, a);
    render(req, res, 'checklist.njk', {
      a,
      cluster,
      rows,
      counts: checklistCounts(rows),
      maxMb: ctx.config.maxUploadMb,
      canUpload: open && may(actor, a, 'uploadDocument'),
      canReview: open && may(actor, a, 'reviewDocument'),
    });
  });

  r.post('/assessments/:id/documents/:docId/review', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      const body = check(ReviewForm, { status: req.body.status, comment: String(req.body.comment ?? '') });
      const { item } = await inTransaction(knex, (trx) => reviewDocument(trx, actor, routeId(req), routeId(req, 'docId'), body));
      setFlash(req, 'ok', fill(t.reviewSaved, { item }));
      return void (await redirectAfterPost(req, res, `/assessments/${routeId(req)}/checklist#${item}`));
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      setFlash(req, 'error', e.localized(res.locals.lang as Lang));
    }
    await redirectAfterPost(req, res, `/assessments/${routeId(req)}/checklist`);
  });

  // an item's upload form without JavaScript: the same checks as the API, the outcome as a flash
  const [mayUpload, readBody] = uploadParts(ctx);
  const readBodyKeepingError: RequestHandler = (req, res, next) =>
    readBody(req, res, (err?: unknown) => {
      res.locals.uploadError = err ?? null;
      next();
    });
  r.post('/assessments/:id/checklist/upload', mayUpload, readBodyKeepingError, checkFormCsrf, async (req, res) => {
    const t = texts(res.locals.lang as Lang);
    const item = typeof req.body?.item === 'string' ? req.body.item : '';
    try {
      if (res.locals.uploadError) throw translate(res.locals.uploadError) ?? res.locals.uploadError;
      const actor = requireActor(req);
      const upload = await readUpload(req.file);
      const doc = await inTransaction(knex, (trx) => storeDocument(trx, actor, routeId(req), item, upload));
      setFlash(req, 'ok', fill(t.documentUploaded, { item: doc.item, file: doc.filename }));
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `/assessments/${routeId(req)}/checklist${/^[A-Za-z0-9-]{1,20}$/.test(item) ? `#${item}` : ''}`);
  });
  return r;
}
