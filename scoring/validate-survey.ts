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
 * The check whether an answer fits the question, made once per question (framework-index.ts):
 * answers are many and almost always fine, so the check builds no text and decides nothing twice.
 */
export function answerCheck(question: SurveyQuestion): (answer: unknown) => boolean {
  switch (question.answer) {
    case 'likert':
      return (answer) => isIntegerIn(answer, 1, 5);
    case 'nps':
      return (answer) => isIntegerIn(answer, 0, 10);
    case 'yes_no':
      return (answer) => typeof answer === 'boolean';
    case 'text':
      return (answer) => typeof answer === 'string';
    case 'choice': {
      const options = new Set<unknown>((question.options ?? []).map((o) => o.value));
      return (answer) => typeof answer === 'string' && options.has(answer);
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
