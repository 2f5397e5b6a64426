/**
 * The check before an irreversible step ("Move to review", "Decide the label"): what is missing or
 * failing, read from the same evidence and score the decision would use, and the label it would award
 * now. The check warns; the steps themselves keep their own rules (assessments.ts, decision.ts).
 */
import type { Actor } from '../auth/actor';
import type { Db } from '../db/types';
import { may } from '../auth/policy';
import { EvidenceError, type Score } from '../../scoring';
import type { EvidenceProblem } from '../../scoring/errors';
import { isSurveyBased, indexFramework } from '../../scoring/framework-index';
import { decidingChecks } from '../../scoring/deciding-checks';
import { loadAssessmentFor, TRANSITIONS, type Assessment } from './assessments';
import { documentStatuses } from './evidence';
import { frameworkByHash } from './frameworks';
import { currentScore } from './scoring';
import { decisionStatus } from './decision';
import { readReconciliation } from './reconciliation';
import { listImprovementAreas } from './improvementAreas';

export interface DecisionCheck {
  a: Assessment;
  /** the step this check comes before: 'review' (move to review) or 'decide' */
  step: 'review' | 'decide';
  /** the score the step would decide on, or null with `evidenceProblems` when the engine refuses the evidence */
  score: Score | null;
  evidenceProblems: EvidenceProblem[] | null;
  /** the checklist items not accepted, with their status ('not_provided' when nothing was uploaded) */
  documents: { item: string; status: string }[];
  survey: {
    valid: number;
    invited: number | null;
    responseRate: number | null;
    minimumMet: boolean;
    /** the framework's minimum: valid answers and response rate (%) */
    minimumResponses: number;
    minimumResponseRate: number;
  } | null;
  missingValues: string[];
  failingRules: string[];
  improvementAreas: { total: number; validated: number; required: number } | null;
  reconciliation: { discrepancies: number; agreed: number; signed: boolean; pending: string[] } | null;
  confirmations: { confirmed: string[]; pending: string[] } | null;
  /** nothing listed: the step can be taken with nothing left open */
  clear: boolean;
  /** the actor may take the step from the current state */
  canAct: boolean;
}

/** GET /api/assessments/:id/check and the check page: the lead, the co-assessor and the admin. */
export async function decisionCheck(db: Db, actor: Actor, assessmentId: number | null): Promise<DecisionCheck> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readDecisionStatus');
  const step = a.state === 'review' ? 'decide' : 'review';
  const fw = await frameworkByHash(db, a.frameworkHash);
  let score: Score | null = null;
  let evidenceProblems: EvidenceProblem[] | null = null;
  try {
    score = (await currentScore(db, a)).score;
  } catch (e) {
    // the engine refuses the evidence (a 409 evidence_invalid elsewhere): listed here, not thrown
    if (!(e instanceof EvidenceError)) throw e;
    evidenceProblems = e.errors;
  }
  const statuses = await documentStatuses(db, a.id);
  const documents = fw.definition.checklist
    .map((c) => ({ item: c.id, status: (statuses[c.id] as string | undefined) ?? 'not_provided' }))
    .filter((d) => d.status !== 'accepted');
  const index = indexFramework(fw.definition);
  const missingValues = score
    ? score.indicators.filter((i) => i.status === 'missing' && !isSurveyBased(index.byId.get(i.id)!)).map((i) => i.id)
    : [];
  // the checks that decide (the requested label's and, when it fails, the fallback's), as the report shows them
  const failingRules = score
    ? decidingChecks(score.label)
        .filter((c) => !c.passed)
        .map((c) => c.rule)
    : [];
  const survey = score
    ? {
        valid: score.survey.valid,
        invited: score.survey.invited,
        responseRate: score.survey.responseRate,
        minimumMet: score.survey.minimumMet,
        minimumResponses: fw.definition.survey.minimumResponses,
        minimumResponseRate: fw.definition.survey.minimumResponseRate,
      }
    : null;
  // S4's areas matter where Silver is asked for (a Gold assessment does not need them)
  const areas = a.requestedLabel === 'silver' ? await listImprovementAreas(db, actor, a.id) : null;
  const required = fw.definition.labelRules.silver?.improvementAreas ?? 3;
  const improvementAreas = areas ? { total: areas.length, validated: areas.filter((x) => x.changeDescribed).length, required } : null;
  let reconciliation: DecisionCheck['reconciliation'] = null;
  let confirmations: DecisionCheck['confirmations'] = null;
  if (a.requestedLabel === 'gold') {
    const rec = await readReconciliation(db, actor, a.id);
    reconciliation = { discrepancies: rec.discrepancies, agreed: rec.agreed, signed: rec.signed, pending: rec.pending.map((p) => p.name) };
    if (a.state === 'review') {
      const st = await decisionStatus(db, actor, a.id);
      confirmations = {
        confirmed: st.confirmations.map((c) => c.name ?? ''),
        pending: st.waitingForNames.map((n) => n ?? ''),
      };
    }
  }
  const clear =
    !evidenceProblems &&
    documents.length === 0 &&
    (survey?.minimumMet ?? false) &&
    missingValues.length === 0 &&
    failingRules.length === 0 &&
    (!improvementAreas || improvementAreas.validated >= improvementAreas.required) &&
    (!reconciliation || reconciliation.signed);
  const canAct =
    step === 'decide'
      ? a.state === 'review' && may(actor, a, 'decide')
      : TRANSITIONS[a.state].includes('review') && may(actor, a, 'transition');
  return {
    a,
    step,
    score,
    evidenceProblems,
    documents,
    survey,
    missingValues,
    failingRules,
    improvementAreas,
    reconciliation,
    confirmations,
    clear,
    canAct,
  };
}
