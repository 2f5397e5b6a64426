/**
 * A cluster across its cycles (issue "Across cycles"): the label history as a timeline, the
 * assessments of every cycle, the renewal window and the start of the next assessment. The page
 * /clusters/:id and GET /api/clusters/:id/history read it here, with the same rules:
 *
 * - who may read it: the admin, the cluster's benchmarkers (the lead or co-assessor of any of its
 *   assessments) and its manager; anyone else gets 404, as for other clusters' assessments;
 * - a label's state (valid, expired, superseded, unreleased) is services/labels.ts's one rule, and an
 *   unreleased label or decision is shown only to whom the policy's readLabel allows;
 * - renewal (FRAMEWORK.md §5.5–5.6, DOMAIN.md): the held label is renewable by a new benchmarking up to
 *   a year after it expires;
 * - the next assessment starts from the cluster's last decided one (previousAssessmentId), through
 *   createAssessment's rules.
 */
import { Type } from '@sinclair/typebox';
import type { Db, Tx } from '../db/types';
import type { Actor } from '../auth/actor';
import { may, type State } from '../auth/policy';
import { forbidden, notFound } from '../errors';
import { check } from '../http/validate';
import { clusterById, type PublicCluster } from '../repositories/clusters';
import { assessesCluster, assessmentsOfCluster, type ClusterAssessmentRow } from '../repositories/clusterHistory';
import { activeUsersByName } from '../repositories/users';
import type { Label } from '../repositories/assessments';
import { createAssessment, DateSchema, LabelSchema, OPEN_STATES, type Assessment } from './assessments';
import { listFrameworks } from './frameworks';
import { labelsVisibleTo, type LabelState } from './labels';
import { RowId } from '../http/validate';

const today = () => new Date().toISOString().slice(0, 10);
const DECIDED: State[] = ['decided', 'released'];
const NEXT: Record<Label, Label> = { bronze: 'silver', silver: 'gold', gold: 'gold' };

export interface TimelineLabel {
  assessmentId: number;
  label: Label;
  certificateCode: string;
  issued: string;
  validUntil: string;
  state: LabelState;
  /** the label that replaced this one (its certificate code, label and issue date), when superseded */
  supersededBy: { certificateCode: string; label: Label; issued: string } | null;
}

export interface CycleAssessment {
  id: number;
  state: State;
  requestedLabel: Label;
  interviewDate: string | null;
  previousAssessmentId: number | null;
  /** whether the reader may open it */
  readable: boolean;
  /** the decided label (null: no label awarded), or null when undecided or not yet for this reader to know */
  decision: { label: Label | null } | null;
}

export type RenewalStatus = 'open' | 'expired' | 'closed';

export interface Renewal {
  label: Label;
  certificateCode: string;
  validUntil: string;
  /** the last day a renewal may still be made: a year after the label's last valid day */
  windowEnd: string;
  /** open: the label is valid, renew by validUntil; expired: renewable until windowEnd; closed: beyond renewal */
  status: RenewalStatus;
}

export interface ClusterHistory {
  cluster: PublicCluster;
  labels: TimelineLabel[];
  assessments: CycleAssessment[];
  renewal: Renewal | null;
  /** what starting the next assessment takes, for those who may (the admin, the cluster's benchmarkers) */
  next: {
    previousAssessmentId: number | null;
    previousInterviewDate: string | null;
    requestedLabel: Label;
    /** the cluster's assessments still open (preparation, interview, review): a second one is rarely meant */
    openAssessmentIds: number[];
  } | null;
}

const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The last day a label may still be renewed: a year after its last valid day. Validity ends on a
 * month's last day (§5.5), so the window ends on the last day of that month a year later
 * (2027-02-28 → 2028-02-29).
 */
export function renewalWindowEnd(validUntil: string): string {
  const [y, m, d] = validUntil.split('-').map(Number);
  const day = d === lastDayOf(y, m) ? lastDayOf(y + 1, m) : Math.min(d, lastDayOf(y + 1, m));
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An assessment as a cycle of its cluster, with its decided label only where the actor may know it (readLabel, or released). */
const asCycle = (actor: Actor, r: ClusterAssessmentRow): CycleAssessment => ({
  id: r.id,
  state: r.state,
  requestedLabel: r.requestedLabel,
  interviewDate: r.interviewDate,
  previousAssessmentId: r.previousAssessmentId,
  readable: may(actor, r, 'read'),
  // a released label is public (the timeline and /verify show it to anyone); otherwise only readLabel's readers know it
  decision: r.decision && (may(actor, r, 'readLabel') || (r.state === 'released' && r.decision.label !== null)) ? r.decision : null,
});

/** The cluster's assessments the actor may read, as cycles (GET /api/clusters/:id's `assessments`), the newest first. */
export async function readableCycles(knex: Db, actor: Actor, clusterId: number): Promise<CycleAssessment[]> {
  return (await assessmentsOfCluster(knex, clusterId)).map((r) => asCycle(actor, r)).filter((c) => c.readable);
}

/** Whether the actor may read the cluster's history (false → 404); the pages link it only then. */
export async function mayReadClusterHistory(knex: Db, actor: Actor, clusterId: number): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role === 'cluster_manager') return actor.clusterId === clusterId;
  if (actor.role === 'benchmarker') return assessesCluster(knex, actor.id, clusterId);
  return false;
}

