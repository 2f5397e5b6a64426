import { Router, type Request } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { certificatePdf, reportPdf } from '../services/reports';

const Query = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('nb')])) }, { additionalProperties: false });

function sendPdf(res: import('express').Response, pdf: Buffer, filename: string) {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(pdf);
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
  return r;
}
