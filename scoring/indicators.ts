/**
 * Per-indicator scoring (FRAMEWORK.md §1.4): the first matching step of missing → N/A → documents →
 * survey minimum → scored, with the value's origin and a one-sentence explanation (worded from the
 * outcome's facts by wording.ts, the message catalogue's English).
 */
import type { FrameworkDefinition, Indicator } from '../questionnaires/schema';
import { bandLabel, pointsFor, usesLevels, type BandHit } from './bands';
import { fixed } from './decimal';
import { isSurveyBased, type FrameworkIndex } from './framework-index';
import { levelDocuments } from './level-documents';
import type { RecordedValue } from './recorded-value';
import type { SurveyAggregate } from './survey';
import type { DocumentBlock, DocumentStatus, IndicatorEvidence, IndicatorScore, IndicatorStatus } from './types';
import { engineWording, indicatorText, type IndicatorFacts, type Wording } from './wording';

export interface IndicatorInputs {
  index: FrameworkIndex;
  /** the recorded values by indicator position (FrameworkIndex.positions) */
  values: (RecordedValue | undefined)[];
  documents: Record<string, DocumentStatus>;
  survey: SurveyAggregate;
}

/** How a value reads in an explanation: "L4", "83.9 %", "2.50 FTE", "3.91". */
export function showValue(indicator: Indicator, value: number): string {
  switch (indicator.valueType) {
    case 'scale':
      return `L${value}`;
    case 'percent':
    case 'survey_percent_yes':
      return `${fixed(value, 1)} %`;
    case 'fte':
      return `${fixed(value, 2)} FTE`;
    case 'survey_mean':
      return fixed(value, 2);
    case 'months':
      return `${value} months`;
    case 'years':
      return `${value} years`;
    default:
      return String(value);
  }
}

interface Outcome {
  status: IndicatorStatus;
  value: number | null;
  hit: BandHit;
  /** why, as data: what the explanation says */
  facts: IndicatorFacts;
  /** a scale level held below the recorded one by documents its conditions name (§1.3.2) */
  levelHeldBy?: string[];
}

const NO_POINTS: BandHit = { points: 0, band: null };

/**
 * What scoring a quality indicator reads of its definition, arranged once per framework. A loaded
 * definition is deep-frozen, and V8 iterates a frozen array several times slower than a plain one, so
 * the band minimums and the required documents are copied into plain arrays; each band's (or
 * level's) points and label are made here once instead of once per scoring.
 */
interface QualityPlan {
  indicator: Indicator;
  scoring: NonNullable<Indicator['scoring']>;
  surveyBased: boolean;
  requiredDocuments: string[];
  /** the band minimums in band order; null when the points come from a level scale */
  mins: number[] | null;
  /** by band position, or by level − 1 */
  scored: BandHit[];
  /** no band holds (bands only) */
  below: BandHit | null;
  /** the engine's English, values read by showValue */
  english: Wording;
  /** by level − 1, the documents the conditions of levels 2…L name (§1.3.2); null when none does */
  levelDocuments: string[][] | null;
}

function qualityPlan(definition: FrameworkDefinition, indicator: Indicator): QualityPlan {
  const scoring = indicator.scoring!;
  const plan: QualityPlan = {
    indicator,
    scoring,
    surveyBased: isSurveyBased(indicator),
    requiredDocuments: [...scoring.requiredDocuments],
    mins: null,
    scored: [],
    below: null,
    english: engineWording((_id, v) => showValue(indicator, v)),
    levelDocuments: levelDocuments(definition, indicator),
  };
  if (!usesLevels(indicator)) {
    const bands = scoring.bands!;
    plan.mins = bands.map((band) => band.min);
    plan.scored = bands.map((band) => ({ points: band.points, band: bandLabel(band) }));
    plan.below = { points: 0, band: null };
  } else {
    // An unknown scale is left to pointsFor, which throws only when a value is actually scored.
    const scale: unknown = definition.scales[scoring.scale!];
    if (Array.isArray(scale)) plan.scored = scale.map((points, level) => ({ points, band: `L${level + 1}` }));
  }
  return plan;
}

/** The plans of the framework's indicators in catalogue order (null: a profile indicator). */
const plansByIndex = new WeakMap<FrameworkIndex, (QualityPlan | null)[]>();
function plansOf(index: FrameworkIndex): (QualityPlan | null)[] {
  let plans = plansByIndex.get(index);
  if (!plans) {
    plans = index.indicators.map((i) => (i.kind === 'quality' && i.scoring ? qualityPlan(index.definition, i) : null));
    plansByIndex.set(index, plans);
  }
  return plans;
}

/** Points and band for a value: exactly what pointsFor gives. */
function scoredFor(plan: QualityPlan, definition: FrameworkDefinition, value: number): BandHit {
  const { mins } = plan;
  if (mins !== null) {
    // §1.3.1: the last band whose condition holds
    let k = -1;
    for (let b = 0; b < mins.length; b++) if (value >= mins[b]) k = b;
    return k < 0 ? plan.below! : plan.scored[k];
  }
  if (Number.isInteger(value) && value >= 1 && value <= plan.scored.length) return plan.scored[value - 1];
  return pointsFor(definition, plan.indicator, value);
}

