/**
 * Who knows a label, and whether it holds. Until its assessment is released only the assessors and
 * the admin know a label (policy action readLabel); from the release on it is public: /verify confirms
 * it and the registry lists it (DESIGN.md, lifecycle). Every page and route that shows a label reads it
 * here, so the rule is written once.
 *
 * A released label is superseded by a newer released label of the same cluster from that label's
 * issue date (FRAMEWORK.md §5.6: a cluster holds at most one label). A label not yet released
 * replaces nothing.
 */
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { may, type State, type Team } from '../auth/policy';
import type { Assessment } from '../repositories/assessments';
import { freezePrint } from './reportInput';

export type LabelState = 'valid' | 'expired' | 'superseded' | 'unreleased';

export interface LabelRecord {
  id: number;
  assessmentId: number;
  clusterId: number;
  label: 'bronze' | 'silver' | 'gold';
  issued: string;
  validUntil: string;
  certificateCode: string;
  releasedAt: string | null;
}

export interface JudgedLabel extends LabelRecord {
  state: LabelState;
  /** the certificate code of the released label that replaced this one */
  supersededBy: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

function fromRow(r: Record<string, any>): LabelRecord {
  return {
    id: Number(r.id), assessmentId: Number(r.assessment_id), clusterId: Number(r.cluster_id), label: r.label,
    issued: r.issued_on, validUntil: r.valid_until, certificateCode: r.certificate_code, releasedAt: r.released_at ?? null,
  };
}

const LABEL_COLUMNS = ['l.id', 'l.assessment_id', 'l.cluster_id', 'l.label', 'l.issued_on', 'l.valid_until', 'l.certificate_code', 'l.released_at'];

/** later in issue order (the id breaks a tie of two labels issued on one day) */
const isNewer = (m: LabelRecord, l: LabelRecord) => m.issued > l.issued || (m.issued === l.issued && m.id > l.id);

/**
 * The state of a label on `day`, given the labels of its cluster (any of them; only the released ones
 * can supersede). The one rule for /verify, the registry and the cluster API.
 */
export function judgeLabel(l: LabelRecord, clusterLabels: LabelRecord[], day: string): JudgedLabel {
  if (l.releasedAt === null) return { ...l, state: 'unreleased', supersededBy: null };
  const replacing = clusterLabels
    .filter((m) => m.id !== l.id && m.clusterId === l.clusterId && m.releasedAt !== null && isNewer(m, l) && m.issued <= day)
    .sort((a, b) => (isNewer(a, b) ? 1 : -1))[0];
  if (replacing) return { ...l, state: 'superseded', supersededBy: replacing.certificateCode };
  return { ...l, state: l.validUntil < day ? 'expired' : 'valid', supersededBy: null };
}

async function releasedLabelsOf(knex: Knex, clusterIds: number[]): Promise<LabelRecord[]> {
  if (!clusterIds.length) return [];
  return (await knex('labels as l').whereIn('l.cluster_id', clusterIds).whereNotNull('l.released_at').select(LABEL_COLUMNS)).map(fromRow);
}

/** A released label by its certificate code, judged today, with its cluster; null for an unknown or unreleased code. */
export async function publicLabelByCode(knex: Knex, code: string, day = today()) {
  const row = await knex('labels as l').join('clusters as c', 'c.id', 'l.cluster_id').where('l.certificate_code', code).whereNotNull('l.released_at')
    .first([...LABEL_COLUMNS, 'c.name as cluster_name', 'c.country as cluster_country']);
  if (!row) return null;
  const l = fromRow(row);
  return { ...judgeLabel(l, await releasedLabelsOf(knex, [l.clusterId]), day), cluster: row.cluster_name as string, country: row.cluster_country as string };
}

/** The labels of a cluster this actor may know, newest first: the released ones, and unreleased ones it assesses (or all, for an admin). */
export async function labelsVisibleTo(knex: Knex, actor: Actor, clusterId: number, day = today()): Promise<JudgedLabel[]> {
  const rows = await knex('labels as l').join('assessments as a', 'a.id', 'l.assessment_id').where('l.cluster_id', clusterId)
    .orderBy([{ column: 'l.issued_on', order: 'desc' }, { column: 'l.id', order: 'desc' }])
    .select([...LABEL_COLUMNS, 'a.state', 'a.lead_id', 'a.co_assessor_id']);
  const unreleased = rows.filter((r: Record<string, any>) => r.released_at == null).map((r: Record<string, any>) => Number(r.assessment_id));
  const trainees = unreleased.length ? await knex('assessment_trainees').whereIn('assessment_id', unreleased).select('assessment_id', 'user_id') : [];
  const teamOf = (r: Record<string, any>): Team => ({
    clusterId, leadId: Number(r.lead_id), coAssessorId: r.co_assessor_id == null ? null : Number(r.co_assessor_id), state: r.state as State,
    traineeIds: trainees.filter((t: Record<string, any>) => Number(t.assessment_id) === Number(r.assessment_id)).map((t: Record<string, any>) => Number(t.user_id)),
  });
  const all = rows.map(fromRow);
  return rows
    .filter((r: Record<string, any>) => r.released_at != null || may(actor, teamOf(r), 'readLabel'))
    .map((r: Record<string, any>) => judgeLabel(fromRow(r), all, day));
}

/**
 * The outcome of an assessment as its page shows it (the decided label, the certificate), or nulls
 * when there is none yet or the actor may not know it yet.
 */
export async function outcomeFor(knex: Knex, actor: Actor, a: Assessment) {
  if (!may(actor, a, 'readLabel')) return { decision: null, label: null };
  const decision = await knex('decisions').where({ assessment_id: a.id }).first('label', 'total_points', 'decided_at');
  const label = await knex('labels').where({ assessment_id: a.id }).first('label', 'valid_until', 'certificate_code', 'issued_on');
  return { decision: decision ?? null, label: label ?? null };
}

/** The label registry: every released label with its cluster, judged today, the newest first. */
export async function labelRegistry(knex: Knex, day = today()) {
  const rows = await knex('labels as l').join('clusters as c', 'c.id', 'l.cluster_id').whereNotNull('l.released_at')
    .orderBy([{ column: 'l.issued_on', order: 'desc' }, { column: 'l.id', order: 'desc' }])
    .select([...LABEL_COLUMNS, 'c.name as cluster', 'c.country']);
  const all = rows.map(fromRow);
  const soon = new Date(Date.parse(`${day}T00:00:00Z`) + 92 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return rows.map((r: Record<string, any>) => {
    const j = judgeLabel(fromRow(r), all, day);
    return { ...j, cluster: r.cluster as string, country: r.country as string, expiresSoon: j.state === 'valid' && j.validUntil <= soon };
  });
}

/**
 * The release (called by the release transition, in its transaction): the label becomes public and
 * what the report and the certificate print is frozen.
 */
export async function recordRelease(trx: Knex.Transaction, a: Assessment, actor: Actor, now: Date): Promise<void> {
  await trx('labels').where({ assessment_id: a.id }).whereNull('released_at').update({ released_at: now.toISOString() });
  await freezePrint(trx, a, actor, now);
}
