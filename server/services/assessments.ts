/**
 * Assessments: creation with the team rules, the lifecycle with guarded transitions, and the version
 * counter that every evidence write bumps (optimistic concurrency through If-Match).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import type { State, Team } from '../auth/policy';
import { badRequest, conflict, notFound } from '../errors';
import { RowId } from '../http/validate';
import { appendAudit } from './audit';
import { frameworkById } from './frameworks';
import { recordRelease } from './labels';
import { sqlOf } from '../db/sql';
import { withdrawConfirmations, type EvidenceChange } from './confirmations';

const LABEL_RANK = { bronze: 1, silver: 2, gold: 3 } as const;
/** the states in which evidence may still change */
export const OPEN_STATES: State[] = ['preparation', 'interview', 'review'];

/** 409 read_only unless the assessment's evidence may still change. */
export function requireOpen(a: { state: State }): void {
  if (!OPEN_STATES.includes(a.state)) throw conflict(`A ${a.state} assessment is read-only.`, { state: a.state }, 'read_only');
}
export type Label = keyof typeof LABEL_RANK;
const LabelSchema = Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold')]);
// format "date" also refuses days the month does not have (2026-02-30): the engine refuses such an
// interview date, so one stored would make the assessment's score answer 500 from then on
const DateSchema = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', format: 'date' });

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
  },
  { additionalProperties: false },
);
export type NewAssessment = Static<typeof NewAssessment>;

export const AssessmentPatch = Type.Object(
  {
    interviewDate: Type.Optional(DateSchema),
    onSite: Type.Optional(Type.Boolean()),
    previousLabels: NewAssessment.properties.previousLabels,
  },
  { additionalProperties: false, minProperties: 1 },
);

export interface Assessment extends Team {
  id: number;
  frameworkId: number;
  frameworkHash: string;
  requestedLabel: Label;
  version: number;
  interviewDate: string | null;
  onSite: boolean;
  reconciliationSigned: boolean;
  previousLabels: { label: Label; issued: string }[];
  createdAt: string;
  updatedAt: string;
}