const isAccepted = (inputs: IndicatorInputs, id: string) => inputs.documents[id] === 'accepted';

/**
 * §1.3.2: the highest level up to the recorded one all of whose document conditions hold, and the
 * documents the recorded level names that are not accepted (empty: the recorded level holds).
 */
function levelReached(plan: QualityPlan, inputs: IndicatorInputs, recorded: number): { level: number; notAccepted: string[] } {
  const named = plan.levelDocuments?.[recorded - 1];
  if (!named || !Number.isInteger(recorded)) return { level: recorded, notAccepted: [] };
  const notAccepted = named.filter((id) => !isAccepted(inputs, id));
  if (notAccepted.length === 0) return { level: recorded, notAccepted };
  let level = recorded - 1;
  while (level > 1 && plan.levelDocuments![level - 1].some((id) => !isAccepted(inputs, id))) level--;
  return { level, notAccepted };
}

/**
 * The first step of §1.4 that applies to a recorded value (undefined: nothing recorded), with the
 * facts its explanation words. `asIfAccepted` re-scores it as if every document were accepted (IndicatorScore.heldBy).
 */
function outcome(
  plan: QualityPlan,
  inputs: IndicatorInputs,
  recorded: RecordedValue | undefined,
  documents: IndicatorEvidence['documents'],
  notAccepted: number,
  asIfAccepted = false,
): Outcome {
  if (!recorded) return { status: 'missing', value: null, hit: NO_POINTS, facts: { kind: 'missing' } };
  if (recorded.kind === 'not_applicable') {
    const reason =
      recorded.computation === 'zero denominator' ? 'zero_denominator' : recorded === SURVEY_NOT_RUN ? 'no_survey' : 'recorded';
    return { status: 'not_applicable', value: null, hit: NO_POINTS, facts: { kind: 'not_applicable', reason } };
  }
  const id = plan.indicator.id;
  const value = recorded.kind === 'number' && !Number.isNaN(recorded.value) ? recorded.value : null;
  if (notAccepted > 0 && !asIfAccepted) {
    const docs = documents.filter((d) => d.status !== 'accepted').map((d) => d.id);
    return {
      status: 'insufficient_evidence',
      value,
      hit: NO_POINTS,
      facts: { kind: 'documents_not_accepted', indicator: id, value, documents: docs },
    };
  }
  if (plan.surveyBased && (!inputs.survey.minimumMet || value === null)) {
    const facts: IndicatorFacts =
      value === null ? { kind: 'no_valid_answers' } : { kind: 'survey_missed', indicator: id, value, survey: inputs.survey.minimumFacts };
    return { status: 'insufficient_evidence', value, hit: NO_POINTS, facts };
  }
  const { scoring } = plan;
  if (plan.levelDocuments && !asIfAccepted) {
    const reached = levelReached(plan, inputs, value!);
    if (reached.level < value!) {
      const hit = scoredFor(plan, inputs.index.definition, reached.level);
      const facts: IndicatorFacts = {
        kind: 'level_held',
        indicator: id,
        recorded: value!,
        value: reached.level,
        documents: reached.notAccepted,
        band: hit.band,
        points: hit.points,
        maxPoints: scoring.maxPoints,
        threshold: scoring.goldThreshold,
      };
      return { status: 'scored', value: reached.level, hit, facts, levelHeldBy: reached.notAccepted };
    }
  }
  const hit = scoredFor(plan, inputs.index.definition, value!);
  return {
    status: 'scored',
    value,
    hit,
    facts: {
      kind: 'scored',
      indicator: id,
      value: value!,
      band: hit.band,
      points: hit.points,
      maxPoints: scoring.maxPoints,
      threshold: scoring.goldThreshold,
    },
  };
}

/**
 * When documents not accepted hold the points down (§1.4 step 3, §1.3.2): which, and what the same
 * value gives re-scored with them accepted. Undefined when accepting them would not add a point.
 */
function heldBy(
  plan: QualityPlan,
  inputs: IndicatorInputs,
  recorded: RecordedValue | undefined,
  documents: IndicatorEvidence['documents'],
  result: Outcome,
): DocumentBlock | undefined {
  const required = documents.filter((d) => d.status !== 'accepted').map((d) => d.id);
  if (required.length === 0 && !result.levelHeldBy) return undefined;
  const full = outcome(plan, inputs, recorded, documents, 0, true);
  if (full.hit.points <= result.hit.points || full.value === null) return undefined;
  const reasons: DocumentBlock['reasons'] = {};
  for (const id of required) reasons[id] = 'required';
  const level = plan.levelDocuments?.[full.value - 1] ?? [];
  for (const id of level) if (!isAccepted(inputs, id) && !reasons[id]) reasons[id] = 'level_condition';
  const ids = Object.keys(reasons).sort();
  const statuses: DocumentBlock['statuses'] = {};
  for (const id of ids) statuses[id] = inputs.documents[id] ?? 'not_provided';
  const value = usesLevels(plan.indicator) ? `L${full.value}` : full.value;
  return { documents: ids, statuses, reasons, value, points: full.hit.points };
}

