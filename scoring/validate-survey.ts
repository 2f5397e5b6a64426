/**
 * Checks survey answers against the framework's questions (FRAMEWORK.md §3.1). The answers are
 * checked while they are aggregated, in the one pass of `aggregateSurvey` (survey.ts); this module
 * says what fits and words the problems.
 */
import type { SurveyQuestion } from '../questionnaires/schema';
import type { EvidenceProblem } from './errors';
import type { SurveyEvidence } from './evidence';
import { pointer } from './recorded-value';

const isIntegerIn = (x: unknown, min: number, max: number) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;

/**
 * The answers that fit a question (§3.1), each with a small number, its code: Likert and 0–10
 * answers are their own numbers, yes/no are 1/0, a choice is its option's position, a text is 0.
 * The survey tallies answers in an integer array indexed by code (survey.ts), so the same lookup that
 * checks an answer also finds where to count it.
 */
export interface AnswerCoding {
  answer: SurveyQuestion['answer'];
  /** codes run from 0 to size − 1 */
  size: number;
  /** the code of an answer, or -1 when it does not fit the question */
  codeOf: (answer: unknown) => number;
  /** by code: the answer as a distribution key ("4", "true", "companies") */
  keys: string[];
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

/**
 * Made once per question (framework-index.ts): answers are many and almost always fine, so the
 * check builds no text and decides nothing twice.
 */
export function answerCoding(question: SurveyQuestion): AnswerCoding {
  const { answer } = question;
  switch (answer) {
    case 'likert':
      return { answer, size: 6, keys: DIGITS.slice(0, 6), codeOf: (x) => (isIntegerIn(x, 1, 5) ? (x as number) : -1) };
    case 'nps':
      return { answer, size: 11, keys: DIGITS, codeOf: (x) => (isIntegerIn(x, 0, 10) ? (x as number) : -1) };
    case 'yes_no':
      return { answer, size: 2, keys: ['false', 'true'], codeOf: (x) => (x === true ? 1 : x === false ? 0 : -1) };
    case 'text':
      return { answer, size: 1, keys: [''], codeOf: (x) => (typeof x === 'string' ? 0 : -1) };
    case 'choice': {
      const options = (question.options ?? []).map((o) => o.value);
      const codes = new Map<unknown, number>(options.map((value, code) => [value, code]));
      return {
        answer,
        size: options.length,
        keys: options.map(String),
        codeOf: (x) => (typeof x === 'string' ? (codes.get(x) ?? -1) : -1),
      };
    }
  }
}

/** What is wrong with an answer that does not fit its question. */
function answerProblem(question: SurveyQuestion): string {
  switch (question.answer) {
    case 'likert':
      return 'must be a Likert answer, an integer 1–5';
    case 'nps':
      return 'must be an integer 0–10';
    case 'yes_no':
      return 'must be true (yes) or false (no)';
    case 'text':
      return 'must be a text';
    case 'choice':
      return `must be one of ${(question.options ?? []).map((o) => o.value).join(', ')}`;
  }
}

/** D-14: N ≤ N_inv; one response per invited organisation. */
export function checkResponseCount(survey: SurveyEvidence, problems: EvidenceProblem[]): void {
  if (survey.responses.length > survey.invited) {
    problems.push({
      path: pointer('survey', 'responses'),
      message: `${survey.responses.length} responses exceed the ${survey.invited} invited participants`,
    });
  }
}

/** Pushes the problem of answer `questionId` of response `r` (question undefined: an unknown id). */
export function pushAnswerProblem(problems: EvidenceProblem[], r: number, questionId: string, question: SurveyQuestion | undefined): void {
  const path = pointer('survey', 'responses', r, questionId);
  problems.push({ path, message: question ? `${questionId} ${answerProblem(question)}` : `unknown survey question id ${questionId}` });
}
