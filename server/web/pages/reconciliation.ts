/**
 * The Gold reconciliation screen: the lead's and the co-assessor's values side by side, the
 * discrepancies with the lower-value rule as their default, an agreed value with its reason (the lead),
 * and both assessors' signatures. The same services as the JSON API (services/reconciliation.ts).
 */
import express, { Router, type Request } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { inTransaction } from '../../db/transaction';
import { badRequest, notFound } from '../../errors';
import { loadAssessmentFor, parseIfMatch } from '../../services/assessments';
import { frameworkByHash } from '../../services/frameworks';
import { readReconciliation, recordAgreed, signReconciliation, withdrawAgreed, REASON_MAX } from '../../services/reconciliation';
import { indexFramework } from '../../../scoring/framework-index';
import { formatValue } from '../../../reports';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { clusterRef, loc } from '../data';
import { valueFromForm } from './interview';

const form = [express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), checkFormCsrf];

/** The value types an agreed value can be typed in as one number (others: one of the two recorded values). */
const TYPED = new Set(['scale', 'integer', 'fte', 'eur', 'percent']);

const pageUrl = (req: Request) => `/assessments/${routeId(req) ?? ''}/reconciliation`;

export function reconciliationPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/reconciliation', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const record = await readReconciliation(knex, actor, routeId(req));
    const { a } = await loadAssessmentFor(knex, actor, record.assessmentId, 'readReconciliation');
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const byId = indexFramework(fw.definition).byId;
    const show = (id: string, v: unknown) => (v === null || v === undefined ? null : formatValue(v, byId.get(id)?.valueType, lang));
    const rows = record.rows.map((row) => {
      const ind = byId.get(row.indicator)!;
      return {
        ...row,
        name: loc(ind.name, lang),
        typed: TYPED.has(ind.valueType),
        valueType: ind.valueType,
        leadText: show(row.indicator, row.lead?.value),
        coText: show(row.indicator, row.co?.value),
        lowerText: show(row.indicator, row.lower),
        agreedText: row.agreed ? show(row.indicator, row.agreed.value) : null,
        finalText: show(row.indicator, row.final),
      };
    });
    const open = a.state === 'interview' || a.state === 'review';
    const signed = new Set(record.signatures.filter((s) => s.current).map((s) => s.userId));
    render(req, res, 'reconciliation.njk', {
      a,
      cluster: await clusterRef(knex, a),
      record,
      discrepancies: rows.filter((x) => x.discrepancy),
      others: rows.filter((x) => !x.discrepancy),
      canAgree: open && may(actor, a, 'agreeValue'),
      canSign: a.state === 'review' && may(actor, a, 'signReconciliation') && !signed.has(actor.id),
      reasonMax: REASON_MAX,
    });
  });

  /** The lead records an agreed value: one of the two recorded values, or a number typed in; a reason always. */
  r.post('/assessments/:id/reconciliation/agreed', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const b = req.body as Record<string, unknown>;
    const indicatorId = typeof b.indicator === 'string' ? b.indicator : '';
    try {
      const record = await readReconciliation(knex, actor, routeId(req));
      const row = record.rows.find((x) => x.indicator === indicatorId);
      if (!row) throw notFound({ key: 'errors.things.indicator', values: { id: indicatorId } });
      let value: unknown;
      if (b.choice === 'lead' && row.lead) value = row.lead.value;
      else if (b.choice === 'co' && row.co) value = row.co.value;
      else if (b.choice === 'other') {
        const { a } = await loadAssessmentFor(knex, actor, record.assessmentId, 'readReconciliation');
        const fw = await frameworkByHash(knex, a.frameworkHash);
        value = valueFromForm(indexFramework(fw.definition).byId.get(indicatorId)!.valueType, b);
        if (value === null) throw badRequest({ key: 'enterValue', values: { id: indicatorId } }, [{ path: '/value', message: 'is empty' }]);
      } else throw badRequest({ key: 'reconciliation.pickValue' }, [{ path: '/choice', message: 'is required' }]);
      const reason = typeof b.reason === 'string' ? b.reason.slice(0, REASON_MAX + 1) : '';
      if (reason.length > REASON_MAX)
        throw badRequest({ key: 'errors.textTooLong', values: { max: REASON_MAX } }, [{ path: '/reason', message: 'is too long' }]);
      const ifMatch = parseIfMatch(typeof b.version === 'string' ? b.version : undefined);
      await inTransaction(knex, (trx) => recordAgreed(trx, actor, record.assessmentId, indicatorId, { value, reason }, ifMatch));
      setFlash(req, 'ok', fill(t.reconciliation.agreedSaved, { id: indicatorId }));
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#r-${encodeURIComponent(indicatorId)}`);
  });

  r.post('/assessments/:id/reconciliation/agreed/:indicatorId/withdraw', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const indicatorId = String(req.params.indicatorId);
    try {
      const ifMatch = parseIfMatch(typeof req.body.version === 'string' ? req.body.version : undefined);
      await inTransaction(knex, (trx) => withdrawAgreed(trx, actor, routeId(req), indicatorId, ifMatch));
      setFlash(req, 'ok', fill(t.reconciliation.agreedWithdrawn, { id: indicatorId }));
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#r-${encodeURIComponent(indicatorId)}`);
  });

  r.post('/assessments/:id/reconciliation/sign', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    try {
      if (req.body.confirm !== 'yes')
        throw badRequest({ key: 'reconciliation.confirmFirst' }, [{ path: '/confirm', message: 'is required' }]);
      const hash = typeof req.body.recordHash === 'string' && /^[0-9a-f]{64}$/.test(req.body.recordHash) ? req.body.recordHash : null;
      await inTransaction(knex, (trx) => signReconciliation(trx, actor, routeId(req), hash, 'page'));
      setFlash(req, 'ok', t.reconciliation.signedFlash);
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `${pageUrl(req)}#signatures`);
  });
  return r;
}
