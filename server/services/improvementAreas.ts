/**
 * Improvement areas (the Silver cycle's three areas followed up): added and marked by the assessors,
 * each write versioned and audited like any other evidence.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import type { Db, Tx } from '../db/types';
import { badRequest, notFound } from '../errors';
import {
  improvementAreaOf,
  improvementAreasOf,
  insertImprovementArea,
  setChangeDescribed,
  type ImprovementArea,
} from '../repositories/improvementAreas';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen } from './assessments';
import { frameworkByHash } from './frameworks';

export const NewArea = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.String({ minLength: 1, maxLength: 20000 }),
    indicators: Type.Array(Type.String({ maxLength: 16 }), { minItems: 1, maxItems: 10, uniqueItems: true }),
    documents: Type.Array(Type.String({ maxLength: 8 }), { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type NewArea = Static<typeof NewArea>;
export const Mark = Type.Object({ changeDescribed: Type.Boolean() }, { additionalProperties: false });
export type Mark = Static<typeof Mark>;

export async function addImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, body: NewArea): Promise<ImprovementArea> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'addImprovementArea');
  requireOpen(a);
  const def = (await frameworkByHash(trx, a.frameworkHash)).definition;
  const problems = [
    ...body.indicators
      .filter((id) => !def.indicators.some((i) => i.id === id && i.kind === 'quality'))
      .map((id) => ({ path: '/indicators', message: `${id} is not a quality indicator` })),
    ...body.documents
      .filter((id) => !def.checklist.some((c) => c.id === id))
      .map((id) => ({ path: '/documents', message: `${id} is not a checklist item` })),
  ];
  if (problems.length) throw badRequest({ key: 'errors.improvementAreaUnknownRefs' }, problems);
  const at = new Date().toISOString();
  await bumpVersion(trx, a, {
    ifMatch: null,
    change: { action: 'improvement_area.create', actorId: actor.id, subject: body.title.slice(0, 100) },
  });
  const id = await insertImprovementArea(trx, { assessmentId: a.id, ...body, createdBy: actor.id, at });
  await appendAudit(trx, { actorId: actor.id, action: 'improvement_area.create', entity: 'improvement_area', entityId: id, after: body });
  return { id, ...body, changeDescribed: false };
}

export async function listImprovementAreas(db: Db, actor: Actor, assessmentId: number | null): Promise<ImprovementArea[]> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'read');
  return improvementAreasOf(db, a.id);
}

export async function markImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null, body: Mark) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'markImprovementArea');
  requireOpen(a);
  const before = await improvementAreaOf(trx, a.id, areaId);
  if (!before) throw notFound({ key: 'errors.things.improvementArea' });
  await bumpVersion(trx, a, {
    ifMatch: null,
    change: { action: 'improvement_area.mark', actorId: actor.id, subject: before.title.slice(0, 100) },
  });
  await setChangeDescribed(trx, before.id, body.changeDescribed);
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'improvement_area.mark',
    entity: 'improvement_area',
    entityId: before.id,
    before: { changeDescribed: before.changeDescribed },
    after: body,
  });
  return { id: before.id, changeDescribed: body.changeDescribed };
}
