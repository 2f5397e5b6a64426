/**
 * Survey aggregation against a plain reference written from FRAMEWORK.md §3.3, over random
 * responses (fast-check): any key order, unanswered questions left out or given as undefined (as a
 * JavaScript caller may), unknown keys, and, for the problem list, answers that do not fit. The
 * engine reads responses by question with a reader made for the framework and falls back to reading
 * them key by key; whichever way it goes, the results must be the reference's.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { SurveyQuestion } from '../../questionnaires';
import { indexFramework } from '../../scoring/framework-index';
import { aggregateSurvey } from '../../scoring/survey';
import { mean, percent } from '../../scoring/decimal';
import type { EvidenceProblem } from '../../scoring/errors';
import { framework } from './helpers';

const def = framework().definition;
const index = indexFramework(def);
const questions = def.survey.questions;
const byId = new Map(questions.map((q) => [q.id, q]));
type Response = Record<string, unknown>;

const ABSENT = Symbol('absent');
const UNKNOWN_KEYS = ['Q99', 'q1', 'extra', '__proto__', 'constructor', ''];

function fittingAnswer(q: SurveyQuestion): fc.Arbitrary<unknown> {
  switch (q.answer) {
    case 'likert':
      return fc.integer({ min: 1, max: 5 });
    case 'nps':
      return fc.integer({ min: 0, max: 10 });
    case 'yes_no':
      return fc.boolean();
    case 'text':
      return fc.string({ maxLength: 8 });
    case 'choice':
      return fc.constantFrom(...(q.options ?? []).map((o) => o.value));
  }
}

const misfit = fc.constantFrom<unknown>(0, 6, 2.5, 11, -1, 'yes', '3', null, [], {}, true, NaN);

/** A random response: each question answered, left out or undefined, in a random key order, maybe with unknown keys. */
function responseArbitrary(misfitWeight: number): fc.Arbitrary<Response> {
  const answers = questions.map((q) =>
    fc.oneof(
      { weight: 8, arbitrary: fittingAnswer(q) },
      { weight: 2, arbitrary: fc.constant(ABSENT) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: misfitWeight, arbitrary: misfit },
    ),
  );
  return fc
    .tuple(
      fc.tuple(...answers),
      fc.array(fc.double({ noNaN: true }), { minLength: questions.length + 2, maxLength: questions.length + 2 }),
      fc.subarray(UNKNOWN_KEYS, { maxLength: 2 }),
      fc.integer({ min: 0, max: 5 }),
    )
    .map(([given, order, unknown, unknownAnswer]) => {
      const entries: [string, unknown][] = [];
      questions.forEach((q, i) => {
        if (given[i] !== ABSENT) entries.push([q.id, given[i]]);
      });
      for (const key of unknown) entries.push([key, unknownAnswer]);
      const sorted = entries
        .map((e, i) => ({ e, k: order[i] }))
        .sort((a, b) => a.k - b.k)
        .map(({ e }) => e);
      return Object.fromEntries(sorted);
    });
}

const surveyArbitrary = (misfitWeight: number) =>
  fc
    .array(responseArbitrary(misfitWeight), { maxLength: 40 })
    .chain((responses) =>
      fc.integer({ min: Math.max(1, responses.length), max: responses.length + 20 }).map((invited) => ({ invited, responses })),
    );

const isLikert = (x: unknown): x is number => typeof x === 'number' && x >= 1 && x <= 5;

function fits(q: SurveyQuestion, x: unknown): boolean {
  switch (q.answer) {
    case 'likert':
      return Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 5;
    case 'nps':
      return Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 10;
    case 'yes_no':
      return typeof x === 'boolean';
    case 'text':
      return typeof x === 'string';
    case 'choice':
      return (q.options ?? []).some((o) => o.value === x);
  }
}

