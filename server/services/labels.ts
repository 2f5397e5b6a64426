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
import type { Db, Tx } from '../db/types';
import type { Actor } from '../auth/actor';
import { may, type State, type Team } from '../auth/policy';
import type { Assessment } from '../repositories/assessments';
import { freezePrint } from './reportInput';
import {
  labelsOfClusterWithTeams,
  markLabelReleased,
  outcomeRows,
  releasedLabelByCode,
  releasedLabelsOf,
  releasedLabelsWithClusters,
  type LabelRecord,
} from '../repositories/labels';

export type { LabelRecord } from '../repositories/labels';

export type LabelState = 'valid' | 'expired' | 'superseded' | 'unreleased';

export interface JudgedLabel extends LabelRecord {
  state: LabelState;
  /** the certificate code of the released label that replaced this one */
  supersededBy: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

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

/** A released label by its certificate code, judged today, with its cluster; null for an unknown or unreleased code. */
export async function publicLabelByCode(knex: Db, code: string, day = today()) {
  const found = await releasedLabelByCode(knex, code);
  if (!found) return null;
  const l = found.record;
  return { ...judgeLabel(l, await releasedLabelsOf(knex, [l.clusterId]), day), cluster: found.cluster, country: found.country };
}

/** The labels of a cluster this actor may know, newest first: the released ones, and unreleased ones it assesses (or all, for an admin). */
export async function labelsVisibleTo(knex: Db, actor: Actor, clusterId: number, day = today()): Promise<JudgedLabel[]> {
  const rows = await labelsOfClusterWithTeams(knex, clusterId);
  const teamOf = ({ team }: (typeof rows)[number]): Team => ({
    clusterId,
    leadId: team.leadId,
    coAssessorId: team.coAssessorId,
    state: team.state as State,
    traineeIds: team.traineeIds,
  });
  const all = rows.map((r) => r.record);
  return rows.filter((r) => r.record.releasedAt != null || may(actor, teamOf(r), 'readLabel')).map((r) => judgeLabel(r.record, all, day));
}

/**
 * The outcome of an assessment as its page shows it (the decided label, the certificate), or nulls
 * when there is none yet or the actor may not know it yet.
 */
export async function outcomeFor(knex: Db, actor: Actor, a: Assessment) {
  if (!may(actor, a, 'readLabel')) return { decision: null, label: null };
  return outcomeRows(knex, a.id);
}

/** The label registry: every released label with its cluster, judged today, the newest first. */
export async function labelRegistry(knex: Db, day = today()) {
  const rows = await releasedLabelsWithClusters(knex);
  const all = rows.map((r) => r.record);
  const soon = new Date(Date.parse(`${day}T00:00:00Z`) + 92 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return rows.map((r) => {
    const j = judgeLabel(r.record, all, day);
    return { ...j, cluster: r.cluster, country: r.country, expiresSoon: j.state === 'valid' && j.validUntil <= soon };
  });
}

/**
 * The release (called by the release transition, in its transaction): the label becomes public and
 * what the report and the certificate print is frozen.
 */
export async function recordRelease(trx: Tx, a: Assessment, actor: Actor, now: Date): Promise<void> {
  await markLabelReleased(trx, a.id, now.toISOString());
  await freezePrint(trx, a, actor, now);
}