const mayStart = (actor: Actor) => actor.role === 'admin' || actor.role === 'benchmarker';

/** The cluster's last decided assessment: the latest interview (the label's issue date), then the latest id. */
function lastDecided(rows: ClusterAssessmentRow[]): ClusterAssessmentRow | null {
  const decided = rows.filter((r) => DECIDED.includes(r.state));
  decided.sort((a, b) =>
    (a.interviewDate ?? '') === (b.interviewDate ?? '') ? b.id - a.id : (b.interviewDate ?? '') > (a.interviewDate ?? '') ? 1 : -1,
  );
  return decided[0] ?? null;
}

async function loadCluster(knex: Db, actor: Actor, id: number | null): Promise<PublicCluster> {
  const cluster = id === null ? undefined : await clusterById(knex, id);
  if (!cluster || !(await mayReadClusterHistory(knex, actor, cluster.id))) throw notFound({ key: 'errors.things.cluster' });
  return cluster;
}

/** The cluster's history as the actor may know it (404 for a cluster the actor may not read). */
export async function clusterHistory(knex: Db, actor: Actor, id: number | null, day = today()): Promise<ClusterHistory> {
  const cluster = await loadCluster(knex, actor, id);
  const judged = await labelsVisibleTo(knex, actor, cluster.id, day);
  const labels: TimelineLabel[] = judged.map((l) => {
    const by = l.supersededBy ? judged.find((m) => m.certificateCode === l.supersededBy) : undefined;
    return {
      assessmentId: l.assessmentId,
      label: l.label,
      certificateCode: l.certificateCode,
      issued: l.issued,
      validUntil: l.validUntil,
      state: l.state,
      supersededBy: by ? { certificateCode: by.certificateCode, label: by.label, issued: by.issued } : null,
    };
  });
  // the newest cycle first: by interview date (one not yet set is the newest), then by number
  const rows = (await assessmentsOfCluster(knex, cluster.id)).sort((a, b) =>
    (a.interviewDate ?? '9999') === (b.interviewDate ?? '9999')
      ? b.id - a.id
      : (b.interviewDate ?? '9999') > (a.interviewDate ?? '9999')
        ? 1
        : -1,
  );
  const assessments = rows.map((r) => asCycle(actor, r));
  // the label the cluster holds: the newest released one no later label replaced (labels.ts judged it)
  const held = labels.find((l) => l.state === 'valid' || l.state === 'expired');
  const renewal: Renewal | null = held
    ? {
        label: held.label,
        certificateCode: held.certificateCode,
        validUntil: held.validUntil,
        windowEnd: renewalWindowEnd(held.validUntil),
        status: held.state === 'valid' ? 'open' : renewalWindowEnd(held.validUntil) >= day ? 'expired' : 'closed',
      }
    : null;
  const previous = lastDecided(rows);
  const next = mayStart(actor)
    ? {
        previousAssessmentId: previous?.id ?? null,
        previousInterviewDate: previous?.interviewDate ?? null,
        openAssessmentIds: rows.filter((r) => OPEN_STATES.includes(r.state)).map((r) => r.id),
        requestedLabel: held && held.state === 'valid' ? NEXT[held.label] : held ? held.label : 'bronze',
      }
    : null;
  return { cluster, labels, assessments, renewal, next };
}

/** The page's data: the history, and for those who may start the next assessment the form's choices. */
export async function clusterPage(knex: Db, actor: Actor, id: number | null) {
  const history = await clusterHistory(knex, actor, id);
  if (!history.next) return { ...history, form: null };
  const users = await activeUsersByName(knex);
  return {
    ...history,
    form: {
      frameworks: await listFrameworks(knex),
      benchmarkers: users.filter((u) => u.role === 'benchmarker'),
    },
  };
}

/** What the start form sends: the team and the label; the cluster and the assessment to start from are the page's. */
export const NextAssessment = Type.Object(
  {
    frameworkId: RowId(),
    requestedLabel: LabelSchema,
    leadId: RowId(),
    coAssessorId: Type.Optional(Type.Union([RowId(), Type.Null()])),
    interviewDate: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);

/**
 * Starts the cluster's next assessment from its last decided one (none when the cluster has no decided
 * assessment yet): the admin and the cluster's benchmarkers; its manager gets 403, anyone else 404.
 * The team rules and the audit are createAssessment's. The caller holds the transaction.
 */
export async function startNextAssessment(trx: Tx, actor: Actor, clusterId: number | null, input: unknown): Promise<Assessment> {
  const history = await clusterHistory(trx, actor, clusterId);
  if (!history.next) throw forbidden({ key: 'errors.forbidden' });
  const body = check(NextAssessment, input);
  return createAssessment(
    trx,
    {
      clusterId: history.cluster.id,
      frameworkId: body.frameworkId,
      requestedLabel: body.requestedLabel,
      leadId: body.leadId,
      ...(body.coAssessorId != null ? { coAssessorId: body.coAssessorId } : {}),
      ...(body.interviewDate ? { interviewDate: body.interviewDate } : {}),
      ...(history.next.previousAssessmentId !== null ? { previousAssessmentId: history.next.previousAssessmentId } : {}),
    },
    actor,
  );
}
