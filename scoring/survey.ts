/**
 * Survey aggregation (FRAMEWORK.md §3.3): valid responses, response rate, the minimum-response gate,
 * per-question means and the survey-based indicator values. Pure integer sums; every rounding goes
 * through decimal.ts.
 */
import type { Indicator } from '../questionnaires/schema';
import { fixed, mean, percent } from './decimal';
import type { SurveyEvidence } from './evidence';
import { isSurveyBased, type FrameworkIndex } from './framework-index';
import type { SurveySummary } from './types';

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

const isLikert = (x: unknown): x is number => typeof x === 'number' && x >= 1 && x <= 5;

function isValidResponse(index: FrameworkIndex, response: Response): boolean {
  const { validityItems, minAnswered } = index.definition.survey;
  let answered = 0;
  for (const q of validityItems) if (isLikert(response[q])) answered++;
  return answered >= minAnswered;
}

function surveyMean(indicator: Indicator, valid: Response[]): SurveyIndicatorValue {
  let sum = 0;
  let count = 0;
  for (const response of valid) {
    for (const q of indicator.surveyQuestions ?? []) {
      const answer = response[q];
      if (isLikert(answer)) {
        sum += answer;
        count++;
      }
    }
  }
  if (count === 0) return { value: null, answers: 0, computation: 'no valid answer' };
  const value = mean(sum, count);
  return { value, answers: count, computation: `${sum} ÷ ${count} answers = ${fixed(value, 2)}` };
}

function percentYes(indicator: Indicator, valid: Response[]): SurveyIndicatorValue {
  let yes = 0;
  let answers = 0;
  for (const response of valid) {
    for (const q of indicator.surveyQuestions ?? []) {
      const answer = response[q];
      if (typeof answer === 'boolean') {
        answers++;
        if (answer) yes++;
      }
    }
  }
  if (answers === 0) return { value: null, answers: 0, computation: 'no valid answer' };
  const value = percent(yes, answers);
  return { value, answers, computation: `100 × ${yes} yes / ${answers} answers = ${fixed(value, 1)}` };
}

function questionStatistics(index: FrameworkIndex, valid: Response[]) {
  const means: Record<string, number | null> = {};
  const distribution: Record<string, Record<string, number>> = {};
  for (const question of index.definition.survey.questions) {
    if (question.answer === 'text') continue;
    // Counting in a Map keeps one object shape per question; the record is built once at the end.
    const counts = new Map<unknown, number>();
    let sum = 0;
    let count = 0;
    for (let r = 0; r < valid.length; r++) {
      const answer = valid[r][question.id];
      if (answer === undefined) continue;
      counts.set(answer, (counts.get(answer) ?? 0) + 1);
      if (question.answer === 'likert') {
        sum += answer as number;
        count++;
      }
    }
    const record: Record<string, number> = {};
    for (const [answer, n] of counts) record[String(answer)] = n;
    distribution[question.id] = record;
    if (question.answer === 'likert') means[question.id] = count === 0 ? null : mean(sum, count);
  }
  return { means, distribution };
}

export function aggregateSurvey(index: FrameworkIndex, survey: SurveyEvidence | undefined): SurveyAggregate {
  const rules = index.definition.survey;
  const valid = survey ? survey.responses.filter((r) => isValidResponse(index, r)) : [];
  const invited = survey ? survey.invited : null;
  const responseRate = survey ? percent(valid.length, survey.invited) : null;
  const minimumMet = !!survey && valid.length >= rules.minimumResponses && responseRate! >= rules.minimumResponseRate;
  const minimumDetail = !survey
    ? 'no survey was run'
    : `N = ${valid.length} (minimum ${rules.minimumResponses}), response rate ${fixed(responseRate!, 1)} % (minimum ${fixed(rules.minimumResponseRate, 1)} %)`;
  const indicators = new Map<string, SurveyIndicatorValue>();
  const { means, distribution } = questionStatistics(index, valid);
  if (survey) {
    for (const indicator of index.indicators) {
      if (!isSurveyBased(indicator)) continue;
      const result = indicator.valueType === 'survey_mean' ? surveyMean(indicator, valid) : percentYes(indicator, valid);
      indicators.set(indicator.id, result);
      means[indicator.id] = result.value;
    }
  }
  return {
    run: !!survey,
    invited,
    valid: valid.length,
    responseRate,
    minimumMet,
    minimumDetail,
    indicators,
    summary: { valid: valid.length, invited, responseRate, minimumMet, means, distribution },
  };
}
