/**
 * Per-indicator scoring (FRAMEWORK.md §1.4): the first matching step of missing → N/A → documents →
 * survey minimum → scored, with the value's origin and a one-sentence explanation.
 */
import type { Indicator } from '../questionnaires/schema';
import { pointsFor, type BandHit } from './bands';
import { fixed } from './decimal';
import { isSurveyBased, type FrameworkIndex } from './framework-index';
import type { RecordedValue } from './recorded-value';
import type { SurveyAggregate } from './survey';
import type { DocumentStatus, IndicatorEvidence, IndicatorScore, IndicatorStatus } from './types';

export interface IndicatorInputs {
  index: FrameworkIndex;
  values: Map<string, RecordedValue>;
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
  explanation: string;
}

const NO_POINTS: BandHit = { points: 0, band: null };

/** The numeric value and where it came from, or undefined when nothing was recorded. */
function recordedValue(indicator: Indicator, inputs: IndicatorInputs, evidence: IndicatorEvidence): RecordedValue | undefined {
  if (!isSurveyBased(indicator)) {
    const recorded = inputs.values.get(indicator.id);
    if (recorded) {
      evidence.source = 'interview';
      evidence.recorded = recorded.recorded;
      if (recorded.kind !== 'profile' && recorded.computation) evidence.computation = recorded.computation;
    }
    return recorded;
  }
  const { survey } = inputs;
  if (!survey.run) {
    // §1.5: survey-based indicators are N/A when no survey was run (where the framework allows N/A).
    return indicator.notApplicable ? { kind: 'not_applicable', recorded: null, computation: 'no survey was run' } : undefined;
  }
  const result = survey.indicators.get(indicator.id)!;
  evidence.source = 'survey';
  evidence.computation = result.computation;
  evidence.survey = { answers: result.answers, responses: survey.valid, responseRate: survey.responseRate, minimumMet: survey.minimumMet };
  return { kind: 'number', value: result.value ?? NaN, recorded: result.value };
}

function outcome(indicator: Indicator, inputs: IndicatorInputs, recorded: RecordedValue | undefined, evidence: IndicatorEvidence): Outcome {
  if (!recorded) return { status: 'missing', value: null, hit: NO_POINTS, explanation: 'No value is recorded, so the indicator scores 0.' };
  if (recorded.kind === 'not_applicable') {
    const why = recorded.computation ?? 'recorded as not applicable';
    return { status: 'not_applicable', value: null, hit: NO_POINTS, explanation: `Not applicable (${why}), so the indicator scores 0.` };
  }
  const value = recorded.kind === 'number' && !Number.isNaN(recorded.value) ? recorded.value : null;
  const shown = value === null ? 'no value' : showValue(indicator, value);
  const notAccepted = evidence.documents.filter((d) => d.status !== 'accepted');
  if (notAccepted.length > 0) {
    const docs = notAccepted.map((d) => d.id).join(', ');
    return { status: 'insufficient_evidence', value, hit: NO_POINTS, explanation: `${shown}, but required document ${docs} is not accepted, so the indicator scores 0.` };
  }
  if (isSurveyBased(indicator) && (!inputs.survey.minimumMet || value === null)) {
    const why = value === null ? 'no valid response answered its questions' : `the survey minimum is missed: ${inputs.survey.minimumDetail}`;
    return { status: 'insufficient_evidence', value, hit: NO_POINTS, explanation: `${shown}, but ${why}, so the indicator scores 0.` };
  }
  const hit = pointsFor(inputs.index.definition, indicator, value!);
  return { status: 'scored', value, hit, explanation: shown + scoredTail(indicator, hit) };
}

/**
 * What a scored explanation says after the value: " falls in ≥80:4: 4 of 5 points, Gold threshold
 * met." It depends only on the indicator and the band (a band or level fixes the points), so it is
 * made once per pair rather than once per scoring.
 */
const scoredTails = new WeakMap<Indicator, Map<string | null, string>>();
function scoredTail(indicator: Indicator, hit: BandHit): string {
  let tails = scoredTails.get(indicator);
  if (!tails) scoredTails.set(indicator, (tails = new Map()));
  let tail = tails.get(hit.band);
  if (tail === undefined) {
    const scoring = indicator.scoring!;
    const gold = hit.points >= scoring.goldThreshold ? 'Gold threshold met' : `Gold threshold ${scoring.goldThreshold} not met`;
    const where = hit.band ? `falls in ${hit.band}` : 'is below every band';
    tail = ` ${where}: ${hit.points} of ${scoring.maxPoints} points, ${gold}.`;
    tails.set(hit.band, tail);
  }
  return tail;
}

function scoreQuality(indicator: Indicator, inputs: IndicatorInputs): IndicatorScore {
  const scoring = indicator.scoring!;
  const evidence: IndicatorEvidence = {
    source: 'none',
    documents: scoring.requiredDocuments.map((id) => ({ id, status: inputs.documents[id] ?? 'not_provided' })),
    band: null,
  };
  const recorded = recordedValue(indicator, inputs, evidence);
  const result = outcome(indicator, inputs, recorded, evidence);
  evidence.band = result.hit.band;
  const points = result.hit.points;
  return {
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
    explanation: result.explanation,
  };
}

/** Profile indicators (§1.4) are recorded, never scored; without a value they are `missing`. */
function scoreProfile(indicator: Indicator, inputs: IndicatorInputs): IndicatorScore {
  const recorded = inputs.values.get(indicator.id);
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
    explanation: recorded ? 'Profile indicator: recorded for peer comparison, not scored.' : 'Profile indicator without a recorded value.',
  };
}

export function scoreIndicators(inputs: IndicatorInputs): IndicatorScore[] {
  return inputs.index.indicators.map((indicator) =>
    indicator.kind === 'quality' && indicator.scoring ? scoreQuality(indicator, inputs) : scoreProfile(indicator, inputs),
  );
}
