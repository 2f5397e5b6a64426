/**
 * Assessments: creation with the team rules, the lifecycle with guarded transitions, and the version
 * counter that every evidence write bumps (optimistic concurrency through If-Match).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import { authorize, type AssessmentAction, type Relation, type State } from '../auth/policy';
import type { Db, Tx } from '../db/types';
import {
  activeTeamMember,
  findAssessment,
  incrementVersion,
  insertAssessment,
  listAssessmentsOf,
  replaceTrainees,
  versionAndState,
  type Assessment,
  type AssessmentFields,
  type AssessmentListItem,
} from '../repositories/assessments';
import { clusterExists } from '../repositories/clusters';
import { badRequest, conflict, notFound } from '../errors';
import { RowId } from '../http/validate';
import { appendAudit } from './audit';
import { carryAreasIntoNewCycle } from './carriedAreas';
import { frameworkById } from './frameworks';
import { recordRelease } from './labels';
import { requireEligible } from './eligibilityGate';
import { withdrawConfirmations, type EvidenceChange } from './confirmations';
import { notifyStateChange } from './notifications';

const LABEL_RANK = { bronze: 1, silver: 2, gold: 3 } as const;
/** the states in which evidence may still change */
export const OPEN_STATES: State[] = ['preparation', 'interview', 'review'];

/** 409 read_only unless the assessment's evidence may still change. */
export function requireOpen(a: { state: State }): void {
  if (!OPEN_STATES.includes(a.state))
    throw conflict({ key: 'errors.readOnly', values: { state: { key: `errors.stateWords.${a.state}` } } }, { state: a.state }, 'read_only');
}
export type Label = keyof typeof LABEL_RANK;
export const LabelSchema = Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold')]);
// format "date" also refuses days the month does not have (2026-02-30): the engine refuses such an
// interview date, so one stored would make the assessment's score answer 500 from then on
export const DateSchema = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', format: 'date' });

export const NewAssessment = Type.Object(
  {
    clusterId: RowId(),
    frameworkId: RowId(),
    requestedLabel: LabelSchema,
    leadId: RowId(),
    coAssessorId: Type.Optional(Type.Union([RowId(), Type.Null()])),
    traineeIds: Type.Optional(Type.Array(RowId(), { maxItems: 10, uniqueItems: true })),
    interviewDate: Type.Optional(DateSchema),
    onSite: Type.Optional(Type.Boolean()),
    previousLabels: Type.Optional(
      Type.Array(Type.Object({ label: LabelSchema, issued: DateSchema }, { additionalProperties: false }), { maxItems: 20 }),
    ),
    /** a decided assessment of the same cluster to start from: its labels come from the label history */
    previousAssessmentId: Type.Optional(RowId()),
  },
  { additionalProperties: false },
);
export type NewAssessment = Static<typeof NewAssessment>;

export const AssessmentPatch = Type.Object(
  {
    interviewDate: Type.Optional(DateSchema),
    onSite: Type.Optional(Type.Boolean()),
    previousLabels: NewAssessment.properties.previousLabels,
    leadId: Type.Optional(RowId()),
    coAssessorId: NewAssessment.properties.coAssessorId,
    traineeIds: NewAssessment.properties.traineeIds,
  },
  { additionalProperties: false, minProperties: 1 },
);

export type { Assessment };

/** The assessment (404 when there is none). */
export async function getAssessment(db: Db, id: number | null): Promise<Assessment> {
  if (id === null) throw notFound({ key: 'errors.things.assessment' });
  const a = await findAssessment(db, id);
  if (!a) throw notFound({ key: 'errors.things.assessment' });
  return a;
}

/**
 * Load and authorise, the start of every action on an assessment: 404 when there is none, 403 when the
 * actor may not do `action` on it (auth/policy.ts); the actor's relations to it when it may.
 */
export async function loadAssessmentFor(
  db: Db,
  actor: Actor,
  id: number | null,
  action: AssessmentAction,
): Promise<{ a: Assessment; rel: Set<Relation> }> {
  const a = await getAssessment(db, id);
  return { a, rel: authorize(actor, a, action) };
}