function fromRow(row: Record<string, any>, traineeIds: number[]): Assessment {
  return {
    id: Number(row.id),
    clusterId: Number(row.cluster_id),
    frameworkId: Number(row.framework_id),
    frameworkHash: row.framework_hash,
    requestedLabel: row.requested_label,
    state: row.state,
    version: Number(row.version),
    leadId: Number(row.lead_id),
    coAssessorId: row.co_assessor_id == null ? null : Number(row.co_assessor_id),
    traineeIds,
    interviewDate: row.interview_date ?? null,
    onSite: Boolean(row.on_site),
    reconciliationSigned: Boolean(row.reconciliation_signed),
    previousLabels: JSON.parse(row.previous_labels || '[]'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getAssessment(knex: Knex, id: number | null): Promise<Assessment> {
  if (id === null) throw notFound('Assessment');
  // plain SQL: every request about an assessment starts here (sql.ts)
  const sql = sqlOf(knex);
  const row = await sql.get('select * from assessments where id = ?', [id]);
  if (!row) throw notFound('Assessment');
  const trainees = await sql.all<{ user_id: number | string }>('select user_id from assessment_trainees where assessment_id = ? order by user_id', [id]);
  return fromRow(row, trainees.map((t) => Number(t.user_id)));
}

async function userRow(trx: Knex.Transaction, id: number) {
  return trx('users').where({ id, active: true }).first('id', 'role', 'certification', 'country');
}

/** The team rules: the lead's certification reaches the requested label; roles fit their places. */
async function checkTeam(trx: Knex.Transaction, input: { requestedLabel: Label; leadId: number; coAssessorId?: number | null; traineeIds?: number[] }) {
  const lead = await userRow(trx, input.leadId);
  if (!lead || lead.role !== 'benchmarker') throw badRequest('The lead must be an active benchmarker.', [{ path: '/leadId', message: 'is not a benchmarker' }]);
  if (LABEL_RANK[lead.certification as Label] < LABEL_RANK[input.requestedLabel]) {
    throw badRequest(`The lead is certified ${lead.certification} and cannot lead a ${input.requestedLabel} assessment.`, [
      { path: '/leadId', message: `certification ${lead.certification} is below ${input.requestedLabel}` },
    ]);
  }
  if (input.coAssessorId != null) {
    if (input.coAssessorId === input.leadId) throw badRequest('The co-assessor must be another person than the lead.', [{ path: '/coAssessorId', message: 'is the lead' }]);
    const co = await userRow(trx, input.coAssessorId);
    if (!co || co.role !== 'benchmarker') throw badRequest('The co-assessor must be an active benchmarker.', [{ path: '/coAssessorId', message: 'is not a benchmarker' }]);
  }
  for (const [i, tid] of (input.traineeIds ?? []).entries()) {
    const t = await userRow(trx, tid);
    if (!t || t.role !== 'trainee') throw badRequest('Every trainee must be an active trainee account.', [{ path: `/traineeIds/${i}`, message: 'is not a trainee' }]);
  }
}

export async function createAssessment(trx: Knex.Transaction, input: NewAssessment, actor: Actor, now = new Date()): Promise<Assessment> {
  const cluster = await trx('clusters').where({ id: input.clusterId }).first('id');
  if (!cluster) throw badRequest('That cluster does not exist.', [{ path: '/clusterId', message: 'does not exist' }]);
  const { row: fw } = await frameworkById(trx, input.frameworkId).catch(() => {
    throw badRequest('That framework does not exist.', [{ path: '/frameworkId', message: 'does not exist' }]);
  });
  await checkTeam(trx, input);
  const ts = now.toISOString();
  const [inserted] = await trx('assessments')
    .insert({
      cluster_id: input.clusterId,
      framework_id: fw.id,
      framework_hash: fw.hash,
      requested_label: input.requestedLabel,
      state: 'preparation',
      version: 1,
      lead_id: input.leadId,
      co_assessor_id: input.coAssessorId ?? null,
      interview_date: input.interviewDate ?? null,
      on_site: input.onSite ?? false,
      previous_labels: JSON.stringify(input.previousLabels ?? []),
      created_by: actor.id,
      created_at: ts,
      updated_at: ts,
    })
    .returning(['id']);
  const id = Number(inserted.id);
  for (const tid of input.traineeIds ?? []) await trx('assessment_trainees').insert({ assessment_id: id, user_id: tid });
  const created = await getAssessment(trx, id);
  await appendAudit(trx, { actorId: actor.id, action: 'assessment.create', entity: 'assessment', entityId: id, after: created }, now);
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
  /** more columns to set in the same update (a transition's state, a patch's fields) */
  extra?: Record<string, unknown>;
  /** the states the write is allowed in, checked under the lock (a decision may have just committed) */
  states?: State[];
}

export async function bumpVersion(trx: Knex.Transaction, a: Assessment, bump: VersionBump): Promise<number> {
  const { ifMatch, change, now = new Date(), extra = {}, states = OPEN_STATES } = bump;
  if (ifMatch !== null && ifMatch !== a.version) {
    throw conflict(`The assessment changed meanwhile (version ${a.version}, you sent ${ifMatch}). Reload and try again.`, { version: a.version }, 'stale_version');
  }
  // plain SQL (sql.ts): every evidence write runs this; the columns come from our callers, never from a request
  const columns = Object.keys(extra);
  const updated = await sqlOf(trx).all<{ version: number | string; state: State }>(
    `update assessments set version = version + 1, updated_at = ?${columns.map((c) => `, ${c} = ?`).join('')}` +
      ` where id = ? and state in (${states.map(() => '?').join(', ')})${ifMatch !== null ? ' and version = ?' : ''} returning version, state`,
    [now.toISOString(), ...columns.map((c) => extra[c]), a.id, ...states, ...(ifMatch !== null ? [ifMatch] : [])],
  );
  if (updated.length !== 1) {
    const current = await trx('assessments').where({ id: a.id }).first('version', 'state');
    if (current && !states.includes(current.state)) throw conflict(`A ${current.state} assessment is read-only.`, { state: current.state }, 'read_only');
    throw conflict(`The assessment changed meanwhile (version ${current?.version}, you sent ${ifMatch}). Reload and try again.`, { version: current ? Number(current.version) : null }, 'stale_version');
  }
  // the state the write found (a transition has just changed it, from the one its where clause named)
  const found = 'state' in extra ? a.state : updated[0].state;
  if (change && found === 'review') await withdrawConfirmations(trx, a.id, change, now);
  return Number(updated[0].version);
}

/** Parses an If-Match header: a version number, optionally quoted (an ETag). Absent → null. */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header === '') return null;
  const m = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(header);
  if (!m) throw badRequest('If-Match must be the assessment version, a whole number.', [{ path: 'If-Match', message: 'is not a version' }]);
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

export async function transition(trx: Knex.Transaction, a: Assessment, to: State, actor: Actor, ifMatch: number | null, now = new Date()) {
  if (to === 'decided') throw conflict('An assessment is decided through POST /decision, not a transition.', { state: a.state }, 'invalid_transition');
  if (!TRANSITIONS[a.state].includes(to)) {
    throw conflict(`An assessment in state ${a.state} cannot move to ${to}.`, { state: a.state, allowed: TRANSITIONS[a.state] }, 'invalid_transition');
  }
  if (to === 'interview' && a.requestedLabel === 'gold' && a.coAssessorId === null) {
    throw conflict('A Gold assessment needs a co-assessor before the interview.', { state: a.state }, 'precondition_failed');
  }
  if (to === 'interview' && a.interviewDate === null) {
    throw conflict('Set the interview date before the interview starts.', { state: a.state }, 'precondition_failed');
  }
  const change = { action: 'assessment.transition', actorId: actor.id, subject: `${a.state} → ${to}` };
  const version = await bumpVersion(trx, a, { ifMatch, change, now, extra: { state: to }, states: [a.state] });
  await appendAudit(trx, { actorId: actor.id, action: 'assessment.transition', entity: 'assessment', entityId: a.id, before: { state: a.state }, after: { state: to } }, now);
  if (to === 'released') await recordRelease(trx, a, actor, now); // the label becomes public, the print is frozen
  return { state: to, version };
}

/** Lists the assessments the actor takes part in (all of them for an admin). */
export async function listAssessmentsFor(knex: Knex, actor: Actor) {
  const q = knex('assessments as a').join('clusters as c', 'c.id', 'a.cluster_id').select('a.id', 'a.state', 'a.version', 'a.requested_label', 'a.interview_date', 'a.cluster_id', 'c.name as cluster_name', 'a.lead_id', 'a.co_assessor_id').orderBy('a.id', 'desc');
  if (actor.role === 'benchmarker') q.where((w) => w.where('a.lead_id', actor.id).orWhere('a.co_assessor_id', actor.id));
  else if (actor.role === 'trainee') q.whereIn('a.id', knex('assessment_trainees').where({ user_id: actor.id }).select('assessment_id'));
  else if (actor.role === 'cluster_manager') q.where('a.cluster_id', actor.clusterId ?? -1);
  const rows = await q;
  return rows.map((r: Record<string, any>) => ({
    id: Number(r.id), state: r.state, version: Number(r.version), requestedLabel: r.requested_label, interviewDate: r.interview_date,
    clusterId: Number(r.cluster_id), clusterName: r.cluster_name, leadId: Number(r.lead_id), coAssessorId: r.co_assessor_id == null ? null : Number(r.co_assessor_id),
  }));
}
