/**
 * Survey aggregation (FRAMEWORK.md §3.3): valid responses, response rate, the minimum-response gate,
 * per-question means and the survey-based indicator values. Pure integer sums; every rounding goes
 * through decimal.ts.
 *
 * Every answer is visited once: the same pass tallies the valid responses and, when the caller
 * passes a problem list (evidence validation), checks each answer against its question. While every
 * answer fits its question (always so for valid evidence), answers are counted by their codes in
 * one integer array; an answer that does not fit (unchecked data, or evidence about to be refused)
 * makes the survey be tallied again by the general tally, which counts any answer.
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

/**
 * One response's answers by question position (undefined: unanswered), with each answer's code
 * (validate-survey.ts) and the positions answered. Reused for every response: after a response is
 * tallied only its answered positions are cleared.
 */
interface Row {
  answers: unknown[];
  codes: number[];
  given: number[];
}

const isLikert = (x: unknown): x is number => typeof x === 'number' && x >= 1 && x <= 5;

function emptyRow(index: FrameworkIndex): Row {
  const positions = index.slots.length;
  return { answers: new Array(positions).fill(undefined), codes: new Array<number>(positions).fill(-1), given: [] };
}

/**
 * Reads one response into `row` (by question position); when `problems` is given, checks each
 * answer on the way. Returns whether every answer fits its question. Looking every answer up once by
 * its id is what makes one pass cheaper than reading each question's answer by name again for
 * validity, distributions and indicators.
 */
function readResponse(index: FrameworkIndex, response: Response, r: number, row: Row, problems: EvidenceProblem[] | null): boolean {
  let known = true;
  for (const questionId in response) {
    const answer = response[questionId];
    // An undefined property (possible from JS callers, never in JSON) is an unanswered question.
    if (answer === undefined) continue;
    const slot = index.questionSlots[questionId];
    if (slot) {
      row.answers[slot.position] = answer;
      row.given.push(slot.position);
    } else known = false;
  }
  // The loop above only reads: for…in over an object is fastest with nothing else in its body.
  return codeAnswers(index, response, r, row, problems, known);
}

/**
 * Codes the answers read into `row`; returns whether all fit. When `problems` is given, pushes the
 * problems of the response in the order of its keys, as they were read.
 */
function codeAnswers(index: FrameworkIndex, response: Response, r: number, row: Row, problems: EvidenceProblem[] | null, known: boolean): boolean {
  let allFit = true;
  for (const p of row.given) {
    const code = index.slots[p].coding.codeOf(row.answers[p]);
    row.codes[p] = code;
    if (code < 0) allFit = false;
  }
  if (problems && !(allFit && known)) pushProblems(index, response, r, problems);
  return allFit;
}

/** The problems of a response that has some: unknown question ids and answers that do not fit. */
function pushProblems(index: FrameworkIndex, response: Response, r: number, problems: EvidenceProblem[]): void {
  for (const questionId in response) {
    const answer = response[questionId];
    if (answer === undefined) continue;
    const slot = index.questionSlots[questionId];
    if (!slot || slot.coding.codeOf(answer) < 0) pushAnswerProblem(problems, r, questionId, slot?.question);
  }
}

/** Makes `row` unanswered again, clearing only what the last response answered. */
function clearRow(row: Row): void {
  for (const p of row.given) row.answers[p] = undefined;
  row.given.length = 0;
}

/** §3.3.1: a response is valid when it answers enough validity items on the Likert scale. */
function isValidRow(index: FrameworkIndex, row: Row): boolean {
  let answered = 0;
  for (const p of index.validityPositions) if (isLikert(row.answers[p])) answered++;
  return answered >= index.definition.survey.minAnswered;
}

/** Likert sum and count, or yes count and yes/no answers, of a survey-based indicator (§3.3.4). */
interface IndicatorSums {
  indicator: Indicator;
  sum: number;
  count: number;
}

/** What the summary needs of the valid responses, however they were counted. */
interface Tallies {
  valid: number;
  /** the answers of the question at a position and their counts, keyed as text, in the order first given */
  distribution(position: number): Record<string, number>;
  /** sum and count of the answers of a Likert question */
  likert(position: number): { sum: number; count: number };
  /** in the order of index.surveyIndicators */
  indicators(): IndicatorSums[];
}

// ── Counting by answer code (every answer fits) ──────────────────────────────

/**
 * Counts of the valid responses' answers by question and answer code, all in one integer array
 * (question p's codes start at its slot's offset). Each count is one increment, and the survey-based
 * indicators need no pass of their own: their sums follow from the counts, exactly, as all answers
 * that fit are integers or booleans.
 */
class CodeCounts implements Tallies {
  valid = 0;
  private readonly counts: Int32Array;
  /** by question position: the codes in the order first given, the distribution's key order */
  private readonly firstGiven: number[][];

  constructor(private readonly index: FrameworkIndex) {
    this.counts = new Int32Array(index.codeCount);
    this.firstGiven = index.slots.map(() => []);
  }

  add(row: Row): void {
    this.valid++;
    for (const p of row.given) {
      const code = row.codes[p];
      if (this.counts[this.index.slots[p].offset + code]++ === 0) this.firstGiven[p].push(code);
    }
  }