/** The team rules: the lead's certification reaches the requested label; roles fit their places. */
async function checkTeam(trx: Tx, input: { requestedLabel: Label; leadId: number; coAssessorId?: number | null; traineeIds?: number[] }) {
  const lead = await activeTeamMember(trx, input.leadId);
  if (!lead || lead.role !== 'benchmarker')
    throw badRequest({ key: 'errors.leadNotBenchmarker' }, [{ path: '/leadId', message: 'is not a benchmarker' }]);
  if (LABEL_RANK[lead.certification as Label] < LABEL_RANK[input.requestedLabel]) {
    throw badRequest(
      {
        key: 'errors.leadCertificationTooLow',
        values: { certification: { key: `labelWords.${lead.certification}` }, label: { key: `labelWords.${input.requestedLabel}` } },
      },
      [{ path: '/leadId', message: `certification ${lead.certification} is below ${input.requestedLabel}` }],
    );
  }
  if (input.coAssessorId != null) {
    if (input.coAssessorId === input.leadId)
      throw badRequest({ key: 'errors.coAssessorIsLead' }, [{ path: '/coAssessorId', message: 'is the lead' }]);
    const co = await activeTeamMember(trx, input.coAssessorId);
    if (!co || co.role !== 'benchmarker')
      throw badRequest({ key: 'errors.coAssessorNotBenchmarker' }, [{ path: '/coAssessorId', message: 'is not a benchmarker' }]);
  }
  for (const [i, tid] of (input.traineeIds ?? []).entries()) {
    const t = await activeTeamMember(trx, tid);
    if (!t || t.role !== 'trainee')
      throw badRequest({ key: 'errors.traineeNotTrainee' }, [{ path: `/traineeIds/${i}`, message: 'is not a trainee' }]);
  }
}

/**
 * The assessment a new one starts from: a decided (or released) one of the same cluster. Its cluster's
 * earlier labels then come from the label history (evidence.ts reads them), so none may be typed too.
 */
async function checkPrevious(trx: Tx, input: NewAssessment): Promise<void> {
  const prev = await findAssessment(trx, input.previousAssessmentId!);
  if (!prev || prev.clusterId !== input.clusterId || (prev.state !== 'decided' && prev.state !== 'released'))
    throw badRequest({ key: 'errors.previousAssessmentInvalid' }, [
      { path: '/previousAssessmentId', message: 'is not a decided assessment of this cluster' },
    ]);
  if (input.previousLabels?.length)
    throw badRequest({ key: 'errors.previousLabelsFromHistory' }, [
      { path: '/previousLabels', message: 'come from the label history when previousAssessmentId is given' },
    ]);
}

export async function createAssessment(trx: Tx, input: NewAssessment, actor: Actor, now = new Date()): Promise<Assessment> {
  if (!(await clusterExists(trx, input.clusterId)))
    throw badRequest({ key: 'errors.clusterDoesNotExist' }, [{ path: '/clusterId', message: 'does not exist' }]);
  const { row: fw } = await frameworkById(trx, input.frameworkId).catch(() => {
    throw badRequest({ key: 'errors.frameworkDoesNotExist' }, [{ path: '/frameworkId', message: 'does not exist' }]);
  });
  await checkTeam(trx, input);
  if (input.previousAssessmentId !== undefined) await checkPrevious(trx, input);
  const ts = now.toISOString();
  const id = await insertAssessment(trx, {
    clusterId: input.clusterId,
    frameworkId: fw.id,
    frameworkHash: fw.hash,
    requestedLabel: input.requestedLabel,
    leadId: input.leadId,
    coAssessorId: input.coAssessorId ?? null,
    traineeIds: input.traineeIds ?? [],
    interviewDate: input.interviewDate ?? null,
    onSite: input.onSite ?? false,
    previousLabels: input.previousLabels ?? [],
    previousAssessmentId: input.previousAssessmentId ?? null,
    createdBy: actor.id,
    at: ts,
  });
  const created = await getAssessment(trx, id);
  await appendAudit(trx, { actorId: actor.id, action: 'assessment.create', entity: 'assessment', entityId: id, after: created }, now);
  // the last cycle's improvement areas, to be followed up in this one (same transaction)
  if (input.previousAssessmentId !== undefined)
    await carryAreasIntoNewCycle(trx, actor, { fromAssessmentId: input.previousAssessmentId, toAssessmentId: id }, now);
  return created;
}

/**
 * Bumps the version. With `ifMatch`, only when it still equals the stored version (409 otherwise), so
 * two writers that read the same version can never both win. Without it, the increment is atomic.
 * Either way the update takes the assessment's row lock, so call it FIRST in a write transaction:
 * concurrent writers of one assessment then run one after the other.
 */
