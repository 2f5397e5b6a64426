/**
 * The eligibility checklist of an assessment, as its framework version defines it (esca-default 1.1.0:
 * `eligibility.criteria`), with the lead's answers; and the gate that keeps an assessment in preparation
 * while a criterion is unanswered or not met.
 *
 * A procedural gate before the interview, not a scoring rule: the engine's eligibility rule B3 (E1–E4
 * in `labelRules.bronze`, FRAMEWORK.md §5.1) still reads the indicators (MGT-02, STR-03, STR-02, INT-05)
 * and this checklist changes no point and no label check. A framework version without a checklist
 * (1.0.0) has no gate.
 *
 * Its own module, apart from eligibility.ts: assessments.ts (the transition) reads the gate, and
 * eligibility.ts reads assessments.ts (loadAssessmentFor).
 */
import type { Db, Tx } from '../db/types';
import type { EligibilityCriterion, LocalizedText } from '../../questionnaires';
import type { Assessment } from '../repositories/assessments';
import { eligibilityAnswersOf, type EligibilityAnswer } from '../repositories/eligibility';
import { conflict, type Message } from '../errors';
import { frameworkByHash } from './frameworks';

export type CriterionStatus = 'met' | 'not_met' | 'unanswered';

export interface CriterionState {
  id: string;
  name: LocalizedText;
  guide: LocalizedText;
  check: EligibilityCriterion['check'];
  indicator: string | null;
  status: CriterionStatus;
  answer: EligibilityAnswer | null;
}

export interface EligibilityState {
  /** the assessment's framework version */
  framework: { id: string; version: string };
  /** false: the assessment's framework version has no checklist (nothing to check, no gate) */
  applies: boolean;
  intro: LocalizedText | null;
  criteria: CriterionState[];
  /** the ids of the criteria unanswered or not met */
  failed: string[];
}

/** The criteria of the assessment's framework version with the lead's answers. */
export async function eligibilityState(db: Db | Tx, a: Pick<Assessment, 'id' | 'frameworkHash'>): Promise<EligibilityState> {
  const def = (await frameworkByHash(db, a.frameworkHash)).definition;
  const framework = { id: def.id, version: def.version };
  const section = def.eligibility;
  if (!section) return { framework, applies: false, intro: null, criteria: [], failed: [] };
  const answers = new Map((await eligibilityAnswersOf(db, a.id)).map((x) => [x.criterionId, x]));
  const criteria = section.criteria.map((c): CriterionState => {
    const answer = answers.get(c.id) ?? null;
    return {
      id: c.id,
      name: c.name,
      guide: c.guide,
      check: c.check,
      indicator: c.indicator ?? null,
      status: answer === null ? 'unanswered' : answer.met ? 'met' : 'not_met',
      answer,
    };
  });
  return { framework, applies: true, intro: section.intro, criteria, failed: criteria.filter((c) => c.status !== 'met').map((c) => c.id) };
}

/**
 * 409 eligibility_not_met when the assessment may not move to the interview: the message names every
 * criterion unanswered or not met (in the reader's language: the names are the framework's en/nb texts).
 */
export async function requireEligible(trx: Tx, a: Assessment): Promise<void> {
  const state = await eligibilityState(trx, a);
  const failed = state.criteria.filter((c) => c.status !== 'met');
  if (failed.length === 0) return;
  const list: Message[] = failed.map((c) => ({
    key: 'errors.eligibilityCriterion',
    values: { id: c.id, name: c.name, status: { key: `errors.eligibilityStatus.${c.status}` } },
  }));
  throw conflict(
    { key: 'errors.eligibilityNotMet', values: { criteria: { list, separator: '; ' } } },
    { state: a.state, criteria: failed.map((c) => ({ id: c.id, status: c.status })) },
    'eligibility_not_met',
  );
}