  private count(position: number, code: number): number {
    return this.counts[this.index.slots[position].offset + code];
  }

  distribution(position: number): Record<string, number> {
    const { keys } = this.index.slots[position].coding;
    const record: Record<string, number> = {};
    for (const code of this.firstGiven[position]) record[keys[code]] = this.count(position, code);
    return record;
  }

  /** Likert answers are their own codes 1–5; so are 1–5 on a 0–10 question. */
  likert(position: number): { sum: number; count: number } {
    let sum = 0;
    let count = 0;
    const type = this.index.slots[position].coding.answer;
    if (type !== 'likert' && type !== 'nps') return { sum, count };
    for (let value = 1; value <= 5; value++) {
      const n = this.count(position, value);
      sum += value * n;
      count += n;
    }
    return { sum, count };
  }

  /** Yes/no answers are codes 1 (yes) and 0; only yes/no questions have them. */
  private yesNo(position: number): { sum: number; count: number } {
    if (this.index.slots[position].coding.answer !== 'yes_no') return { sum: 0, count: 0 };
    const yes = this.count(position, 1);
    return { sum: yes, count: yes + this.count(position, 0) };
  }

  indicators(): IndicatorSums[] {
    return this.index.surveyIndicators.map(({ indicator, positions }) => {
      const sums = { indicator, sum: 0, count: 0 };
      for (const p of positions) {
        const { sum, count } = indicator.valueType === 'survey_mean' ? this.likert(p) : this.yesNo(p);
        sums.sum += sum;
        sums.count += count;
      }
      return sums;
    });
  }
}

/**
 * The one pass over every answer: counts the valid responses by answer code, and checks each answer
 * when `problems` is given. Null when some answer does not fit its question (then only the problems
 * are complete).
 */
function countByCode(index: FrameworkIndex, responses: Response[], problems: EvidenceProblem[] | null): CodeCounts | null {
  const counts = new CodeCounts(index);
  const row = emptyRow(index);
  let allFit = true;
  for (let r = 0; r < responses.length; r++) {
    if (!readResponse(index, responses[r], r, row, problems)) allFit = false;
    if (allFit && isValidRow(index, row)) counts.add(row);
    clearRow(row);
  }
  return allFit ? counts : null;
}

// ── The general tally (any answers) ──────────────────────────────────────────

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

/** A survey-based indicator's running sums over the valid responses, answer by answer (§3.3.4). */
class IndicatorTally implements IndicatorSums {
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
      const answer = row.answers[p];
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
}

/** Tallies any answers, in response order (sums of non-integers depend on it). */
class GeneralTally implements Tallies {
  valid = 0;
  /** by question position; text questions have none (they are not aggregated) */
  private readonly questions: (AnswerTally | null)[];
  private readonly sums: IndicatorTally[];

  constructor(index: FrameworkIndex) {
    this.questions = index.slots.map(({ question }) => (question.answer === 'text' ? null : new AnswerTally(question.answer === 'likert')));
    this.sums = index.surveyIndicators.map(({ indicator, positions }) => new IndicatorTally(indicator, positions));
  }

  add(row: Row): void {
    this.valid++;
    for (const p of row.given) this.questions[p]?.add(row.answers[p]);
    for (const indicator of this.sums) indicator.add(row);
  }

  distribution(position: number): Record<string, number> {
    return this.questions[position]!.distribution();
  }

  likert(position: number): { sum: number; count: number } {
    return this.questions[position]!;
  }

  indicators(): IndicatorSums[] {
    return this.sums;
  }
}

function tallyGenerally(index: FrameworkIndex, responses: Response[]): GeneralTally {
  const tally = new GeneralTally(index);
  const row = emptyRow(index);
  for (let r = 0; r < responses.length; r++) {
    readResponse(index, responses[r], r, row, null);
    if (isValidRow(index, row)) tally.add(row);
    clearRow(row);
  }
  return tally;
}

// ── Summary ──────────────────────────────────────────────────────────────────

/** A survey-based indicator's value from its sums. */
function indicatorValue({ indicator, sum, count }: IndicatorSums): SurveyIndicatorValue {
  if (count === 0) return { value: null, answers: 0, computation: 'no valid answer' };
  if (indicator.valueType === 'survey_mean') {
    const value = mean(sum, count);
    return { value, answers: count, computation: `${sum} ÷ ${count} answers = ${fixed(value, 2)}` };
  }
  const value = percent(sum, count);
  return { value, answers: count, computation: `100 × ${sum} yes / ${count} answers = ${fixed(value, 1)}` };
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
    if (question.answer === 'text') return; // not aggregated
    distribution[question.id] = tallies.distribution(position);
    if (question.answer !== 'likert') return;
    const { sum, count } = tallies.likert(position);
    means[question.id] = count === 0 ? null : mean(sum, count);
  });
  const indicators = new Map<string, SurveyIndicatorValue>();
  if (survey) {
    for (const sums of tallies.indicators()) {
      const result = indicatorValue(sums);
      indicators.set(sums.indicator.id, result);
      means[sums.indicator.id] = result.value;
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
  if (!survey) return summarise(index, survey, new CodeCounts(index));
  const tallies = countByCode(index, survey.responses, problems ?? null) ?? tallyGenerally(index, survey.responses);
  return summarise(index, survey, tallies);
}