/** §3.3 for responses whose answers all fit, written as plainly as possible. */
function reference(survey: { invited: number; responses: Response[] }) {
  const rules = def.survey;
  const answered = survey.responses.map((r) => new Map(Object.entries(r).filter(([k, v]) => v !== undefined && byId.has(k))));
  const valid = answered.filter((a) => rules.validityItems.filter((id) => isLikert(a.get(id))).length >= rules.minAnswered);
  const means: Record<string, number | null> = {};
  const distribution: Record<string, Record<string, number>> = {};
  for (const q of questions) {
    if (q.answer === 'text') continue;
    const record: Record<string, number> = {};
    for (const a of valid) if (a.has(q.id)) record[String(a.get(q.id))] = (record[String(a.get(q.id))] ?? 0) + 1;
    distribution[q.id] = record;
    if (q.answer !== 'likert') continue;
    const xs = valid.filter((a) => a.has(q.id)).map((a) => a.get(q.id) as number);
    means[q.id] =
      xs.length === 0
        ? null
        : mean(
            xs.reduce((s, x) => s + x, 0),
            xs.length,
          );
  }
  const indicators: Record<string, { value: number | null; answers: number }> = {};
  const surveyBased = [...def.indicators]
    .sort((a, b) => a.number - b.number)
    .filter((i) => i.valueType === 'survey_mean' || i.valueType === 'survey_percent_yes');
  for (const indicator of surveyBased) {
    const xs = valid.flatMap((a) => (indicator.surveyQuestions ?? []).map((id) => a.get(id)));
    const counted = indicator.valueType === 'survey_mean' ? xs.filter(isLikert) : xs.filter((x) => typeof x === 'boolean');
    const sum = counted.reduce<number>((s, x) => s + (indicator.valueType === 'survey_mean' ? (x as number) : x ? 1 : 0), 0);
    const value =
      counted.length === 0 ? null : indicator.valueType === 'survey_mean' ? mean(sum, counted.length) : percent(sum, counted.length);
    indicators[indicator.id] = { value, answers: counted.length };
    means[indicator.id] = value;
  }
  return { valid: valid.length, means, distribution, indicators };
}

/** The problems §3.1 asks for: every unknown question id and every answer that does not fit, in key order. */
function expectedProblems(responses: Response[]): string[] {
  const paths: string[] = [];
  responses.forEach((r, n) => {
    for (const [key, answer] of Object.entries(r)) {
      if (answer === undefined) continue;
      const q = byId.get(key);
      if (!q || !fits(q, answer)) paths.push(`/survey/responses/${n}/${key}`);
    }
  });
  return paths;
}

function comparable(aggregate: ReturnType<typeof aggregateSurvey>) {
  return {
    valid: aggregate.valid,
    means: aggregate.summary.means,
    distribution: aggregate.summary.distribution,
    indicators: Object.fromEntries([...aggregate.indicators].map(([id, v]) => [id, { value: v.value, answers: v.answers }])),
  };
}

describe('scoring: survey aggregation against a plain reference (fast-check)', () => {
  it('gives the reference aggregates for any key order, unanswered and unknown keys, checked or not', () => {
    fc.assert(
      fc.property(surveyArbitrary(0), (survey) => {
        const want = reference(survey);
        const unchecked = comparable(aggregateSurvey(index, survey));
        const problems: EvidenceProblem[] = [];
        const checked = comparable(aggregateSurvey(index, survey, problems));
        // key order too: the report lists distributions as they are ordered here
        expect(JSON.stringify(unchecked)).to.equal(JSON.stringify(want));
        expect(JSON.stringify(checked)).to.equal(JSON.stringify(want));
        expect(problems.map((p) => p.path)).to.deep.equal(expectedProblems(survey.responses));
      }),
      { numRuns: 300 },
    );
  });

  it('lists every unknown id and every answer that does not fit, in response and key order', () => {
    fc.assert(
      fc.property(surveyArbitrary(2), (survey) => {
        const problems: EvidenceProblem[] = [];
        aggregateSurvey(index, survey, problems);
        expect(problems.map((p) => p.path)).to.deep.equal(expectedProblems(survey.responses));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a valid response only when enough validity items have Likert answers (§3.3.1)', () => {
    const validity = def.survey.validityItems;
    const need = def.survey.minAnswered;
    const answering = (k: number): Response => Object.fromEntries(validity.slice(0, k).map((id) => [id, 3]));
    expect(aggregateSurvey(index, { invited: 3, responses: [answering(need)] }).valid).to.equal(1);
    expect(aggregateSurvey(index, { invited: 3, responses: [answering(need - 1)] }).valid).to.equal(0);
    // undefined answers are unanswered, whether or not the survey is checked
    const withUndefined = { ...answering(need - 1), [validity[need - 1]]: undefined };
    expect(aggregateSurvey(index, { invited: 3, responses: [withUndefined] }, []).valid).to.equal(0);
  });
});
