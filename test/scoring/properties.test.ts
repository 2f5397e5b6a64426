/** Properties of the engine over random evidence built from the framework definition (fast-check). */
import { expect } from 'chai';
import fc from 'fast-check';
import type { Indicator } from '../../questionnaires';
import type { Score } from '../../scoring';
import { example, framework, run } from './helpers';

const def = framework().definition;
const recordable = def.indicators.filter(
  (i) => i.kind === 'quality' && i.valueType !== 'survey_mean' && i.valueType !== 'survey_percent_yes',
);
const profileValues = Object.fromEntries(
  Object.entries(example('example-1-gold').values).filter(([id]) => def.indicators.find((i) => i.id === id)!.kind === 'profile'),
);
const RANK = { bronze: 0, silver: 1, gold: 2 } as Record<string, number>;
const rank = (s: Score) => (s.label.awarded === null ? -1 : RANK[s.label.awarded]);

function valueArbitrary(indicator: Indicator): fc.Arbitrary<number> {
  switch (indicator.valueType) {
    case 'percent':
      return fc.integer({ min: 0, max: 1000 }).map((x) => x / 10);
    case 'scale':
      return fc.integer({ min: 1, max: 5 });
    case 'fte':
      return fc.integer({ min: 0, max: 400 }).map((x) => x / 100);
    default:
      return fc.integer({ min: 0, max: indicator.maxValue ?? 120 });
  }
}

/** Raise a value by a random step within its range. */
function raised(indicator: Indicator, value: number, step: number): number {
  switch (indicator.valueType) {
    case 'percent':
      return Math.min(100, Math.round(value * 10 + step) / 10);
    case 'scale':
      return Math.min(5, value + 1);
    case 'fte':
      return Math.round(value * 100 + step) / 100;
    default:
      return Math.min(indicator.maxValue ?? Infinity, value + step);
  }
}

const values = fc.record(Object.fromEntries(recordable.map((i) => [i.id, fc.option(valueArbitrary(i), { freq: 12, nil: undefined })])));
const documents = fc.record(
  Object.fromEntries(
    def.checklist.map((c) => [c.id, fc.constantFrom('accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'not_provided')]),
  ),
);
const likert = fc.option(fc.integer({ min: 1, max: 5 }), { freq: 6, nil: undefined });
const response = fc.record({ Q4: fc.boolean(), Q7: likert, Q8: likert, Q9: likert, Q10: likert, Q11: likert, Q12: likert, Q13: likert });
const survey = fc.option(
  fc
    .integer({ min: 1, max: 60 })
    .chain((invited) => fc.record({ invited: fc.constant(invited), responses: fc.array(response, { maxLength: invited }) })),
  { nil: undefined },
);
const assessors = fc.constantFrom(
  [
    { role: 'lead', certification: 'gold', country: 'DE' },
    { role: 'co', certification: 'silver', country: 'AT' },
  ],
  [{ role: 'lead', certification: 'silver', country: 'DE' }],
  [{ role: 'lead', certification: 'bronze', country: 'NO' }],
);
const evidence = fc
  .record({
    requestedLabel: fc.constantFrom('bronze', 'silver', 'gold'),
    values,
    documents,
    survey,
    assessors,
    previousLabels: fc.constantFrom([], [{ label: 'bronze', issued: '2024-07-10' }]),
    improvementAreas: fc.constantFrom([], example('example-2-bronze-fallback').improvementAreas),
  })
  .map(({ values: v, survey: s, ...rest }) => {
    const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
    return {
      framework: 'esca-default',
      interviewDate: '2026-03-14',
      onSite: true,
      cluster: { name: 'Property Cluster', country: 'DE' },
      reconciliationSigned: true,
      values: { ...profileValues, ...clean },
      ...(s ? { survey: s } : {}),
      ...rest,
    };
  });

describe('scoring: properties', () => {
  it('points never exceed their maxima, nor the total its maximum', () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const s = run(e);
        for (const i of s.indicators) expect(i.points).to.be.within(0, i.maxPoints);
        expect(s.total.points).to.be.within(0, s.total.maxPoints);
        expect(s.total.maxPoints).to.equal(150);
        expect(s.total.points).to.equal(s.areas.reduce((sum, a) => sum + a.points, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('raising any value never lowers the total or the label', () => {
    fc.assert(
      fc.property(evidence, fc.constantFrom(...recordable), fc.integer({ min: 1, max: 30 }), (e, indicator, step) => {
        const before = e.values[indicator.id] as number | undefined;
        if (before === undefined) return;
        const higher = { ...e, values: { ...e.values, [indicator.id]: raised(indicator, before, step) } };
        const a = run(e);
        const b = run(higher);
        expect(b.total.points).to.be.at.least(a.total.points);
        expect(rank(b)).to.be.at.least(rank(a));
      }),
      { numRuns: 300 },
    );
  });

  it('an awarded label has all its checks passed, and is never above the request', () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const s = run(e);
        if (s.label.awarded === null) return;
        const prefix = { bronze: /^[BE]/, silver: /^S/, gold: /^G/ }[s.label.awarded];
        const own = s.label.checks.filter((c) => prefix.test(c.rule));
        expect(own.length).to.be.greaterThan(0);
        expect(own.every((c) => c.passed)).to.equal(true);
        expect(RANK[s.label.awarded]).to.be.at.most(RANK[e.requestedLabel]);
        expect(s.label.validUntil).to.be.a('string');
      }),
      { numRuns: 300 },
    );
  });

  it('the same input gives the same output', () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const copy = JSON.parse(JSON.stringify(e));
        expect(run(copy)).to.deep.equal(run(e));
      }),
      { numRuns: 100 },
    );
  });

  it('the path to Gold reaches the Gold total, and recommendations list exactly the indicators below G', () => {
    fc.assert(
      fc.property(evidence, (e) => {
        const s = run(e);
        const gold =
          s.label.awarded === 'silver'
            ? s.pathToNextLabel
            : (s.pathToGold ?? (s.pathToNextLabel.next === 'gold' ? s.pathToNextLabel : undefined));
        if (gold) expect(gold.newTotal).to.be.at.least(120);
        const below = s.indicators.filter((i) => i.kind === 'quality' && i.points < i.threshold).map((i) => i.id);
        expect(s.recommendations.map((r) => r.indicator).sort()).to.deep.equal(below.sort());
        for (let k = 1; k < s.recommendations.length; k++) {
          expect(s.recommendations[k - 1].priority).to.be.at.least(s.recommendations[k].priority);
        }
      }),
      { numRuns: 200 },
    );
  });
});
