/**
 * Survey aggregation (FRAMEWORK.md §3.3): valid responses, response rate, the minimum-response gate,
 * per-question means and the survey-based indicator values. Pure integer sums; every rounding goes
 * through decimal.ts.
 *
 * Every answer is visited once: the same pass tallies the valid responses and, when the caller
 * passes a problem list (evidence validation), checks each answer against its question.
 */
import type { Indicator } from '../questionnaires/schema';
import { fixed, mean, percent } from './decimal';
import type { EvidenceProblem } from './errors';
import type { SurveyEvidence } from './evidence';
import type { FrameworkIndex } from './framework-index';
import type { SurveySummary } from './types';
import { checkResponseCount, pushAnswerProblem } from './validate-survey';

/** A survey-based indicator's value; null when no valid response answered its items. */
export interface SurveyIndicatorValue {
  value: number | null;
  answers: number;
  computation: string;
}

export interface SurveyAggregate {
  run: boolean;
  invited: number | null;
  valid: number;
  responseRate: number | null;
  minimumMet: boolean;
  /** why the minimum is missed, for explanations */
  minimumDetail: string;
  indicators: Map<string, SurveyIndicatorValue>;
  summary: SurveySummary;
}

type Response = Record<string, unknown>;
/** One response's answers by question position (undefined: unanswered). */
type Row = unknown[];

const isLikert = (x: unknown): x is number => typeof x === 'number' && x >= 1 && x <= 5;

function isValidRow(index: FrameworkIndex, row: Row): boolean {
  let answered = 0;
  for (const p of index.validityPositions) if (isLikert(row[p])) answered++;
  return answered >= index.definition.survey.minAnswered;
}

/**
 * One question's answers in the valid responses: each distinct answer (in the order first given)
 * with its count, which become the report's distribution; for Likert questions also the sum.
 */
class AnswerTally {
  private readonly answers: unknown[] = [];
  private readonly counts: number[] = [];
  sum = 0;
  count = 0;

  constructor(readonly likert: boolean) {}

  add(answer: unknown): void {
    const k = this.find(answer);
    if (k < 0) {
      this.answers.push(answer);
      this.counts.push(1);
    } else {
      this.counts[k]++;
    }
    if (this.likert) {
      this.sum += answer as number;
      this.count++;
    }
  }

  /** Position of a distinct answer (compared as a Map compares keys: NaN equals NaN), or -1. */
  private find(answer: unknown): number {
    for (let k = 0; k < this.answers.length; k++) {
      const known = this.answers[k];
      if (known === answer || (known !== known && answer !== answer)) return k;
    }
    return -1;
  }

  distribution(): Record<string, number> {
    const record: Record<string, number> = {};
    for (let k = 0; k < this.answers.length; k++) record[String(this.answers[k])] = this.counts[k];
    return record;
  }
}

/** A survey-based indicator's running sums over the valid responses (§3.3.4). */
class IndicatorTally {
  /** survey_mean: Likert sum and count; survey_percent_yes: yes count and yes/no answers */
  sum = 0;
  count = 0;
  private readonly isMean: boolean;

  constructor(
    readonly indicator: Indicator,
    private readonly positions: number[],
  ) {
    this.isMean = indicator.valueType === 'survey_mean';
  }

  add(row: Row): void {
    for (const p of this.positions) {
      const answer = row[p];
      if (this.isMean) {
        if (isLikert(answer)) {
          this.sum += answer;
          this.count++;
        }
      } else if (typeof answer === 'boolean') {
        this.count++;
        if (answer) this.sum++;
      }
    }
  }

  value(): SurveyIndicatorValue {
    const { sum, count } = this;
    if (count === 0) return { value: null, answers: 0, computation: 'no valid answer' };
    if (this.isMean) {
      const value = mean(sum, count);
      return { value, answers: count, computation: `${sum} ÷ ${count} answers = ${fixed(value, 2)}` };
    }
    const value = percent(sum, count);
    return { value, answers: count, computation: `100 × ${sum} yes / ${count} answers = ${fixed(value, 1)}` };
  }
}

