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
import type { FrameworkIndex, QuestionSlot } from './framework-index';
import type { SurveyMinimumFacts, SurveySummary } from './types';
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
  /** the minimum and where the survey stands against it, for explanations (wording.ts surveyNow) */
  minimumFacts: SurveyMinimumFacts;
  indicators: Map<string, SurveyIndicatorValue>;
  summary: SurveySummary;
}

type Response = Record<string, unknown>;

const isLikert = (x: unknown): x is number => typeof x === 'number' && x >= 1 && x <= 5;

/** The problems of a response that has some: unknown question ids and answers that do not fit. */
function pushProblems(index: FrameworkIndex, response: Response, r: number, problems: EvidenceProblem[]): void {
  for (const questionId in response) {
    const answer = response[questionId];
    // An undefined property (possible from JS callers, never in JSON) is an unanswered question.
    if (answer === undefined) continue;
    const slot = index.questionSlots[questionId];
    if (!slot || slot.coding.codeOf(answer) < 0) pushAnswerProblem(problems, r, questionId, slot?.question);
  }
}

/** How many enumerable keys an object has (defined or not). */
function keyCount(response: Response): number {
  let keys = 0;
  for (const _key in response) keys++;
  return keys;
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

/** A code in a response's codes (by question position) that stands for no answer. */
const UNANSWERED = -2;

/**
 * Reads a response's answers by question and writes each one's code into `codes` by position (-1:
 * the answer does not fit, UNANSWERED: none given). Returns twice the number of answers read, plus
 * one when some answer does not fit.
 */
type Reader = (response: Response, codes: Int32Array) => number;

/** How a framework's survey is counted by code; made once per framework. */
interface CountingPlan {
  read: Reader;
  /** by position: where the question's codes start in the one count array (QuestionSlot.offset) */
  offsets: Int32Array;
  /**
   * positions of the validity items whose fitting answers can be on the Likert scale (Likert and 0–10
   * questions): a fitting answer there is a Likert answer exactly when its code is 1–5
   */
  likertValidity: number[];
}

const plans = new WeakMap<FrameworkIndex, CountingPlan>();

/** Source that sets `c` to the code of answer `a`, as the question's coding (validate-survey.ts) would. */
function codingSource(slot: QuestionSlot): string {
  switch (slot.coding.answer) {
    case 'likert':
      return 'c = typeof a === "number" && a >= 1 && a <= 5 && Number.isInteger(a) ? a : -1;';
    case 'nps':
      return 'c = typeof a === "number" && a >= 0 && a <= 10 && Number.isInteger(a) ? a : -1;';
    case 'yes_no':
      return 'c = a === true ? 1 : a === false ? 0 : -1;';
    case 'text':
      return 'c = typeof a === "string" ? 0 : -1;';
    case 'choice':
      return `c = codeOf[${slot.position}](a);`;
  }
}

/**
 * The framework's reader is generated: each question's answer is a property read by its literal name,
 * which V8 turns into a field load on responses of a known shape, where a read by a key from a loop
 * is a hash lookup. Question ids match ^Q[0-9]{1,2}$ (the framework schema), so none can name an
 * inherited property; they are written into the source as JSON strings all the same.
 */
function planOf(index: FrameworkIndex): CountingPlan {
  let plan = plans.get(index);
  if (plan) return plan;
  const body = index.slots.map(
    (slot) => `a = response[${JSON.stringify(slot.question.id)}];
if (a === undefined) codes[${slot.position}] = ${UNANSWERED};
else { ${codingSource(slot)} codes[${slot.position}] = c; if (c < 0) fit = 1; n += 2; }`,
  );
  const make = new Function(
    'codeOf',
    `"use strict";
return function read(response, codes) {
let a, c, n = 0, fit = 0;
${body.join('\n')}
return n + fit;
};`,
  ) as (codeOf: ((answer: unknown) => number)[]) => Reader;
  plan = {
    read: make(index.slots.map((slot) => slot.coding.codeOf)),
    offsets: Int32Array.from(index.slots, (slot) => slot.offset),
    likertValidity: index.validityPositions.filter((p) => ['likert', 'nps'].includes(index.slots[p].coding.answer)),
  };
  plans.set(index, plan);
  return plan;
}

/**
 * An empty record with room for the integer keys 0–10. The first integer key stored into `{}` makes
 * V8 grow the object's element store in a call into its runtime (about 0.1 µs, more than the rest of
 * a distribution); a literal with an element comes with its store, and deleting the element leaves an
 * empty record like any other, only with the room.
 */
function recordWithRoom(): Record<number, number> {
  const record: Record<number, number> = { 10: 0 };
  delete record[10];
  return record;
}

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
  private readonly plan: CountingPlan;
  private readonly minAnswered: number;

  constructor(private readonly index: FrameworkIndex) {
    this.counts = new Int32Array(index.codeCount);
    this.firstGiven = index.slots.map(() => []);
    this.plan = planOf(index);
    this.minAnswered = index.definition.survey.minAnswered;
  }

  /** §3.3.1 for a response whose answers all fit: enough validity items answered on the Likert scale. */
  isValid(codes: Int32Array): boolean {
    let answered = 0;
    for (const p of this.plan.likertValidity) {
      const code = codes[p];
      if (code >= 1 && code <= 5) answered++;
    }
    return answered >= this.minAnswered;
  }

  add(codes: Int32Array): void {
    this.valid++;
    const { counts, firstGiven } = this;
    const { offsets } = this.plan;
    for (let p = 0; p < codes.length; p++) {
      const code = codes[p];
      if (code >= 0 && counts[offsets[p] + code]++ === 0) firstGiven[p].push(code);
    }
  }

  private count(position: number, code: number): number {
    return this.counts[this.plan.offsets[position] + code];
  }

  distribution(position: number): Record<string, number> {
    const { keys, answer } = this.index.slots[position].coding;
    if (answer === 'likert' || answer === 'nps') {
      // The keys are the codes 0–10 themselves, integer keys, which an object lists in ascending order
      // whatever the order they were added in; they are stored as numbers into a record with room.
      const record = recordWithRoom();
      for (const code of this.firstGiven[position]) record[code] = this.count(position, code);
      return record;
    }
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
 * are complete, and the survey is tallied generally).
 *
 * A response's keys other than the framework's question ids are not read by the reader; with
 * `problems`, a count of the keys shows whether there are any (unknown ids, or undefined answers),
 * and only then are the response's keys looked at one by one.
 */
function countByCode(index: FrameworkIndex, responses: Response[], problems: EvidenceProblem[] | null): CodeCounts | null {
  const counts = new CodeCounts(index);
  const { read } = planOf(index);
  const codes = new Int32Array(index.slots.length);
  let allFit = true;
  for (let r = 0; r < responses.length; r++) {
    const response = responses[r];
    const result = read(response, codes);
    const fits = (result & 1) === 0;
    if (problems) {
      if (!fits || keyCount(response) !== result >> 1) pushProblems(index, response, r, problems);
    } else if (!fits) return null;
    if (!fits) allFit = false;
    else if (allFit && counts.isValid(codes)) counts.add(codes);
  }
  return allFit ? counts : null;
}

// ── The general tally (any answers) ──────────────────────────────────────────

/**
 * One response's answers by question position (undefined: unanswered) and the positions answered.
 * Reused for every response: after a response is tallied only its answered positions are cleared.
 */
interface Row {
  answers: unknown[];
  given: number[];
}

function emptyRow(index: FrameworkIndex): Row {
  return { answers: new Array(index.slots.length).fill(undefined), given: [] };
}

/** Reads a response into `row` by its keys, whatever they are; keys that are no question id are left out. */
function readByKey(index: FrameworkIndex, response: Response, row: Row): void {
  for (const questionId in response) {
    const answer = response[questionId];
    if (answer === undefined) continue; // unanswered
    const slot = index.questionSlots[questionId];
    if (slot) {
      row.answers[slot.position] = answer;
      row.given.push(slot.position);
    }
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
    // a Likert question's mean is over its Likert answers; any other answer (unchecked data, or
    // evidence about to be refused for it) is only counted in the distribution
    if (this.likert && isLikert(answer)) {
      this.sum += answer;
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
    readByKey(index, responses[r], row);
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
  const minimumFacts: SurveyMinimumFacts = survey
    ? { minimumResponses: rules.minimumResponses, minimumResponseRate: rules.minimumResponseRate, valid, responseRate }
    : { minimumResponses: rules.minimumResponses, minimumResponseRate: rules.minimumResponseRate };
  const means: Record<string, number | null> = {};
  const distribution: Record<string, Record<string, number>> = {};
  // index.slots: the questions in order, in a plain array (V8 iterates the deep-frozen definition's
  // arrays several times slower)
  for (let position = 0; position < index.slots.length; position++) {
    const { question } = index.slots[position];
    if (question.answer === 'text') continue; // not aggregated
    distribution[question.id] = tallies.distribution(position);
    if (question.answer !== 'likert') continue;
    const { sum, count } = tallies.likert(position);
    means[question.id] = count === 0 ? null : mean(sum, count);
  }
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
    minimumFacts,
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
