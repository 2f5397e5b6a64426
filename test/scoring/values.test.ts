/** Numbers, bands, dates and the survey (FRAMEWORK.md §1.2, §1.3, §3.3) at their edges. */
import { expect } from 'chai';
import { completedYears, monthsSecured, parseDate } from '../../scoring';
import { lowestValueFor, pointsFor } from '../../scoring/bands';
import { mean, percent, roundHalfUp } from '../../scoring/decimal';
import { framework, goldWith, indicator, responses, run } from './helpers';

const d = (s: string) => parseDate(s)!;
const STEP: Record<string, number> = { percent: 0.1, fte: 0.01, survey_mean: 0.01, survey_percent_yes: 0.1 };

describe('scoring: decimal rounding (§1.2)', () => {
  it('rounds half-up in decimal, never in binary', () => {
    expect(roundHalfUp(26.15, 1)).to.equal(26.2); // 26.15 is 26.149999… in binary
    expect(roundHalfUp(1.005, 2)).to.equal(1.01);
    expect(roundHalfUp(83.87, 1)).to.equal(83.9);
    expect(roundHalfUp(70, 1)).to.equal(70);
    expect(mean(508, 132)).to.equal(3.85);
    expect(mean(391, 100)).to.equal(3.91);
    expect(percent(130, 155)).to.equal(83.9);
    expect(percent(19, 34)).to.equal(55.9);
    expect(percent(1, 8)).to.equal(12.5);
    expect(percent(0, 7)).to.equal(0);
  });
  it('rounds recorded percentages and FTE before the bands', () => {
    expect(indicator(run(goldWith({ 'STR-01': 79.95 })), 'STR-01')).to.deep.include({ value: 80, points: 4 });
    expect(indicator(run(goldWith({ 'STR-01': 79.94 })), 'STR-01')).to.deep.include({ value: 79.9, points: 3 });
    expect(indicator(run(goldWith({ 'MGT-02': 1.995 })), 'MGT-02')).to.deep.include({ value: 2, points: 4 });
    expect(indicator(run(goldWith({ 'STR-01': { numerator: 799, denominator: 1000 } })), 'STR-01')).to.deep.include({
      value: 79.9,
      points: 3,
    });
  });
  it('turns a zero denominator into N/A where allowed, else 0.0', () => {
    const s = run(goldWith({ 'STR-05': { numerator: 0, denominator: 0 }, 'INT-01': { numerator: 0, denominator: 0 } }));
    expect(indicator(s, 'STR-05').status).to.equal('not_applicable');
    expect(indicator(s, 'INT-01')).to.deep.include({ status: 'scored', value: 0, points: 0 });
  });
});

describe('scoring: bands and scales (§1.3)', () => {
  const def = framework().definition;
  for (const ind of def.indicators.filter((i) => i.scoring?.bands)) {
    it(`${ind.id}: every band edge gives its points, one step below the previous band's`, () => {
      const bands = ind.scoring!.bands!;
      const step = STEP[ind.valueType] ?? 1;
      bands.forEach((band, k) => {
        const below = roundHalfUp(band.min - step, 2);
        expect(pointsFor(def, ind, band.min).points, `${ind.id} at ${band.min}`).to.equal(band.points);
        const above = roundHalfUp(band.min + step, 2);
        const next = bands[k + 1];
        expect(pointsFor(def, ind, above).points, `${ind.id} at ${above}`).to.equal(next && next.min <= above ? next.points : band.points);
        expect(pointsFor(def, ind, below).points, `${ind.id} at ${below}`).to.equal(k === 0 ? 0 : bands[k - 1].points);
      });
    });
  }
  it('spot checks against Table 2', () => {
    const at = (id: string, v: number) =>
      pointsFor(
        def,
        def.indicators.find((i) => i.id === id)!,
        v,
      ).points;
    expect([at('STR-01', 79.9), at('STR-01', 80)]).to.deep.equal([3, 4]);
    expect([at('MGT-01', 2), at('MGT-01', 3), at('MGT-01', 5), at('MGT-01', 6)]).to.deep.equal([2, 4, 4, 5]);
    expect([at('SRV-09', 3.79), at('SRV-09', 3.8), at('SRV-09', 2.49)]).to.deep.equal([3, 4, 0]);
    expect([at('STR-02', 1), at('STR-02', 2), at('STR-02', 5), at('MGT-04', 2), at('MGT-04', 5)]).to.deep.equal([0, 2, 5, 1, 4]);
  });
  it('finds the lowest value giving some points (numbers and levels)', () => {
    const byId = (id: string) => def.indicators.find((i) => i.id === id)!;
    expect(lowestValueFor(def, byId('STR-03'), 1)).to.deep.equal({ value: 15, points: 1 });
    expect(lowestValueFor(def, byId('MGT-01'), 3)).to.deep.equal({ value: 3, points: 4 });
    expect(lowestValueFor(def, byId('SRV-04'), 3)).to.deep.equal({ value: 'L3', points: 3 });
    expect(lowestValueFor(def, byId('MGT-04'), 3)).to.deep.equal({ value: 'L4', points: 3 });
  });
});

