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
      const allowed = (question.options ?? []).map((o) => o.value);
      return typeof answer === 'string' && allowed.includes(answer) ? null : `must be one of ${allowed.join(', ')}`;
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
  survey.responses.forEach((response, r) => {
    for (const questionId of Object.keys(response)) {
      // An undefined property (possible from JS callers, never in JSON) is an unanswered question.
      if (response[questionId] === undefined) continue;
      const question = index.questions.get(questionId);
      const path = pointer('survey', 'responses', r, questionId);
      if (!question) {
        problems.push({ path, message: `unknown survey question id ${questionId}` });
        continue;
      }
      const problem = answerProblem(question, response[questionId]);
      if (problem) problems.push({ path, message: `${questionId} ${problem}` });
    }
  });
}
