/** Checks survey answers against the framework's questions (FRAMEWORK.md §3.1). */
import type { SurveyQuestion } from '../questionnaires/schema';
import type { EvidenceProblem } from './errors';
import type { SurveyEvidence } from './evidence';
import type { FrameworkIndex } from './framework-index';
import { pointer } from './recorded-value';

const isIntegerIn = (x: unknown, min: number, max: number) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;

/** null when the answer fits the question, else what is wrong. */
function answerProblem(question: SurveyQuestion, answer: unknown): string | null {
  switch (question.answer) {
    case 'likert':
      return isIntegerIn(answer, 1, 5) ? null : 'must be a Likert answer, an integer 1–5';
    case 'nps':
      return isIntegerIn(answer, 0, 10) ? null : 'must be an integer 0–10';
    case 'yes_no':
      return typeof answer === 'boolean' ? null : 'must be true (yes) or false (no)';
    case 'text':
      return typeof answer === 'string' ? null : 'must be a text';
    case 'choice': {
      if (typeof answer === 'string' && question.options?.some((o) => o.value === answer)) return null;
      return `must be one of ${(question.options ?? []).map((o) => o.value).join(', ')}`;
    }
  }
}

export function validateSurvey(index: FrameworkIndex, survey: SurveyEvidence, problems: EvidenceProblem[]): void {
  if (survey.responses.length > survey.invited) {
    // D-14: N ≤ N_inv; one response per invited organisation.
    problems.push({
      path: pointer('survey', 'responses'),
      message: `${survey.responses.length} responses exceed the ${survey.invited} invited participants`,
    });
  }
  const { responses } = survey;
  for (let r = 0; r < responses.length; r++) {
    const response = responses[r];
    for (const questionId in response) {
      const answer = response[questionId];
      // An undefined property (possible from JS callers, never in JSON) is an unanswered question.
      if (answer === undefined) continue;
      const question = index.questions.get(questionId);
      // The path is built only for a problem: answers are many and almost always fine.
      const problem = question ? answerProblem(question, answer) : `unknown survey question id ${questionId}`;
      if (problem) problems.push({ path: pointer('survey', 'responses', r, questionId), message: question ? `${questionId} ${problem}` : problem });
    }
  }
}
