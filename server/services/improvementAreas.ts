/**
 * Improvement areas (the Silver cycle's three areas followed up): added and marked by the assessors,
 * each write versioned and audited like any other evidence.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import type { Db, Tx } from '../db/types';
import { badRequest, notFound } from '../errors';
import {
  deleteImprovementArea,
  improvementAreaOf,
  improvementAreasOf,
  insertImprovementArea,
  setChangeDescribed,
  updateImprovementArea,
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
    changeMade: Type.Optional(Type.String({ maxLength: 20000 })),
    effect: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { additionalProperties: false },
);
export type NewArea = Static<typeof NewArea>;
export const Mark = Type.Object(
  { changeDescribed: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export type Mark = Static<typeof Mark>;

/** Empty text is no text. */
const text = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : null);

/** 400 unless every linked indicator is a quality indicator and every document a checklist item. */
async function checkRefs(trx: Tx, frameworkHash: string, body: NewArea): Promise<void> {
  const def = (await frameworkByHash(trx, frameworkHash)).definition;
  const problems = [
    ...body.indicators
      .filter((id) => !def.indicators.some((i) => i.id === id && i.kind === 'quality'))
      .map((id) => ({ path: '/indicators', message: `${id} is not a quality indicator` })),
    ...body.documents
      .filter((id) => !def.checklist.some((c) => c.id === id))
      .map((id) => ({ path: '/documents', message: `${id} is not a checklist item` })),
  ];
  if (problems.length) throw badRequest({ key: 'errors.improvementAreaUnknownRefs' }, problems);
}

export async function addImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, body: NewArea): Promise<ImprovementArea> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'addImprovementArea');
  requireOpen(a);
  await checkRefs(trx, a.frameworkHash, body);
  const at = new Date().toISOString();
  await bumpVersion(trx, a, {
    ifMatch: null,
    change: { action: 'improvement_area.create', actorId: actor.id, subject: body.title.slice(0, 100) },
  });
  const fields = { ...body, changeMade: text(body.changeMade), effect: text(body.effect) };
  const id = await insertImprovementArea(trx, { assessmentId: a.id, ...fields, createdBy: actor.id, at });
  await appendAudit(trx, { actorId: actor.id, action: 'improvement_area.create', entity: 'improvement_area', entityId: id, after: fields });
  return { id, ...fields, changeDescribed: false, leadComment: null };
}

/**
 * New content for an area (PUT …/improvement-areas/:iaId and the page's edit form), by the manager or
 * the lead while the assessment is open. A validated area goes back to not validated: the lead
 * validates what it says now.
 */
export async function editImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null, body: NewArea) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'addImprovementArea');
  requireOpen(a);
  const before = await improvementAreaOf(trx, a.id, areaId);
  if (!before) throw notFound({ key: 'errors.things.improvementArea' });
  await checkRefs(trx, a.frameworkHash, body);
  await bumpVersion(trx, a, {
    ifMatch: null,
    change: { action: 'improvement_area.update', actorId: actor.id, subject: body.title.slice(0, 100) },
  });
  const fields = { ...body, changeMade: text(body.changeMade), effect: text(body.effect) };
  await updateImprovementArea(trx, before.id, fields);
  const { id: _id, ...old } = before;
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'improvement_area.update',
    entity: 'improvement_area',
    entityId: before.id,
    before: old,
    after: fields,
  });
  return { id: before.id, ...fields, changeDescribed: false, leadComment: null };
}

/** Removes an area (DELETE …/improvement-areas/:iaId and the page), by the manager or the lead while open. */
export async function removeImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'addImprovementArea');
  requireOpen(a);
  const before = await improvementAreaOf(trx, a.id, areaId);
  if (!before) throw notFound({ key: 'errors.things.improvementArea' });
  await bumpVersion(trx, a, {
    ifMatch: null,
    change: { action: 'improvement_area.delete', actorId: actor.id, subject: before.title.slice(0, 100) },
  });
  await deleteImprovementArea(trx, before.id);
  const { id: _id, ...old } = before;
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'improvement_area.delete',
    entity: 'improvement_area',
    entityId: before.id,
    before: old,
  });
  return { id: before.id, deleted: true as const };
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
  const comment = text(body.comment);
  await setChangeDescribed(trx, before.id, body.changeDescribed, comment);
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'improvement_area.mark',
    entity: 'improvement_area',
    entityId: before.id,
    before: { changeDescribed: before.changeDescribed, comment: before.leadComment },
    after: { changeDescribed: body.changeDescribed, comment },
  });
  return { id: before.id, changeDescribed: body.changeDescribed, comment };
}