export interface VersionBump {
  /** the version the client last saw (If-Match): 409 when the assessment moved on; null: no check */
  ifMatch: number | null;
  /**
   * the change to the evidence this write makes: in review it withdraws the Gold confirmations that
   * stand (confirmations.ts). Required, so that no evidence write can forget it; null only for the
   * decision's own bump, which changes no evidence.
   */
  change: EvidenceChange | null;
  now?: Date;
  /** more fields to set in the same update (a transition's state, a patch's fields) */
  fields?: AssessmentFields;
  /** the states the write is allowed in, checked under the lock (a decision may have just committed) */
  states?: State[];
}

export async function bumpVersion(trx: Tx, a: Assessment, bump: VersionBump): Promise<number> {
  const { ifMatch, change, now = new Date(), fields = {}, states = OPEN_STATES } = bump;
  if (ifMatch !== null && ifMatch !== a.version) {
    throw conflict(
      { key: 'errors.staleVersion', values: { version: a.version, sent: String(ifMatch) } },
      { version: a.version },
      'stale_version',
    );
  }
  const updated = await incrementVersion(trx, a.id, { at: now.toISOString(), states, ifMatch, fields });
  if (!updated) {
    const current = await versionAndState(trx, a.id);
    if (current && !states.includes(current.state))
      throw conflict(
        { key: 'errors.readOnly', values: { state: { key: `errors.stateWords.${current.state}` } } },
        { state: current.state },
        'read_only',
      );
    throw conflict(
      { key: 'errors.staleVersion', values: { version: String(current?.version), sent: String(ifMatch) } },
      { version: current ? current.version : null },
      'stale_version',
    );
  }
  // the state the write found (a transition has just changed it, from the one its where clause named)
  const found = fields.state !== undefined ? a.state : updated.state;
  if (change && found === 'review') await withdrawConfirmations(trx, a.id, change, now);
  return updated.version;
}

/** Parses an If-Match header: a version number, optionally quoted (an ETag). Absent → null. */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header === '') return null;
  const m = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(header);
  if (!m) throw badRequest({ key: 'errors.ifMatchNotVersion' }, [{ path: 'If-Match', message: 'is not a version' }]);
  return Number(m[1]);
}

/** The lifecycle: the states each state may move to (decided is reached only by the decision). */
export const TRANSITIONS: Record<State, State[]> = {
  preparation: ['interview', 'cancelled'],
  interview: ['review', 'preparation', 'cancelled'],
  review: ['interview', 'cancelled'],
  decided: ['released'],
  released: [],
  cancelled: [],
};

export const TransitionBody = Type.Object(
  { to: Type.Union((['preparation', 'interview', 'review', 'decided', 'released', 'cancelled'] as const).map((s) => Type.Literal(s))) },
  { additionalProperties: false },
);

export async function transition(trx: Tx, a: Assessment, to: State, actor: Actor, ifMatch: number | null, now = new Date()) {
  if (to === 'decided') throw conflict({ key: 'errors.decidedThroughDecision' }, { state: a.state }, 'invalid_transition');
  if (!TRANSITIONS[a.state].includes(to)) {
    throw conflict(
      {
        key: 'errors.invalidTransition',
        values: { state: { key: `errors.stateWords.${a.state}` }, to: { key: `errors.stateWords.${to}` } },
      },
      { state: a.state, allowed: TRANSITIONS[a.state] },
      'invalid_transition',
    );
  }
  if (to === 'interview' && a.requestedLabel === 'gold' && a.coAssessorId === null) {
    throw conflict({ key: 'errors.goldNeedsCoAssessorBeforeInterview' }, { state: a.state }, 'precondition_failed');
  }
  if (to === 'interview' && a.interviewDate === null) {
    throw conflict({ key: 'errors.setInterviewDate' }, { state: a.state }, 'precondition_failed');
  }
  // the eligibility checklist of a framework version that has one (1.1.0), answered and met by every
  // criterion; a procedural gate, not a scoring rule (B3 still reads the indicators: eligibilityGate.ts)
  if (to === 'interview' && a.state === 'preparation') await requireEligible(trx, a);
  const change = { action: 'assessment.transition', actorId: actor.id, subject: `${a.state} → ${to}` };
  const version = await bumpVersion(trx, a, { ifMatch, change, now, fields: { state: to }, states: [a.state] });
  await appendAudit(
    trx,
    {
      actorId: actor.id,
      action: 'assessment.transition',
      entity: 'assessment',
      entityId: a.id,
      before: { state: a.state },
      after: { state: to },
    },
    now,
  );
  if (to === 'released') await recordRelease(trx, a, actor, now); // the label becomes public, the print is frozen
  await notifyStateChange(trx, a, to, actor, now); // in review, released: the mails go with the act
  return { state: to, version };
}

