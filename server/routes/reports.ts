import { Router, type Request } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { getAssessment } from '../services/assessments';
import { frameworkByHash } from '../services/frameworks';
import { frozenDecision } from '../services/decision';
import { certificateInputFor, reportInputFor } from '../services/reportInput';
import { currentScore } from './score';
import { renderCertificate, renderReport } from '../../reports';
import { conflict } from '../errors';

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
  const langOf = (req: Request) => check(Query, { ...req.query }, 'Query').lang ?? req.actor?.locale ?? 'en';

  // The report of a decided assessment is dated by its decision (the same bytes every time);
  // before the decision it is a draft of the live score, dated now.
  r.get('/api/assessments/:id/report.pdf', async (req, res) => {
    const actor = requireActor(req);
    const lang = langOf(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readReport');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const frozen = await frozenDecision(knex, a.id);
    const { score } = frozen ? { score: frozen.score } : await currentScore(knex, a);
    const input = await reportInputFor(knex, a, fw, score, ctx.config.baseUrl);
    const pdf = await renderReport(input, { lang, now: frozen ? new Date(frozen.decidedAt) : new Date() });
    sendPdf(res, pdf, `clustermark-report-${a.id}-${lang}.pdf`);
  });

  r.get('/api/assessments/:id/certificate.pdf', async (req, res) => {
    const actor = requireActor(req);
    const lang = langOf(req);
    const a = await getAssessment(knex, routeId(req));
    authorize(actor, a, 'readReport');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const input = await certificateInputFor(knex, a, fw, ctx.config.baseUrl);
    if (!input) throw conflict('There is no certificate: no label was awarded (yet).', { state: a.state }, 'no_label');
    const frozen = await frozenDecision(knex, a.id);
    sendPdf(res, await renderCertificate(input, { lang, now: new Date(frozen!.decidedAt) }), `clustermark-certificate-${input.code}.pdf`);
  });
  return r;
}
