/**
 * The documentation checklist: every item with the files that count for it and its status (one or
 * several files: the CVs of a team), a preview inside the page, and the files that were replaced or
 * removed. Uploads (drag and drop too) go through the JSON API from the page's script, or without
 * JavaScript through the item's own form; assessors review one file or several at once with a comment,
 * in place through the JSON API, or through the same forms without JavaScript. Every form here and every
 * API route calls the same services (services/documents.ts, services/documentReview.ts).
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { check, idParam } from '../../http/validate';
import { inTransaction } from '../../db/transaction';
import { loadAssessmentFor, OPEN_STATES } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { translate } from '../../http/errorHandler';
import { badRequest } from '../../errors';
import { uploadParts } from '../../http/uploads';
import { readUpload, replacesOf, storeDocument, withdrawDocument } from '../../services/documents';
import { MAX_BULK, reviewDocument, reviewDocuments } from '../../services/documentReview';
import { checkFormCsrf, csrfToken } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { checklistCounts, checklistRows, clusterRef, documentsOf } from '../data';

const formOf = (parameterLimit: number) => [express.urlencoded({ extended: false, limit: '32kb', parameterLimit }), checkFormCsrf];
const form = formOf(10);
const Status = Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]);
const Comment = Type.String({ maxLength: 5000 });
const ReviewForm = Type.Object({ status: Status, comment: Comment }, { additionalProperties: true });
const BulkForm = Type.Object(
  {
    ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: MAX_BULK, uniqueItems: true }),
    status: Status,
    comment: Comment,
  },
  { additionalProperties: false },
);

/** An anchor on the checklist that is safe to put in a redirect (an item or a file). */
const anchor = (id: string) => (/^[A-Za-z0-9-]{1,24}$/.test(id) ? `#${id}` : '');

export function checklistPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const back = (req: Request, res: Response, to = '') => redirectAfterPost(req, res, `/assessments/${routeId(req)}/checklist${to}`);
  /** runs a form's action: its flash on success, the reason on a refusal (flashFormError), then back to the checklist */
  async function act(req: Request, res: Response, action: () => Promise<{ flash: string; to: string }>, fallback = '') {
    let to = fallback;
    try {
      const done = await action();
      setFlash(req, 'ok', done.flash);
      to = done.to;
    } catch (e) {
      flashFormError(req, e);
    }
    await back(req, res, to);
  }

  r.get('/assessments/:id/checklist', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const { a } = await loadAssessmentFor(knex, actor, routeId(req), 'readDocument');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const rows = checklistRows(fw, await documentsOf(knex, a.id), lang);
    const open = OPEN_STATES.includes(a.state);
    const canReview = open && may(actor, a, 'reviewDocument');
    // ?preview=<file>: a file that counts shown inside the page without JavaScript (the script opens it in place)
    const asked = idParam(req.query.preview);
    const preview = rows.some((row) => row.files.some((d) => d.id === asked && d.previewAs)) ? asked : null;
    const t = texts(lang);
    const canUpload = open && may(actor, a, 'uploadDocument');
    render(req, res, 'checklist.njk', {
      a,
      cluster: await clusterRef(knex, a),
      rows: rows.map((row) => ({ ...row, previewing: row.files.some((d) => d.id === preview) })),
      counts: checklistCounts(rows),
      maxMb: ctx.config.maxUploadMb,
      canUpload,
      canReview,
      bulk: canReview && rows.some((row) => row.files.length > 0),
      preview,
      // what the page's script needs (checklist.js): the token for the JSON API, what the progress bar counts, its texts
      script: {
        csrf: csrfToken(req),
        progress: canReview ? 'accepted' : 'provided',
        t: {
          counts: t.checklistCounts,
          status: t.docStatus,
          uploading: t.uploading,
          uploaded: t.uploaded,
          failed: t.uploadFailed,
          network: t.noConnection,
          reviewSaved: t.reviewSaved,
          selected: t.bulkSelected,
          noneSelected: t.bulkNone,
          previewOf: t.previewOf,
          openInTab: t.openInTab,
          closePreview: t.closePreview,
        },
      },
    });
  });

  // one file's review without JavaScript (the page's script sends the same to the JSON API)
  r.post('/assessments/:id/documents/:docId/review', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    await act(req, res, async () => {
      const body = check(ReviewForm, { status: req.body.status, comment: String(req.body.comment ?? '') });
      const { item, id } = await inTransaction(knex, (trx) => reviewDocument(trx, actor, routeId(req), routeId(req, 'docId'), body));
      return { flash: fill(t.reviewSaved, { item }), to: anchor(`doc-${id}`) };
    });
  });

  // several files at once (the ticked boxes of the checklist): all or nothing
  r.post('/assessments/:id/documents/review', ...formOf(MAX_BULK + 5), async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    await act(req, res, async () => {
      const ids = ([] as unknown[]).concat(req.body.ids ?? []).map((x) => (typeof x === 'string' && /^\d{1,10}$/.test(x) ? Number(x) : x));
      if (ids.length === 0) throw badRequest({ key: 'bulkNone' }, [{ path: '/ids', message: 'no file is ticked' }]);
      const body = check(BulkForm, { ids, status: req.body.status, comment: String(req.body.comment ?? '') });
      const { items } = await inTransaction(knex, (trx) => reviewDocuments(trx, actor, routeId(req), body));
      return { flash: fill(t.reviewSaved, { item: Object.keys(items).join(', ') }), to: '' };
    });
  });

  // a file removed from its item (it stays in the item's history)
  r.post('/assessments/:id/documents/:docId/withdraw', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    await act(req, res, async () => {
      const doc = await inTransaction(knex, (trx) => withdrawDocument(trx, actor, routeId(req), routeId(req, 'docId')));
      return { flash: fill(t.documentRemoved, { item: doc.item, file: doc.filename }), to: anchor(doc.item) };
    });
  });

  // an item's upload form without JavaScript (a new file, or one in place of `replaces`): the same checks as the API
  const [mayUpload, readBody] = uploadParts(ctx);
  const readBodyKeepingError: RequestHandler = (req, res, next) =>
    readBody(req, res, (err?: unknown) => {
      res.locals.uploadError = err ?? null;
      next();
    });
  r.post('/assessments/:id/checklist/upload', mayUpload, readBodyKeepingError, checkFormCsrf, async (req, res) => {
    const t = texts(res.locals.lang as Lang);
    const item = typeof req.body?.item === 'string' ? req.body.item : '';
    await act(
      req,
      res,
      async () => {
        if (res.locals.uploadError) throw translate(res.locals.uploadError) ?? res.locals.uploadError;
        const actor = requireActor(req);
        const replaces = replacesOf(req.body);
        const upload = await readUpload(req.file);
        const doc = await inTransaction(knex, (trx) => storeDocument(trx, actor, routeId(req), item, upload, replaces));
        return { flash: fill(t.documentUploaded, { item: doc.item, file: doc.filename }), to: anchor(item) };
      },
      anchor(item),
    );
  });
  return r;
}