describe('scoring: dates (§1.2, §5.5)', () => {
  it('FIN-01 months: last day of month counts the month, any other day does not, never below 0', () => {
    expect(monthsSecured(d('2026-03-14'), d('2028-09-30'))).to.equal(30);
    expect(monthsSecured(d('2026-03-14'), d('2028-09-29'))).to.equal(29);
    expect(monthsSecured(d('2026-03-14'), d('2028-10-01'))).to.equal(30);
    expect(monthsSecured(d('2026-03-14'), d('2028-02-29'))).to.equal(23);
    expect(monthsSecured(d('2026-03-14'), d('2026-03-31'))).to.equal(0);
    expect(monthsSecured(d('2026-03-14'), d('2025-12-31'))).to.equal(0);
  });
  it('FIN-01 given as a secured-until date scores like the months', () => {
    const s = run(goldWith({ 'FIN-01': { securedUntil: '2028-03-30' } }));
    expect(indicator(s, 'FIN-01')).to.deep.include({ value: 23, points: 3 });
    expect(indicator(run(goldWith({ 'FIN-01': { securedUntil: '2028-03-31' } })), 'FIN-01')).to.deep.include({ value: 24, points: 4 });
  });
  it('completed years at the interview date', () => {
    expect(completedYears(d('2024-07-01'), d('2026-03-14'))).to.equal(1);
    expect(completedYears(d('2023-03-14'), d('2026-03-14'))).to.equal(3);
    expect(completedYears(d('2023-03-15'), d('2026-03-14'))).to.equal(2);
    expect(completedYears(d('2024-02-29'), d('2025-02-28'))).to.equal(1);
  });
});

describe('scoring: survey minimum and aggregation (§3.3)', () => {
  const withSurvey = (invited: number, list: Record<string, unknown>[]) => run(goldWith({}, { survey: { invited, responses: list } }));

  const cases: [number, number, boolean][] = [
    [9, 20, false], // N just below
    [10, 50, true], // N and RR at the boundary: RR = 20.0
    [11, 50, true], // N just above
    [10, 51, false], // RR = 19.6 just below
    [10, 49, true], // RR = 20.4 just above
    [11, 60, false], // §3.3 example: RR = 18.3
  ];
  for (const [n, invited, met] of cases) {
    it(`N = ${n} of ${invited} invited: minimum ${met ? 'met' : 'missed'}`, () => {
      const s = withSurvey(invited, responses(n, 4, n));
      expect(s.survey).to.deep.include({ valid: n, minimumMet: met });
      for (const id of ['SRV-09', 'INT-02', 'ACH-03']) {
        expect(indicator(s, id).status).to.equal(met ? 'scored' : 'insufficient_evidence');
        expect(indicator(s, id).value).to.be.a('number');
      }
    });
  }

  it('a response is valid with 4 of Q7–Q13 answered, not with 3', () => {
    const three = { Q7: 5, Q8: 5, Q10: 5 };
    const four = { ...three, Q11: 5 };
    expect(withSurvey(20, [...responses(10), three]).survey.valid).to.equal(10);
    expect(withSurvey(20, [...responses(10), four]).survey.valid).to.equal(11);
  });

  it('computes INT-02 over valid responses only and reports means per question', () => {
    const s = withSurvey(40, [...responses(12, 4, 3), { Q4: true, Q7: 1 }]);
    expect(indicator(s, 'INT-02').value).to.equal(25);
    expect(s.survey.means.Q7).to.equal(4);
    expect(s.survey.means['SRV-09']).to.equal(4);
    expect(s.survey.responseRate).to.equal(30);
  });

  it('makes the survey-based indicators N/A when no survey was run', () => {
    const evidence = goldWith();
    delete evidence.survey;
    const s = run(evidence);
    for (const id of ['SRV-09', 'INT-02', 'ACH-03']) expect(indicator(s, id).status).to.equal('not_applicable');
    expect(s.survey).to.deep.include({ valid: 0, invited: null, minimumMet: false });
  });

  it('scores an indicator without a valid answer as insufficient evidence', () => {
    const list = responses(12).map(({ Q4: _q4, ...rest }) => rest);
    expect(indicator(withSurvey(40, list), 'INT-02')).to.deep.include({ status: 'insufficient_evidence', value: null, points: 0 });
  });
});

describe('scoring: documents (§1.4 step 3, §4)', () => {
  it('scores 0 with insufficient evidence unless every required document is accepted', () => {
    for (const status of ['rejected', 'uploaded', 'not_provided']) {
      const s = run(goldWith({}, { documents: { ...goldWith().documents, 'D-11': status } }));
      expect(indicator(s, 'SRV-08')).to.deep.include({ status: 'insufficient_evidence', points: 0, value: 7 });
      expect(indicator(s, 'SRV-08').explanation).to.include('D-11');
    }
    const absent = goldWith();
    delete absent.documents['D-14'];
    expect(indicator(run(absent), 'ACH-03').status).to.equal('insufficient_evidence');
  });
});
