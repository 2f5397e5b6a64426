/**
 * The decision: one transaction freezes the evidence, the score, the framework hash and the engine
 * version, issues the label record with a certificate code and validity, closes the survey and makes
 * the assessment read-only. For Gold both assessors must confirm the same evidence (its hash); the
 * second confirmation signs the reconciliation record and decides, and the decision records both
 * confirmations and what they confirmed.
 */
import crypto from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Db, Tx } from '../db/types';
import { score as scoreEvidence, ENGINE_VERSION, type Evidence, type Score } from '../../scoring';
import type { Actor } from '../auth/actor';
import type { Relation } from '../auth/policy';
import { badRequest, conflict } from '../errors';
import { isUniqueViolation } from '../db/dialect';
import { bumpVersion, loadAssessmentFor, type Assessment } from './assessments';
import { markDecided, markReconciliationSigned, peopleById, personById } from '../repositories/assessments';
import { clusterOf } from '../repositories/clusters';
import { frozenDecision, insertConfirmation, insertDecision } from '../repositories/decisions';
import { insertLabel } from '../repositories/labels';
import { appendAudit } from './audit';
import { assembleEvidence } from './evidence';
import { frameworkByHash } from './frameworks';
import { addDecidedAssessmentToPool } from '../features/benchmark';
import { confirmationsOf, lastWithdrawals, withdrawConfirmations } from './confirmations';
import { closeSurvey, surveyRowOf } from './survey';
import { evidenceHash } from './evidenceHash';
import { signForDecision } from './reconciliation';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** An unguessable, readable certificate code: CM-XXXX-XXXX-XXXX (60 bits). */
export function certificateCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return `CM-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;

/** The body of a decision (and of each Gold confirmation): the decider's short justification. */
export const DecisionBody = Type.Object(
  { justification: Type.String({ maxLength: JUSTIFICATION_MAX }) },
  { additionalProperties: false, required: ['justification'] },
);
export type DecisionBody = Static<typeof DecisionBody>;

export type DecisionOutcome =
  | { decided: true; label: string | null; validUntil: string | null; certificateCode: string | null; score: Score }
  | { decided: false; waitingFor: string[]; waitingForNames: string[] };

/** A confirmation as the decision records it: who, in which role, when, and what they confirmed. */
interface RecordedConfirmation {
  userId: number;
  role: 'lead' | 'co';
  confirmedAt: string;
  evidenceHash: string | null;
  version: number | null;
  justification: string | null;
}

export async function decide(
  trx: Tx,
  a: Assessment,
  actor: Actor,
  rel: Set<Relation>,
  today: string,
  justificationGiven: string,
): Promise<DecisionOutcome> {
  const justification = justificationGiven.trim();
  if (justification.length < JUSTIFICATION_MIN)
    throw badRequest(
      { key: 'errors.justificationRequired', values: { min: JUSTIFICATION_MIN } },
      { field: 'justification', min: JUSTIFICATION_MIN },
    );
  if (a.state !== 'review') {
    throw conflict(
      a.state === 'decided' || a.state === 'released'
        ? { key: 'errors.decidedAlready' }
        : { key: 'errors.onlyReviewDecided', values: { state: { key: `errors.stateWords.${a.state}` } } },
      { state: a.state },
      'invalid_state',
    );
  }
  // Take the assessment's row lock first: concurrent confirmations, decisions and evidence writes run
  // one after the other. The survey's row too: an answer arriving now waits, and then finds it closed.
  await bumpVersion(trx, a, { ifMatch: null, change: null, states: ['review'] });
  await surveyRowOf(trx, a.id, true);
  const fw = await frameworkByHash(trx, a.frameworkHash);
  const current = await assembleEvidence(trx, a, fw, today);
  const hash = evidenceHash(current);
  // evidence the engine refuses is neither confirmed nor decided: 409 naming its problems (errorHandler)
  scoreEvidence(fw, current, { asOf: current.interviewDate });
  let signed = a.reconciliationSigned;
  let confirmations: RecordedConfirmation[] = [];
  if (a.requestedLabel === 'gold') {
    if (!(rel.has('lead') || rel.has('co'))) throw conflict({ key: 'errors.goldConfirmedByAssessors' }, null, 'assessors_only');
    if (a.coAssessorId === null) throw conflict({ key: 'errors.goldNeedsCoAssessor' }, null, 'precondition_failed');
    // A confirmation stands only for the evidence it confirmed. Every evidence write withdraws the
    // standing ones already (bumpVersion); this catches any change that reached the evidence another
    // way (an assessor's certification or country changed by the admin, say).
    if ((await confirmationsOf(trx, a.id)).some((c) => c.evidenceHash !== hash)) {
      await withdrawConfirmations(trx, a.id, { action: 'evidence.changed', actorId: actor.id, subject: null });
    }
    const now = new Date().toISOString();
    await insertConfirmation(trx, {
      assessmentId: a.id,
      userId: actor.id,
      confirmedAt: now,
      evidenceHash: hash,
      version: a.version,
      justification,
    });
    const standing = await confirmationsOf(trx, a.id);
    const confirmed = standing.map((c) => c.userId);
    const waitingFor = [a.leadId, a.coAssessorId].filter((id) => !confirmed.includes(id));
    await appendAudit(trx, {
      actorId: actor.id,
      action: 'decision.confirm',
      entity: 'assessment',
      entityId: a.id,
      after: { confirmed, evidenceHash: hash, version: a.version, justification },
    });
    if (waitingFor.length > 0) {
      const people = await peopleById(trx, waitingFor as number[]);
      const waiting = [...people.keys()].sort((x, y) => x - y).map((id) => people.get(id)!);
      return { decided: false, waitingFor: waiting.map((p) => p.email), waitingForNames: waiting.map((p) => p.name) };
    }
    // both confirmed the same evidence: the reconciliation record is signed (by each who had not yet)
    await signForDecision(trx, a);
    signed = true;
    await markReconciliationSigned(trx, a.id);
    confirmations = standing.map((c) => ({ ...c, role: c.userId === a.leadId ? ('lead' as const) : ('co' as const) }));
  }
  const evidence: Evidence = { ...current, reconciliationSigned: signed };
  const score = scoreEvidence(fw, evidence, { asOf: evidence.interviewDate });
  const now = new Date().toISOString();
  try {
    await insertDecision(trx, {
      assessmentId: a.id,
      evidence,
      score,
      frameworkHash: fw.hash,
      engineVersion: ENGINE_VERSION,
      label: score.label.awarded,
      totalPoints: score.total.points,
      decidedBy: actor.id,
      decidedAt: now,
      confirmations,
      evidenceHash: hash,
      justification,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict({ key: 'errors.decidedAlready' }, null, 'invalid_state');
    throw e;
  }
  let label: { code: string; validUntil: string; issuedOn: string } | null = null;
  if (score.label.awarded && score.label.validUntil) {
    label = { code: certificateCode(), validUntil: score.label.validUntil, issuedOn: score.label.issued ?? evidence.interviewDate };
    await insertLabel(
      trx,
      {
        assessmentId: a.id,
        clusterId: a.clusterId,
        label: score.label.awarded,
        issuedOn: label.issuedOn,
        validUntil: label.validUntil,
        certificateCode: label.code,
      },
      now,
    );
  }
  await closeSurvey(trx, a.id, now);
  await markDecided(trx, a.id, now);
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'decision.decide',
    entity: 'assessment',
    entityId: a.id,
    before: { state: 'review' },
    after: {
      state: 'decided',
      label: score.label.awarded,
      total: score.total.points,
      frameworkHash: fw.hash,
      engineVersion: ENGINE_VERSION,
      certificateCode: label?.code ?? null,
      validUntil: label?.validUntil ?? null,
      issuedOn: label?.issuedOn ?? null,
      clusterId: a.clusterId,
      evidenceHash: hash,
      confirmations,
      justification,
    },
  });
  // the decided assessment joins the peer pool when its cluster consented (the record is kept either way)
  const cluster = (await clusterOf(trx, a.clusterId))!;
  const poolCluster = {
    id: cluster.id,
    country: cluster.country,
    sector: cluster.sector,
    founded_year: cluster.foundedYear,
    benchmark_consent: cluster.benchmarkConsent,
  };
  await addDecidedAssessmentToPool(trx, {
    score,
    cluster: poolCluster,
    assessmentId: a.id,
    label: score.label.awarded,
    validUntil: label?.validUntil ?? null,
    assessedOn: evidence.interviewDate,
    actorId: actor.id,
  });
  return { decided: true, label: score.label.awarded, validUntil: label?.validUntil ?? null, certificateCode: label?.code ?? null, score };
}

export { frozenDecision };

/** The service behind POST /api/assessments/:id/decision and the assessment page's decide button. */
export async function decideAssessment(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  today: string,
  justification: string,
): Promise<DecisionOutcome> {
  const { a, rel } = await loadAssessmentFor(trx, actor, assessmentId, 'decide');
  return decide(trx, a, actor, rel, today, justification);
}

/**
 * Where a Gold decision stands, for the assessors and the admin: the confirmations that stand (and the
 * evidence version each confirmed) and the last withdrawal with the change that caused it.
 */
export async function decisionStatus(knex: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(knex, actor, assessmentId, 'readDecisionStatus');
  const people = new Map<number, { email: string; name: string }>();
  const person = async (id: number) => {
    if (!people.has(id)) {
      const p = await personById(knex, id);
      people.set(id, { email: p?.email ?? '', name: p?.name ?? p?.email ?? '' });
    }
    return people.get(id)!;
  };
  const email = async (id: number | null) => (id === null ? null : (await person(id)).email);
  const name = async (id: number | null) => (id === null ? null : (await person(id)).name);
  const role = (id: number) => (id === a.leadId ? 'lead' : id === a.coAssessorId ? 'co' : 'other');
  const standing = await confirmationsOf(knex, a.id);
  const withdrawn = await lastWithdrawals(knex, a.id);
  const waitingFor =
    a.requestedLabel === 'gold' && a.state === 'review'
      ? [a.leadId, a.coAssessorId].filter((id): id is number => id !== null && !standing.some((c) => c.userId === id))
      : [];
  return {
    state: a.state,
    version: a.version,
    confirmations: await Promise.all(
      standing.map(async (c) => ({ ...c, email: await email(c.userId), name: await name(c.userId), role: role(c.userId) })),
    ),
    waitingFor: await Promise.all(waitingFor.map(email)),
    waitingForNames: await Promise.all(waitingFor.map(name)),
    // the last withdrawal, each marked `pending` while its assessor has not confirmed again since
    withdrawn: await Promise.all(
      withdrawn.map(async (w) => ({
        ...w,
        email: await email(w.userId),
        name: await name(w.userId),
        role: role(w.userId),
        causeBy: await email(w.causeActorId),
        causeByName: await name(w.causeActorId),
        pending: waitingFor.includes(w.userId),
      })),
    ),
  };
}
