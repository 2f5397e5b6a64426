import { Router, type Request } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { certificatePdf, reportPdf } from '../services/reports';
import { actionPlanXlsx, reportDocx } from '../services/reportExports';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Query = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('nb')])) }, { additionalProperties: false });

function sendPdf(res: import('express').Response, pdf: Buffer, filename: string) {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(pdf);
}

/** An editable export: always saved, never shown inline. */
function sendDownload(res: import('express').Response, bytes: Buffer, type: string, filename: string) {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(bytes);
}

export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const langOf = (req: Request) => check(Query, { ...req.query }, 'query').lang ?? req.actor?.locale ?? 'en';

  r.get('/api/assessments/:id/report.pdf', async (req, res) => {
    const actor = requireActor(req);
    const { pdf, filename } = await reportPdf(knex, actor, routeId(req), langOf(req), ctx.config.baseUrl);
    sendPdf(res, pdf, filename);
  });

  r.get('/api/assessments/:id/certificate.pdf', async (req, res) => {
    const actor = requireActor(req);
    const { pdf, filename } = await certificatePdf(knex, actor, routeId(req), langOf(req), ctx.config.baseUrl);
    sendPdf(res, pdf, filename);
  });

  r.get('/api/assessments/:id/report.docx', async (req, res) => {
    const actor = requireActor(req);
    const { bytes, filename } = await reportDocx(knex, actor, routeId(req), langOf(req), ctx.config.baseUrl);
    sendDownload(res, bytes, DOCX, filename);
  });

  r.get('/api/assessments/:id/action-plan.xlsx', async (req, res) => {
    const actor = requireActor(req);
    const { bytes, filename } = await actionPlanXlsx(knex, actor, routeId(req), langOf(req), ctx.config.baseUrl);
    sendDownload(res, bytes, XLSX, filename);
  });
  return r;
}
