/**
 * The expert's narrative (issue 18, item 1): the lead's executive summary, strengths and weaknesses, a
 * comment per area (and optionally per indicator) and the recommendation list, seeded from the engine's
 * ranked recommendations (score.recommendations, worded by reports/explain.ts) and then the lead's to
 * reword, reorder, add to and drop from (a reason for each drop). The co-assessor comments beside it.
 *
 * Written from the interview on and until the decision (policy: writeNarrative, commentNarrative); from
 * `decided` on it is read-only, so the row that stood at the decision is the one the report prints (the
 * decision transaction does not copy it: nothing can change it afterwards), and the release freezes it
 * into the print with the rest of the report's context (reportInput.ts). Every write names the version
 * it was made on; a write on an older one is refused with 409 (the editor reloads, as the runner does).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import { may } from '../auth/policy';
import type { Db, Tx } from '../db/types';
import { badRequest, conflict } from '../errors';
import type { Lang } from '../../messages';
import { recommendationAction } from '../../reports/explain';
import { narrativeOf, writeNarrative } from '../repositories/narratives';
import { appendAudit } from './audit';
import { loadAssessmentFor } from './assessments';
import { clusterRef } from './assessmentViews';
import { frameworkByHash } from './frameworks';
import { currentScore } from './scoring';

export const NARRATIVE_LIMITS = {
  summary: 6000,
  listItems: 12,
  listItem: 600,
  areaComment: 3000,
  indicatorComment: 1500,
  recommendations: 40,
  recommendation: 1000,
  reason: 500,
  coComment: 4000,
  owner: 120,
} as const;

const L = NARRATIVE_LIMITS;

export const NarrativeRecommendation = Type.Object(
  {
    /** the indicator it is about (an engine recommendation's), or null for one the lead added */
    indicator: Type.Union([Type.String({ pattern: '^[A-Z]{2,5}-[0-9]{1,3}$', maxLength: 12 }), Type.Null()]),
    text: Type.String({ minLength: 1, maxLength: L.recommendation }),
    /** who carries the action out (the action plan); absent or '' when not set */
    owner: Type.Optional(Type.String({ maxLength: L.owner })),
    /** by when (YYYY-MM-DD, the action plan); absent or '' when not set */
    due: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 }), Type.Literal('')])),
    /** dropped from the report, with the lead's reason (kept in the list so the reason is on record) */
    dropped: Type.Optional(Type.Object({ reason: Type.String({ maxLength: L.reason }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const comments = (max: number, count: number) =>
  Type.Record(Type.String({ pattern: '^[A-Z]{2,5}(-[0-9]{1,3})?$', maxLength: 12 }), Type.String({ maxLength: max }), {
    maxProperties: count,
  });

/** The narrative itself: what GET answers under `narrative` and what PUT stores. */
export const NarrativeBody = Type.Object(
  {
    summary: Type.String({ maxLength: L.summary }),
    strengths: Type.Array(Type.String({ minLength: 1, maxLength: L.listItem }), { maxItems: L.listItems }),
    weaknesses: Type.Array(Type.String({ minLength: 1, maxLength: L.listItem }), { maxItems: L.listItems }),
    /** a comment per area, by the framework's area code (STR, MGT, …) */
    areas: comments(L.areaComment, 20),
    /** optional comments per indicator, by id */
    indicators: Type.Optional(comments(L.indicatorComment, 80)),
    recommendations: Type.Array(NarrativeRecommendation, { maxItems: L.recommendations }),
  },
  { additionalProperties: false },
);
export type NarrativeBody = Static<typeof NarrativeBody>;

/** PUT /api/assessments/:id/narrative: the narrative and the version it was edited on (0: none stored yet). */
export const NarrativePutSchema = Type.Object(
  { ...NarrativeBody.properties, version: Type.Integer({ minimum: 0, maximum: 2147483647 }) },
  { additionalProperties: false },
);
export type NarrativePut = Static<typeof NarrativePutSchema>;

/** PUT /api/assessments/:id/narrative/comment: the co-assessor's comment. */
export const NarrativeComment = Type.Object(
  { comment: Type.String({ maxLength: L.coComment }), version: Type.Integer({ minimum: 0, maximum: 2147483647 }) },
  { additionalProperties: false },
);
export type NarrativeComment = Static<typeof NarrativeComment>;

export interface NarrativeView {
  assessmentId: number;
  state: string;
  cluster: { name: string } | undefined;
  /** 0 while nothing is stored (the narrative shown is then the seed) */
  version: number;
  /** nothing stored yet: the recommendations are the engine's */
  seeded: boolean;
  narrative: NarrativeBody;
  coComment: string | null;
  updatedAt: string | null;
  /** the engine's ranked recommendations, worded, for the editor to re-add one */
  engine: { indicator: string; text: string; priority: number; gain: number }[];
  /** the framework's areas, for the editor's per-area comments */
  areas: { code: string; name: { en: string; nb: string }; indicators: { id: string; name: { en: string; nb: string } }[] }[];
  mayWrite: boolean;
  mayComment: boolean;
}

export const emptyNarrative = (): NarrativeBody => ({ summary: '', strengths: [], weaknesses: [], areas: {}, recommendations: [] });

/** Whether the lead has written the narrative (a row holding only the co-assessor's comment has no recommendations list). */
const isWritten = (body: unknown) => Array.isArray((body as { recommendations?: unknown } | null)?.recommendations);

async function viewOf(
  db: Db | Tx,
  actor: Actor,
  a: Parameters<typeof may>[1] & { id: number; frameworkHash: string; state: string },
  lang: Lang,
): Promise<NarrativeView> {
  const fw = await frameworkByHash(db as Db, a.frameworkHash);
  const { score } = await currentScore(db as Db, a as never);
  const actions = new Map(fw.definition.indicators.map((i) => [i.id, i.action]));
  const engine = score.recommendations.map((r) => ({
    indicator: r.indicator,
    text: recommendationAction(r, actions.get(r.indicator), lang),
    priority: r.priority,
    gain: r.gap,
  }));
  const row = await narrativeOf(db, a.id);
  const written = row !== null && isWritten(row.body);
  const narrative = written
    ? { ...emptyNarrative(), ...(row.body as NarrativeBody) }
    : { ...emptyNarrative(), recommendations: engine.map((e) => ({ indicator: e.indicator, text: e.text })) };
  return {
    assessmentId: a.id,
    state: a.state,
    cluster: await clusterRef(db as Db, a as never),
    version: row?.version ?? 0,
    seeded: !written,
    narrative,
    coComment: row?.coComment ?? null,
    updatedAt: row?.updatedAt ?? null,
    engine,
    areas: fw.definition.areas.map((x) => ({
      code: x.code,
      name: x.name,
      indicators: fw.definition.indicators.filter((i) => i.area === x.code).map((i) => ({ id: i.id, name: i.name })),
    })),
    mayWrite: may(actor, a, 'writeNarrative'),
    mayComment: may(actor, a, 'commentNarrative'),
  };
}

export async function readNarrative(db: Db, actor: Actor, assessmentId: number | null, lang: Lang): Promise<NarrativeView> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readNarrative');
  return viewOf(db, actor, a, lang);
}

const tidy = (s: string) => s.replace(/\r\n/g, '\n').trim();

/** "2026-02-30" matches the pattern but is no day of the calendar. */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The rules a schema cannot say: known areas and indicators, a reason for every drop; texts trimmed. */
function checked(body: NarrativeBody, areaCodes: Set<string>, indicatorIds: Set<string>): NarrativeBody {
  const fail = (key: string, path: string, message: string, values?: Record<string, unknown>): never => {
    throw badRequest({ key, values: values as never }, [{ path, message }]);
  };
  for (const code of Object.keys(body.areas))
    if (!areaCodes.has(code)) fail('errors.narrativeUnknownArea', `/areas/${code}`, `${code} is not an area of this framework`, { code });
  for (const id of Object.keys(body.indicators ?? {}))
    if (!indicatorIds.has(id))
      fail('errors.narrativeUnknownIndicator', `/indicators/${id}`, `${id} is not an indicator of this framework`, { id });
  body.recommendations.forEach((r, i) => {
    if (r.indicator !== null && !indicatorIds.has(r.indicator))
      fail('errors.narrativeUnknownIndicator', `/recommendations/${i}/indicator`, `${r.indicator} is not an indicator of this framework`, {
        id: r.indicator,
      });
    if (tidy(r.text) === '') fail('errors.narrativeEmptyRecommendation', `/recommendations/${i}/text`, 'must not be blank');
    if (r.due && !isCalendarDate(r.due))
      fail('errors.narrativeBadDue', `/recommendations/${i}/due`, `${r.due} is not a date`, { n: i + 1, due: r.due });
    if (r.dropped && tidy(r.dropped.reason) === '')
      fail('errors.narrativeDropNeedsReason', `/recommendations/${i}/dropped/reason`, 'a dropped recommendation needs a reason', {
        n: i + 1,
      });
  });
  const keep = (o: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(o)
        .map(([k, v]) => [k, tidy(v)])
        .filter(([, v]) => v !== ''),
    );
  return {
    summary: tidy(body.summary),
    strengths: body.strengths.map(tidy).filter((s) => s !== ''),
    weaknesses: body.weaknesses.map(tidy).filter((s) => s !== ''),
    areas: keep(body.areas),
    ...(body.indicators ? { indicators: keep(body.indicators) } : {}),
    recommendations: body.recommendations.map((r) => ({
      indicator: r.indicator,
      text: tidy(r.text),
      ...(r.owner && tidy(r.owner) !== '' ? { owner: tidy(r.owner) } : {}),
      ...(r.due ? { due: r.due } : {}),
      ...(r.dropped ? { dropped: { reason: tidy(r.dropped.reason) } } : {}),
    })),
  };
}

const stale = () => conflict({ key: 'errors.narrativeChanged' }, undefined, 'version_conflict');

/** The lead writes the narrative (PUT /api/assessments/:id/narrative and the page's autosave). */
export async function saveNarrative(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  put: NarrativePut,
  lang: Lang,
): Promise<NarrativeView> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'writeNarrative');
  const fw = await frameworkByHash(trx as never, a.frameworkHash);
  const { version, ...raw } = put;
  const body = checked(raw, new Set(fw.definition.areas.map((x) => x.code)), new Set(fw.definition.indicators.map((x) => x.id)));
  const ok = await writeNarrative(trx, a.id, version, { body, updatedBy: actor.id, updatedAt: new Date().toISOString() });
  if (!ok) throw stale();
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'narrative.write',
    entity: 'assessment',
    entityId: a.id,
    after: {
      version: version + 1,
      strengths: body.strengths.length,
      weaknesses: body.weaknesses.length,
      recommendations: body.recommendations.length,
      dropped: body.recommendations.filter((r) => r.dropped).length,
    },
  });
  return viewOf(trx, actor, a, lang);
}

/** The co-assessor's comment (PUT /api/assessments/:id/narrative/comment). */
export async function commentNarrative(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  put: NarrativeComment,
  lang: Lang,
): Promise<NarrativeView> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'commentNarrative');
  const current = await narrativeOf(trx, a.id);
  const comment = tidy(put.comment);
  const ok = await writeNarrative(trx, a.id, put.version, {
    // nothing written yet: the row holds only the comment (no recommendations list: the seed still shows)
    body: current?.body ?? {},
    coComment: comment === '' ? null : comment,
    updatedBy: actor.id,
    updatedAt: new Date().toISOString(),
  });
  if (!ok) throw stale();
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'narrative.comment',
    entity: 'assessment',
    entityId: a.id,
    after: { version: put.version + 1 },
  });
  return viewOf(trx, actor, a, lang);
}
