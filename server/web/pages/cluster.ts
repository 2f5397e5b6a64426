/**
 * A cluster across its cycles: the label history, the assessments of every cycle, the renewal window,
 * and the start of the next assessment from the last decided one. The rules and the permissions are
 * services/clusterHistory.ts's (the same as GET /api/clusters/:id/history).
 */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { routeId } from '../../http/params';
import { inTransaction } from '../../db/transaction';
import { clusterPage, startNextAssessment } from '../../services/clusterHistory';
import { checkFormCsrf } from '../csrf';
import { redirectAfterPost, render, setFlash } from '../render';
import { texts, type Lang } from '../i18n';
import { keepForm, takeForm } from '../formState';

const form = [express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }), checkFormCsrf];
const str = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
const int = (x: unknown) => (str(x) !== undefined && /^\d{1,10}$/.test(String(x).trim()) ? Number(String(x).trim()) : undefined);

export function clusterPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/clusters/:id', async (req, res) => {
    const actor = requireActor(req);
    const page = await clusterPage(knex, actor, routeId(req));
    const kept = takeForm(req);
    render(req, res, 'cluster.njk', {
      ...page,
      f: kept?.id === 'next-assessment' ? kept : null,
    });
  });

  r.post('/clusters/:id/next-assessment', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const b = req.body as Record<string, unknown>;
    const id = routeId(req);
    try {
      const input = {
        frameworkId: int(b.frameworkId) ?? b.frameworkId ?? 0,
        requestedLabel: str(b.requestedLabel) ?? '',
        leadId: int(b.leadId) ?? (actor.role === 'benchmarker' ? actor.id : 0),
        ...(str(b.coAssessorId) ? { coAssessorId: int(b.coAssessorId) ?? b.coAssessorId } : {}),
        ...(str(b.interviewDate) ? { interviewDate: str(b.interviewDate) } : {}),
      };
      const a = await inTransaction(knex, (trx) => startNextAssessment(trx, actor, id, input));
      setFlash(req, 'ok', t.assessmentCreated);
      return void (await redirectAfterPost(req, res, `/assessments/${a.id}`));
    } catch (e) {
      keepForm(req, 'next-assessment', e);
    }
    await redirectAfterPost(req, res, `/clusters/${id}#next-assessment`);
  });
  return r;
}
