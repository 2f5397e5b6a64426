/**
 * The interview runner: one indicator per screen with its guide, levels and an input fitted to its
 * value type. Values are saved by the page's script through the JSON API (autosave); without
 * JavaScript the same form posts here and is saved by the same rules (services/recording.ts). The
 * page is rendered from what is stored, so it can be left and resumed at any time.
 */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { may } from '../../auth/policy';
import { routeId } from '../../http/params';
import { loadAssessmentFor, parseIfMatch, type Assessment } from '../../services/assessments';
import { recordingMode, runnerAccess, type ClosedTarget } from '../../services/interviewRunner';
import { frameworkByHash } from '../../services/frameworks';
import { selfAssessmentsFor, shadowsOf, valuesOf } from '../../services/values';
import { summariseSurvey } from '../../services/evidence';
import { surveyOf } from '../../services/survey';
import { indexFramework, isSurveyBased } from '../../../scoring/framework-index';
import { formatValue } from '../../../reports';
import { badRequest, notFound } from '../../errors';
import { inTransaction } from '../../db/transaction';
import { recordShadow, recordValue } from '../../services/recording';
import { keepBaseline, runnerBaseline } from '../../services/baseline';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang, type Texts } from '../i18n';
import { joinListNote, splitListNote } from '../../services/noteText';
import { clusterRef, documentsOf, checklistRows, loc, recordable } from '../data';
import type { Indicator } from '../../../questionnaires';

const form = [express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 30 }), checkFormCsrf];

/**
 * The value the runner's script would send (static/js/runner.js, readValue), read from the posted
 * form; null when nothing is entered. Text that is no number is passed on as it is, so that the
 * indicator's check refuses it with its reason.
 */
export function valueFromForm(valueType: string, body: Record<string, unknown>): unknown {
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const num = (k: string) => {
    const s = text(k).replace(/\s/g, '').replace(',', '.');
    if (s === '') return null;
    return Number.isFinite(Number(s)) ? Number(s) : text(k);
  };
  const codes = (k: string) =>
    text(k)
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((c) => c.toUpperCase());
  switch (valueType) {
    case 'scale':
      return num('level');
    case 'percent': {
      if (body.na === 'on') return { notApplicable: true };
      const [n, d] = [num('num'), num('den')];
      if (n !== null || d !== null) return { numerator: n, denominator: d };
      return num('pct');
    }
    case 'integer':
    case 'fte':
    case 'eur':
      return num('count');
    case 'years':
    case 'months':
      if (/^\d{4}-\d{2}-\d{2}$/.test(text('date'))) return { [valueType === 'years' ? 'since' : 'securedUntil']: text('date') };
      return num('count');
    case 'nace': {
      const nace = codes('nace');
      if (!nace.length) return null;
      return text('field') ? { nace, field: text('field') } : { nace };
    }
    case 'nuts': {
      const nuts = codes('nuts');
      return nuts.length ? { nuts } : null;
    }
    case 'size_classes': {
      const keys = ['micro', 'small', 'medium', 'large', 'unknown'];
      if (keys.every((k) => num(k) === null)) return null;
      return Object.fromEntries(keys.map((k) => [k, num(k) ?? 0]));
    }
    case 'code':
      return text('code') || null;
    default:
      return null;
  }
}

/**
 * The fixed list an integer indicator counts (SRV-07's fields F1–F6, SRV-08's categories C1–C8), from
 * the catalogue's `runnerLists` under the indicator's id: shown as checkboxes whose ticks give the
 * count. Null for any other indicator, and for one whose maximum does not match the list (another
 * framework's indicator of the same id).
 */
export function countList(ind: Indicator, lang: Lang): { code: string; text: string }[] | null {
  const items = (texts(lang).runnerLists as unknown as Record<string, Record<string, string>>)[ind.id];
  if (!items || ind.valueType !== 'integer' || Object.keys(items).length !== ind.maxValue) return null;
  return Object.entries(items).map(([code, text]) => ({ code, text }));
}

/** The hint shown under the value's legend before anything is entered: format, range and unit, from the framework and the catalogue. */
export function inputHint(ind: Indicator, lang: Lang, listed: boolean): string | null {
  const hints = texts(lang).runnerHints;
  if (listed) return fill(hints.list, { max: ind.maxValue });
  if (ind.valueType === 'integer')
    return fill(ind.maxValue !== undefined ? hints.integerMax : hints.integer, {
      max: ind.maxValue,
      unit: loc(ind.unit ?? ind.name, lang),
    });
  return ind.valueType in hints ? fill(hints[ind.valueType], {}) : null;
}

