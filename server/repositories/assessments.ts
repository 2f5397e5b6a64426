/**
 * The assessment aggregate's rows: the assessment with its trainees, the version counter, the list
 * per participant, and the few reads of its people and cluster that the assessment's pages and
 * services need. Rows become `Assessment` here and nowhere else.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';
import type { State, Team } from '../auth/policy';
import type { Actor } from '../auth/actor';
import type { LabelName } from '../../scoring/types';

/** the one label type (scoring/types) */
export type Label = LabelName;

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
  /** the decided assessment of the same cluster this one started from (issue "Across cycles"), or null */
  previousAssessmentId: number | null;
  createdAt: string;
  updatedAt: string;
}

export function assessmentFromRow(row: Record<string, any>, traineeIds: number[]): Assessment {
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
    previousAssessmentId: row.previous_assessment_id == null ? null : Number(row.previous_assessment_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The assessment, or null. Plain SQL: every request about an assessment starts here (sql.ts). */
export async function findAssessment(db: Db, id: number): Promise<Assessment | null> {
  const sql = sqlOf(db);
  const row = await sql.get(
    'select a.*, c.previous_assessment_id from assessments a left join assessment_cycles c on c.assessment_id = a.id where a.id = ?',
    [id],
  );
  if (!row) return null;
  const trainees = await sql.all<{ user_id: number | string }>(
    'select user_id from assessment_trainees where assessment_id = ? order by user_id',
    [id],
  );
  return assessmentFromRow(
    row,
    trainees.map((t) => Number(t.user_id)),
  );
}

export interface NewAssessmentRow {
  clusterId: number;
  frameworkId: number;
  frameworkHash: string;
  requestedLabel: Label;
  leadId: number;
  coAssessorId: number | null;
  traineeIds: number[];
  interviewDate: string | null;
  onSite: boolean;
  previousLabels: { label: Label; issued: string }[];
  previousAssessmentId: number | null;
  createdBy: number;
  at: string;
}

/** Inserts a new assessment (in preparation, version 1) with its trainees; returns its id. */
export async function insertAssessment(trx: Tx, a: NewAssessmentRow): Promise<number> {
  const [inserted] = await trx('assessments')
    .insert({
      cluster_id: a.clusterId,
      framework_id: a.frameworkId,
      framework_hash: a.frameworkHash,
      requested_label: a.requestedLabel,
      state: 'preparation',
      version: 1,
      lead_id: a.leadId,
      co_assessor_id: a.coAssessorId,
      interview_date: a.interviewDate,
      on_site: a.onSite,
      previous_labels: JSON.stringify(a.previousLabels),
      created_by: a.createdBy,
      created_at: a.at,
      updated_at: a.at,
    })
    .returning(['id']);
  const id = Number(inserted.id);
  for (const tid of a.traineeIds) await trx('assessment_trainees').insert({ assessment_id: id, user_id: tid });
  if (a.previousAssessmentId !== null)
    await trx('assessment_cycles').insert({ assessment_id: id, previous_assessment_id: a.previousAssessmentId, created_at: a.at });
  return id;
}

/** The fields an assessment's patch or transition may set besides the version. */
export interface AssessmentFields {
  state?: State;
  interviewDate?: string;
  onSite?: boolean;
  previousLabels?: { label: Label; issued: string }[];
  leadId?: number;
  coAssessorId?: number | null;
}

function fieldColumns(fields: AssessmentFields): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (fields.state !== undefined) out.push(['state', fields.state]);
  if (fields.leadId !== undefined) out.push(['lead_id', fields.leadId]);
  if (fields.coAssessorId !== undefined) out.push(['co_assessor_id', fields.coAssessorId]);
  if (fields.interviewDate !== undefined) out.push(['interview_date', fields.interviewDate]);
  if (fields.onSite !== undefined) out.push(['on_site', fields.onSite]);
  if (fields.previousLabels !== undefined) out.push(['previous_labels', JSON.stringify(fields.previousLabels)]);
  return out;
}

/**
 * One update: version + 1 (and `fields`) where the assessment is in one of `states` and, with
 * `ifMatch`, still at that version; the new version and the state it found, or null when no row
 * matched. Plain SQL (sql.ts): every evidence write runs this, first, for the row lock.
 */
export async function incrementVersion(
  trx: Tx,
  id: number,
  opts: { at: string; states: State[]; ifMatch: number | null; fields: AssessmentFields },
): Promise<{ version: number; state: State } | null> {
  const columns = fieldColumns(opts.fields);
  const updated = await sqlOf(trx).all<{ version: number | string; state: State }>(
    `update assessments set version = version + 1, updated_at = ?${columns.map(([c]) => `, ${c} = ?`).join('')}` +
      ` where id = ? and state in (${opts.states.map(() => '?').join(', ')})${opts.ifMatch !== null ? ' and version = ?' : ''} returning version, state`,
    [opts.at, ...columns.map(([, v]) => v), id, ...opts.states, ...(opts.ifMatch !== null ? [opts.ifMatch] : [])],
  );
  if (updated.length !== 1) return null;
  return { version: Number(updated[0].version), state: updated[0].state };
}

/** The assessment's trainees become `traineeIds` (a team change before the interview). */
export async function replaceTrainees(trx: Tx, id: number, traineeIds: number[]): Promise<void> {
  await trx('assessment_trainees').where({ assessment_id: id }).delete();
  for (const tid of traineeIds) await trx('assessment_trainees').insert({ assessment_id: id, user_id: tid });
}

/** The version and state as stored now (why a conditional update found no row). */
export async function versionAndState(trx: Tx, id: number): Promise<{ version: number; state: State } | null> {
  const current = await trx('assessments').where({ id }).first('version', 'state');
  return current ? { version: Number(current.version), state: current.state } : null;
}

export async function markReconciliationSigned(trx: Tx, id: number): Promise<void> {
  await trx('assessments').where({ id }).update({ reconciliation_signed: true });
}

export async function markDecided(trx: Tx, id: number, at: string): Promise<void> {
  await trx('assessments').where({ id }).update({ state: 'decided', updated_at: at });
}

export interface AssessmentListItem {
  id: number;
  state: State;
  version: number;
  requestedLabel: Label;
  interviewDate: string | null;
  clusterId: number;
  clusterName: string;
  leadId: number;
  coAssessorId: number | null;
}

/** The assessments the actor takes part in (all of them for an admin), newest first. */
export async function listAssessmentsOf(db: Db, actor: Actor): Promise<AssessmentListItem[]> {
  const q = db('assessments as a')
    .join('clusters as c', 'c.id', 'a.cluster_id')
    .select(
      'a.id',
      'a.state',
      'a.version',
      'a.requested_label',
      'a.interview_date',
      'a.cluster_id',
      'c.name as cluster_name',
      'a.lead_id',
      'a.co_assessor_id',
    )
    .orderBy('a.id', 'desc');
  if (actor.role === 'benchmarker') q.where((w) => w.where('a.lead_id', actor.id).orWhere('a.co_assessor_id', actor.id));
  else if (actor.role === 'trainee') q.whereIn('a.id', db('assessment_trainees').where({ user_id: actor.id }).select('assessment_id'));
  else if (actor.role === 'cluster_manager') q.where('a.cluster_id', actor.clusterId ?? -1);
  const rows = await q;
  return rows.map((r: Record<string, any>) => ({
    id: Number(r.id),
    state: r.state,
    version: Number(r.version),
    requestedLabel: r.requested_label,
    interviewDate: r.interview_date,
    clusterId: Number(r.cluster_id),
    clusterName: r.cluster_name,
    leadId: Number(r.lead_id),
    coAssessorId: r.co_assessor_id == null ? null : Number(r.co_assessor_id),
  }));
}

// ── the assessment's people and cluster, as its services and pages read them ──

/** An active user's role and certification (the team rules), or null. */
export async function activeTeamMember(trx: Tx, id: number): Promise<{ role: string; certification: Label | null } | null> {
  const u = await trx('users').where({ id, active: true }).first('id', 'role', 'certification', 'country');
  return u ? { role: u.role, certification: u.certification ?? null } : null;
}

export interface Person {
  id: number;
  name: string;
  email: string;
  certification: Label | null;
  country: string | null;
}

function personFromRow(r: Record<string, any>): Person {
  return { id: Number(r.id), name: r.name, email: r.email, certification: r.certification ?? null, country: r.country ?? null };
}

/** Users by id (any order; missing ones left out). Plain SQL: the evidence reads the assessors. */
export async function peopleById(db: Db, ids: number[]): Promise<Map<number, Person>> {
  if (ids.length === 0) return new Map();
  const rows = await sqlOf(db).all(
    `select id, name, email, certification, country from users where id in (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return new Map(rows.map((r) => [Number(r.id), personFromRow(r)]));
}

export async function personById(db: Db, id: number): Promise<Person | null> {
  const row = await sqlOf(db).get('select id, name, email, certification, country from users where id = ?', [id]);
  return row ? personFromRow(row) : null;
}
