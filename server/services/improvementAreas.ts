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
  setFollowup,
  updateImprovementArea,
  FOLLOWUPS,
  type ImprovementArea,
} from '../repositories/improvementAreas';
import { appendAudit } from './audit';
import { bumpVersion, loadAssessmentFor, requireOpen, type Assessment } from './assessments';
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
/**
 * The follow-up of an area carried from the last cycle: achieved, partly or not, with its evidence.
 * It is the lead's record beside the area; it does not enter S4 (FRAMEWORK.md §5.2 S4 reads only the
 * links, the met indicators, the documents and the lead's yes/no on the change described, which the
 * lead marks apart): an area followed up 'not' counts for S4 if (a)–(d) hold, as the rule says.
 */
export const FollowUp = Type.Object(
  {
    followup: Type.Union(FOLLOWUPS.map((f) => Type.Literal(f))),
    evidence: Type.String({ minLength: 1, maxLength: 20000 }),
  },
  { additionalProperties: false },
);
export type FollowUp = Static<typeof FollowUp>;

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
  return { id, ...fields, changeDescribed: false, leadComment: null, carriedFrom: null, followup: null, followupEvidence: null };
}

/**
 * One change to an existing area, in the caller's transaction: the assessment loaded for `policy` and
 * open, the area found (404 else), the version bumped as the evidence change `action` (which withdraws
 * standing Gold confirmations in review), `apply` run, and its before/after audited under `action`.
 * Anything `apply` refuses rolls the whole change back.
 */
async function changeArea<R>(
  trx: Tx,
  actor: Actor,
  ids: { assessmentId: number | null; areaId: number | null },
  policy: 'addImprovementArea' | 'markImprovementArea',
  action: string,
  subject: (before: ImprovementArea) => string,
  apply: (a: Assessment, before: ImprovementArea) => Promise<{ audit: { before?: unknown; after?: unknown }; result: R }>,
): Promise<R> {
  const { a } = await loadAssessmentFor(trx, actor, ids.assessmentId, policy);
  requireOpen(a);
  const before = await improvementAreaOf(trx, a.id, ids.areaId);
  if (!before) throw notFound({ key: 'errors.things.improvementArea' });
  await bumpVersion(trx, a, { ifMatch: null, change: { action, actorId: actor.id, subject: subject(before).slice(0, 100) } });
  const { audit, result } = await apply(a, before);
  await appendAudit(trx, { actorId: actor.id, action, entity: 'improvement_area', entityId: before.id, ...audit });
  return result;
}

/** The area as the audit keeps it (without its id, which the entry names). */
const audited = ({ id: _id, ...area }: ImprovementArea) => area;

/**
 * New content for an area (PUT …/improvement-areas/:iaId and the page's edit form), by the manager or
 * the lead while the assessment is open. A validated area goes back to not validated: the lead
 * validates what it says now.
 */
export function editImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null, body: NewArea) {
  const subject = () => body.title;
  return changeArea(trx, actor, { assessmentId, areaId }, 'addImprovementArea', 'improvement_area.update', subject, async (a, before) => {
    await checkRefs(trx, a.frameworkHash, body);
    const fields = { ...body, changeMade: text(body.changeMade), effect: text(body.effect) };
    await updateImprovementArea(trx, before.id, fields);
    return {
      audit: { before: audited(before), after: fields },
      result: { id: before.id, ...fields, changeDescribed: false, leadComment: null },
    };
  });
}

/** Removes an area (DELETE …/improvement-areas/:iaId and the page), by the manager or the lead while open. */
export function removeImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null) {
  const subject = (ia: ImprovementArea) => ia.title;
  return changeArea(trx, actor, { assessmentId, areaId }, 'addImprovementArea', 'improvement_area.delete', subject, async (_a, before) => {
    await deleteImprovementArea(trx, before.id);
    return { audit: { before: audited(before) }, result: { id: before.id, deleted: true as const } };
  });
}

export async function listImprovementAreas(db: Db, actor: Actor, assessmentId: number | null): Promise<ImprovementArea[]> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'read');
  return improvementAreasOf(db, a.id);
}

export function markImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null, body: Mark) {
  const subject = (ia: ImprovementArea) => ia.title;
  return changeArea(trx, actor, { assessmentId, areaId }, 'markImprovementArea', 'improvement_area.mark', subject, async (_a, before) => {
    const comment = text(body.comment);
    await setChangeDescribed(trx, before.id, body.changeDescribed, comment);
    return {
      audit: {
        before: { changeDescribed: before.changeDescribed, comment: before.leadComment },
        after: { changeDescribed: body.changeDescribed, comment },
      },
      result: { id: before.id, changeDescribed: body.changeDescribed, comment },
    };
  });
}

/**
 * The lead's follow-up of an area carried from the last cycle (PUT …/improvement-areas/:iaId/followup
 * and the page's follow-up form), while the assessment is open; 400 for an area this cycle added.
 */
export function followUpImprovementArea(trx: Tx, actor: Actor, assessmentId: number | null, areaId: number | null, body: FollowUp) {
  const subject = (ia: ImprovementArea) => ia.title;
  return changeArea(
    trx,
    actor,
    { assessmentId, areaId },
    'markImprovementArea',
    'improvement_area.followup',
    subject,
    async (_a, before) => {
      const evidence = text(body.evidence);
      if (before.carriedFrom === null)
        throw badRequest({ key: 'errors.improvementAreaNotCarried' }, [
          { path: '/followup', message: 'only an area carried from the last cycle is followed up' },
        ]);
      if (evidence === null) throw badRequest({ key: 'errors.followupEvidenceMissing' }, [{ path: '/evidence', message: 'is empty' }]);
      await setFollowup(trx, before.id, body.followup, evidence);
      return {
        audit: {
          before: { followup: before.followup, evidence: before.followupEvidence },
          after: { followup: body.followup, evidence },
        },
        result: { id: before.id, carriedFrom: before.carriedFrom, followup: body.followup, followupEvidence: evidence },
      };
    },
  );
}