const SURVEY_NOT_RUN: RecordedValue = { kind: 'not_applicable', recorded: null, computation: 'no survey was run' };

/**
 * The evidence object is written in one literal per source, in its final key order (source,
 * documents, band, then recorded / computation / survey as they apply), rather than grown property
 * by property: the same keys in the same order, built faster.
 */
function scoreQuality(plan: QualityPlan, position: number, inputs: IndicatorInputs): IndicatorScore {
  const { indicator, scoring } = plan;
  const required = plan.requiredDocuments;
  const documents: IndicatorEvidence['documents'] = [];
  let notAccepted = 0;
  for (let d = 0; d < required.length; d++) {
    const id = required[d];
    const status = inputs.documents[id] ?? 'not_provided';
    if (status !== 'accepted') notAccepted++;
    documents.push({ id, status });
  }
  let evidence: IndicatorEvidence;
  let recorded: RecordedValue | undefined;
  let result: Outcome;
  if (!plan.surveyBased) {
    recorded = inputs.values[position];
    result = outcome(plan, inputs, recorded, documents, notAccepted);
    const band = result.hit.band;
    if (!recorded) evidence = { source: 'none', documents, band };
    else if (recorded.kind !== 'profile' && recorded.computation) {
      evidence = { source: 'interview', documents, band, recorded: recorded.recorded, computation: recorded.computation };
    } else evidence = { source: 'interview', documents, band, recorded: recorded.recorded };
  } else if (!inputs.survey.run) {
    // §1.5: survey-based indicators are N/A when no survey was run (where the framework allows N/A).
    recorded = indicator.notApplicable ? SURVEY_NOT_RUN : undefined;
    result = outcome(plan, inputs, recorded, documents, notAccepted);
    evidence = { source: 'none', documents, band: result.hit.band };
  } else {
    const { survey } = inputs;
    const value = survey.indicators.get(indicator.id)!;
    recorded = { kind: 'number', value: value.value ?? NaN, recorded: value.value };
    result = outcome(plan, inputs, recorded, documents, notAccepted);
    const facts = { answers: value.answers, responses: survey.valid, responseRate: survey.responseRate, minimumMet: survey.minimumMet };
    evidence = { source: 'survey', documents, band: result.hit.band, computation: value.computation, survey: facts };
  }
  const points = result.hit.points;
  const held =
    result.status === 'missing' || result.status === 'not_applicable' ? undefined : heldBy(plan, inputs, recorded, documents, result);
  const score: IndicatorScore = {
    id: indicator.id,
    number: indicator.number,
    area: indicator.area,
    kind: 'quality',
    value: result.value,
    points,
    maxPoints: scoring.maxPoints,
    threshold: scoring.goldThreshold,
    thresholdMet: points >= scoring.goldThreshold,
    minimumPoints: scoring.minimumPoints,
    minimumMet: scoring.minimumPoints === null || points >= scoring.minimumPoints,
    status: result.status,
    evidence,
    explanation: indicatorText(result.facts, plan.english),
  };
  // only when present, so a score without blocked indicators keeps its shape
  if (held) score.heldBy = held;
  return score;
}

const PROFILE_ENGLISH = engineWording((_id, v) => String(v));

/** Profile indicators (§1.4) are recorded, never scored; without a value they are `missing`. */
function scoreProfile(indicator: Indicator, position: number, inputs: IndicatorInputs): IndicatorScore {
  const recorded = inputs.values[position];
  return {
    id: indicator.id,
    number: indicator.number,
    area: indicator.area,
    kind: 'profile',
    value: recorded && recorded.kind === 'profile' ? recorded.value : null,
    points: 0,
    maxPoints: 0,
    threshold: 0,
    thresholdMet: true,
    minimumPoints: null,
    minimumMet: true,
    status: recorded ? 'scored' : 'missing',
    evidence: { source: recorded ? 'interview' : 'none', recorded: recorded?.recorded, documents: [], band: null },
    explanation: indicatorText({ kind: 'profile', recorded: !!recorded }, PROFILE_ENGLISH),
  };
}

export function scoreIndicators(inputs: IndicatorInputs): IndicatorScore[] {
  const { indicators } = inputs.index;
  const plans = plansOf(inputs.index);
  const scores: IndicatorScore[] = [];
  for (let i = 0; i < indicators.length; i++) {
    const plan = plans[i];
    scores.push(plan ? scoreQuality(plan, i, inputs) : scoreProfile(indicators[i], i, inputs));
  }
  return scores;
}