/** The service behind POST /api/assessments/:id/transitions and the assessment page's state buttons. */
export async function transitionAssessment(trx: Tx, actor: Actor, assessmentId: number | null, to: State, ifMatch: number | null) {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'transition');
  return transition(trx, a, to, actor, ifMatch);
}

export type AssessmentPatch = Static<typeof AssessmentPatch>;

/** What the interview fixes: the team and the date change only before it (in preparation). */
const BEFORE_INTERVIEW = ['interviewDate', 'leadId', 'coAssessorId', 'traineeIds'] as const;

/** The patch's fields as the assessment has them now (the audit's before). */
function currentOf(a: Assessment, patch: AssessmentPatch): Partial<Record<keyof AssessmentPatch, unknown>> {
  const now: Record<keyof AssessmentPatch, unknown> = {
    interviewDate: a.interviewDate,
    onSite: a.onSite,
    previousLabels: a.previousLabels,
    leadId: a.leadId,
    coAssessorId: a.coAssessorId,
    traineeIds: a.traineeIds,
  };
  return Object.fromEntries(Object.keys(patch).map((k) => [k, now[k as keyof AssessmentPatch]]));
}

/**
 * The service behind PATCH /api/assessments/:id and the team page: the interview date, on-site, earlier
 * labels and the team (lead, co-assessor, trainees). The team and the date change only before the
 * interview (409 interview_started after it; a field sent as it is changes nothing and passes); a new
 * team keeps the creation's rules (checkTeam); the co-assessor and trainees are the lead's to change,
 * the lead the admin's (auth/policy.ts). Audited with the fields before and after.
 */
export async function updateAssessment(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  patch: AssessmentPatch,
  ifMatch: number | null,
): Promise<Assessment> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'update');
  // trainees as a set, in the order the assessment reads them
  if (patch.traineeIds) patch = { ...patch, traineeIds: [...patch.traineeIds].sort((x, y) => x - y) };
  const before = currentOf(a, patch);
  const changed = (k: keyof AssessmentPatch) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(before[k]);
  const team = {
    leadId: patch.leadId ?? a.leadId,
    coAssessorId: patch.coAssessorId !== undefined ? patch.coAssessorId : a.coAssessorId,
    traineeIds: patch.traineeIds ?? a.traineeIds,
  };
  const teamChanged = changed('leadId') || changed('coAssessorId') || changed('traineeIds');
  if (teamChanged) authorize(actor, a, 'changeTeam');
  if (changed('leadId')) authorize(actor, a, 'changeLead');
  requireOpen(a);
  const fixed = BEFORE_INTERVIEW.filter(changed);
  if (fixed.length && a.state !== 'preparation')
    throw conflict(
      { key: 'errors.fixedAfterInterview', values: { state: { key: `errors.stateWords.${a.state}` } } },
      { state: a.state, fields: fixed },
      'interview_started',
    );
  if (teamChanged) await checkTeam(trx, { requestedLabel: a.requestedLabel, ...team });
  if (changed('previousLabels') && a.previousAssessmentId !== null)
    throw badRequest({ key: 'errors.previousLabelsFromHistory' }, [
      { path: '/previousLabels', message: 'come from the label history of an assessment started from the last cycle' },
    ]);
  const fields: AssessmentFields = {};
  if (patch.interviewDate !== undefined) fields.interviewDate = patch.interviewDate;
  if (patch.onSite !== undefined) fields.onSite = patch.onSite;
  if (patch.previousLabels !== undefined) fields.previousLabels = patch.previousLabels;
  if (changed('leadId')) fields.leadId = team.leadId;
  if (changed('coAssessorId')) fields.coAssessorId = team.coAssessorId;
  const version = await bumpVersion(trx, a, {
    ifMatch,
    fields,
    change: { action: 'assessment.update', actorId: actor.id, subject: Object.keys(patch).join(', ') },
    // under the row lock: an interview started since the read refuses the change as well
    ...(fixed.length ? { states: ['preparation'] as State[] } : {}),
  });
  if (changed('traineeIds')) await replaceTrainees(trx, a.id, team.traineeIds);
  await appendAudit(trx, { actorId: actor.id, action: 'assessment.update', entity: 'assessment', entityId: a.id, before, after: patch });
  return { ...(await getAssessment(trx, a.id)), version };
}

/** Lists the assessments the actor takes part in (all of them for an admin). */
export async function listAssessmentsFor(db: Db, actor: Actor): Promise<AssessmentListItem[]> {
  return listAssessmentsOf(db, actor);
}