interface Tallies {
  valid: number;
  /** by question position; text questions have none (they are not aggregated) */
  questions: (AnswerTally | null)[];
  indicators: IndicatorTally[];
}

function emptyTallies(index: FrameworkIndex): Tallies {
  return {
    valid: 0,
    questions: index.definition.survey.questions.map((q) => (q.answer === 'text' ? null : new AnswerTally(q.answer === 'likert'))),
    indicators: index.surveyIndicators.map(({ indicator, positions }) => new IndicatorTally(indicator, positions)),
  };
}

/**
 * Reads one response into `row` (by question position); when `problems` is given, checks each
 * answer on the way. Looking every answer up once by its id is what makes one pass cheaper than
 * reading each question's answer by name again for validity, distributions and indicators.
 */
function readResponse(index: FrameworkIndex, response: Response, r: number, row: Row, problems: EvidenceProblem[] | null): void {
  row.fill(undefined);
  for (const questionId in response) {
    const answer = response[questionId];
    // An undefined property (possible from JS callers, never in JSON) is an unanswered question.
    if (answer === undefined) continue;
    const slot = index.questionSlots[questionId];
    if (problems && !(slot && slot.fits(answer))) pushAnswerProblem(problems, r, questionId, slot?.question);
    if (slot) row[slot.position] = answer;
  }
}

/** The one pass over every answer: tallies the valid responses, and checks each answer when `problems` is given. */
function tallyResponses(index: FrameworkIndex, responses: Response[], problems: EvidenceProblem[] | null): Tallies {
  const tallies = emptyTallies(index);
  const row: Row = new Array(index.definition.survey.questions.length);
  for (let r = 0; r < responses.length; r++) {
    readResponse(index, responses[r], r, row, problems);
    if (!isValidRow(index, row)) continue;
    tallies.valid++;
    for (let p = 0; p < row.length; p++) if (row[p] !== undefined) tallies.questions[p]?.add(row[p]);
    for (const indicator of tallies.indicators) indicator.add(row);
  }
  return tallies;
}

function summarise(index: FrameworkIndex, survey: SurveyEvidence | undefined, tallies: Tallies): SurveyAggregate {
  const rules = index.definition.survey;
  const { valid } = tallies;
  const invited = survey ? survey.invited : null;
  const responseRate = survey ? percent(valid, survey.invited) : null;
  const minimumMet = !!survey && valid >= rules.minimumResponses && responseRate! >= rules.minimumResponseRate;
  const minimumDetail = !survey
    ? 'no survey was run'
    : `N = ${valid} (minimum ${rules.minimumResponses}), response rate ${fixed(responseRate!, 1)} % (minimum ${fixed(rules.minimumResponseRate, 1)} %)`;
  const means: Record<string, number | null> = {};
  const distribution: Record<string, Record<string, number>> = {};
  rules.questions.forEach((question, position) => {
    const tally = tallies.questions[position];
    if (!tally) return;
    distribution[question.id] = tally.distribution();
    if (tally.likert) means[question.id] = tally.count === 0 ? null : mean(tally.sum, tally.count);
  });
  const indicators = new Map<string, SurveyIndicatorValue>();
  if (survey) {
    for (const tally of tallies.indicators) {
      const result = tally.value();
      indicators.set(tally.indicator.id, result);
      means[tally.indicator.id] = result.value;
    }
  }
  return {
    run: !!survey,
    invited,
    valid,
    responseRate,
    minimumMet,
    minimumDetail,
    indicators,
    summary: { valid, invited, responseRate, minimumMet, means, distribution },
  };
}

/**
 * Aggregates the survey (undefined: no survey was run). With `problems`, also checks every answer
 * against its question and the response count against the invitations, pushing one problem each;
 * the aggregate is then meaningful only when no problem was found.
 */
export function aggregateSurvey(index: FrameworkIndex, survey: SurveyEvidence | undefined, problems?: EvidenceProblem[]): SurveyAggregate {
  if (survey && problems) checkResponseCount(survey, problems);
  const tallies = survey ? tallyResponses(index, survey.responses, problems ?? null) : emptyTallies(index);
  return summarise(index, survey, tallies);
}