/** The indicator's documents (those it names and those its points require) with their checklist status, for links to the checklist's items. */
function indicatorDocuments(ind: Indicator, rows: ReturnType<typeof checklistRows>) {
  const required = ind.scoring?.requiredDocuments ?? [];
  const ids = [...new Set([...ind.evidence.documents, ...required])];
  return rows
    .filter((r) => ids.includes(r.id))
    .map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      required: required.includes(r.id),
    }));
}

/** The state in running text ("released", "frigitt"). */
const stateWord = (t: Texts, a: Assessment) => (t.errors as unknown as { stateWords: Record<string, string> }).stateWords[a.state];

/** The pages a closed assessment's runner points to, and their link texts. */
const CLOSED: Record<ClosedTarget, { path: string; link: (t: Texts) => string }> = {
  score: { path: '/score', link: (t) => t.runnerSeeScore },
  calibration: { path: '/calibration', link: (t) => t.calibration },
  assessment: { path: '', link: (t) => t.backToAssessment },
};

export function interviewPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/assessments/:id/interview', async (req, res) => {
    const actor = requireActor(req);
    const lang = res.locals.lang as Lang;
    const t = texts(lang);
    const access = await runnerAccess(knex, actor, routeId(req));
    const a = access.a;
    // a closed assessment: whoever recorded nothing on it goes to the score (or the assessment), told why
    if (access.redirect) {
      const say = access.redirect === 'score' ? t.runnerClosedToScore : t.runnerClosedToAssessment;
      setFlash(req, 'ok', fill(say, { state: stateWord(t, a) }));
      return res.redirect(303, `/assessments/${a.id}${CLOSED[access.redirect].path}`);
    }
    const { mode, readOnly, closedTarget } = access;
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const def = fw.definition;
    const mine =
      mode === 'shadow'
        ? (await shadowsOf(knex, a.id, actor.id)).map((s) => ({ indicatorId: s.indicatorId, value: s.value, note: s.note }))
        : (await valuesOf(knex, a.id, [mode === 'self' ? 'self' : 'assessor'])).filter((v) => v.authorId === actor.id);
    const stored = new Map(mine.map((v) => [v.indicatorId, v]));
    const recordableIds = recordable(fw).map((i) => i.id);
    const order = def.indicators.map((i) => i.id);
    const requested = typeof req.query.i === 'string' && order.includes(req.query.i) ? req.query.i : null;
    const currentId = requested ?? recordableIds.find((id) => !stored.has(id)) ?? order[0];
    const pos = order.indexOf(currentId);
    const ind = def.indicators[pos];

    const docs = indicatorDocuments(ind, checklistRows(fw, await documentsOf(knex, a.id), lang));
    const areas = def.areas.map((ar) => {
      const ids = def.indicators.filter((i) => i.area === ar.code && !isSurveyBased(i)).map((i) => i.id);
      return {
        code: ar.code,
        name: loc(ar.name, lang),
        total: ids.length,
        done: ids.filter((id) => stored.has(id)).length,
        current: ar.code === ind.area,
      };
    });
    let surveyInfo: { value: unknown; valid: number } | null = null;
    // the survey's figures by the API's rule (GET /api/assessments/:id/survey): admin, lead and co-assessor only
    if (isSurveyBased(ind) && may(actor, a, 'readSurveyResults')) {
      const survey = await surveyOf(knex, a.id);
      if (survey) {
        const summary = summariseSurvey(fw, survey);
        surveyInfo = { value: summary.means[ind.id] ?? null, valid: summary.valid };
      }
    }
    const current = stored.get(ind.id);
    // the manager's self-assessment beside the input, for the lead and the co-assessor (never a trainee: blind)
    const selfValue = mode === 'assessor' ? (await selfAssessmentsFor(knex, actor, a))?.get(ind.id) : undefined;
    const selfAssessment = selfValue ? { value: formatValue(selfValue.value, ind.valueType, lang), note: selfValue.note } : null;
    // last cycle's final value and the lead's note, apart from the input (never for a trainee: blind)
    const base = mode === 'shadow' ? null : await runnerBaseline(knex, actor, a, ind.id);
    const baseline = base
      ? {
          previousAssessmentId: base.previousAssessmentId,
          value: formatValue(base.value, ind.valueType, lang),
          note: base.note,
          mayKeep: base.mayKeep && mode === 'assessor' && !readOnly,
          same: current !== undefined && JSON.stringify(current.value) === JSON.stringify(base.value),
        }
      : null;
    const endpoint = mode === 'shadow' ? `/api/assessments/${a.id}/shadow/${ind.id}` : `/api/assessments/${a.id}/values/${ind.id}`;
    const cluster = await clusterRef(knex, a);
    const list = countList(ind, lang);
    const note = splitListNote(current?.note ?? '', list?.map((x) => x.code) ?? []);
    render(req, res, 'interview.njk', {
      a,
      mode,
      readOnly,
      closed: closedTarget ? { href: `/assessments/${a.id}${CLOSED[closedTarget].path}`, text: CLOSED[closedTarget].link(t) } : null,
      closedNotice: readOnly ? fill(t.runnerClosed, { state: stateWord(t, a) }) : null,
      cluster,
      surveyInfo,
      selfAssessment,
      baseline,
      ind: {
        id: ind.id,
        number: ind.number,
        kind: ind.kind,
        type: ind.valueType,
        name: loc(ind.name, lang),
        measures: loc(ind.measures, lang),
        unit: loc(ind.unit, lang),
        question: loc(ind.guide.question, lang),
        probes: (ind.guide.probes ?? []).map((p) => loc(p, lang)),
        levels: (ind.levels ?? []).map((l) => ({ level: l.level, text: loc(l.text, lang) })),
        notApplicable: ind.notApplicable ? loc(ind.notApplicable, lang) : null,
        codes: ind.codes ?? [],
        maxValue: ind.maxValue ?? null,
        surveyBased: isSurveyBased(ind),
        hint: inputHint(ind, lang, list !== null),
        list,
        docs,
        area: loc(def.areas.find((x) => x.code === ind.area)?.name, lang),
      },
      value: current?.value ?? null,
      note: note.text,
      ticked: note.ticked,
      storedNote: current?.note ?? '',
      saved: Boolean(current),
      endpoint,
      prev: pos > 0 ? order[pos - 1] : null,
      next: pos < order.length - 1 ? order[pos + 1] : null,
      position: pos + 1,
      count: order.length,
      areas,
      doneTotal: recordableIds.filter((id) => stored.has(id)).length,
      recordableTotal: recordableIds.length,
      nav: def.indicators.map((i) => ({
        id: i.id,
        name: loc(i.name, lang),
        done: stored.has(i.id),
        survey: isSurveyBased(i),
        current: i.id === ind.id,
      })),
      userId: actor.id,
    });
  });

  // the runner's form without JavaScript: saves the one indicator, then shows the same screen again
  r.post('/assessments/:id/interview', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const b = req.body as Record<string, unknown>;
    const indicatorId = typeof b.indicator === 'string' ? b.indicator : '';
    const { a, rel } = await loadAssessmentFor(knex, actor, routeId(req), 'read');
    const mode = recordingMode(actor, a, rel);
    try {
      const fw = await frameworkByHash(knex, a.frameworkHash);
      const ind = indexFramework(fw.definition).byId.get(indicatorId);
      if (!ind) throw notFound({ key: 'errors.things.indicator', values: { id: indicatorId } });
      // a counted list's ticks give the count and are kept with the note, as the runner's script does
      const codes = countList(ind, res.locals.lang as Lang)?.map((x) => x.code) ?? [];
      const ticked = codes.filter((c) => [b.item].flat().includes(c));
      const value = ticked.length ? ticked.length : valueFromForm(ind.valueType, b);
      if (value === null) throw badRequest({ key: 'enterValue', values: { id: indicatorId } }, [{ path: '/value', message: 'is empty' }]);
      const text = joinListNote(ticked, typeof b.note === 'string' && b.note.trim() !== '' ? b.note : '');
      const note = text !== '' ? text : null;
      if (note !== null && note.length > 5000) throw badRequest({ key: 'errors.noteTooLong' }, [{ path: '/note', message: 'is too long' }]);
      await inTransaction<unknown>(knex, (trx) =>
        mode === 'shadow'
          ? recordShadow(trx, actor, a.id, indicatorId, { value, note })
          : recordValue(
              trx,
              actor,
              a.id,
              indicatorId,
              { value, note },
              parseIfMatch(typeof b.version === 'string' ? b.version : undefined),
            ),
      );
      setFlash(req, 'ok', fill(t.valueSaved, { id: indicatorId }));
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `/assessments/${a.id}/interview?i=${encodeURIComponent(indicatorId)}`);
  });
  // keeping last cycle's value for one indicator (the baseline box's button; the API's keep-baseline)
  r.post('/assessments/:id/interview/keep-baseline', ...form, async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const indicatorId = typeof req.body.indicator === 'string' ? req.body.indicator : '';
    const id = routeId(req);
    try {
      await inTransaction(knex, (trx) => keepBaseline(trx, actor, id, indicatorId, null));
      setFlash(req, 'ok', fill(t.baselineKept, { id: indicatorId }));
    } catch (e) {
      flashFormError(req, e);
    }
    await redirectAfterPost(req, res, `/assessments/${id ?? ''}/interview?i=${encodeURIComponent(indicatorId)}`);
  });
  return r;
}
