/** Calibration, peer statistics and reconciliation helpers. */
import { expect } from 'chai';
import { calibrate, median, percentile, quadraticKappa, quantile, quartiles, reconcile } from '../../scoring';
import { EvidenceError } from '../../scoring';
import { example, framework } from './helpers';

describe('scoring: trainee calibration', () => {
  const final = example('example-1-gold').values;
  const interviewDate = '2026-03-14';

  it('gives full agreement and kappa 1 for identical values', () => {
    const c = calibrate(framework(), { shadow: final, final, interviewDate });
    expect(c).to.deep.include({ compared: 28, exactAgreement: 100, withinOneBand: 100, kappa: 1 });
    expect(c.deviations).to.deep.equal([]);
  });

  it('compares band points: exact, within one band, kappa and the largest deviations', () => {
    // STR-03 130 → 14 (5 → 0 points), SRV-06 8 → 4 (4 → 3), STR-01 83.9 → 80.0 (same band), INT-05 L5 → L4 (5 → 4)
    const shadow = { ...final, 'STR-03': 14, 'SRV-06': 4, 'STR-01': 80, 'INT-05': 4 };
    const c = calibrate(framework(), { shadow, final, interviewDate });
    expect(c.compared).to.equal(28);
    expect(c.exactAgreement).to.equal(89.3); // 25 of 28
    expect(c.withinOneBand).to.equal(96.4); // 27 of 28
    expect(c.deviations.map((d) => [d.indicator, d.difference])).to.deep.equal([
      ['STR-03', -5],
      ['SRV-06', -1],
      ['INT-05', -1],
    ]);
    expect(c.kappa).to.be.a('number').and.to.be.below(1);
  });

  it('skips indicators only one of them recorded and reports bad values with paths', () => {
    const { 'STR-03': _dropped, ...shadow } = final;
    expect(calibrate(framework(), { shadow, final, interviewDate }).compared).to.equal(27);
    expect(() => calibrate(framework(), { shadow: { 'STR-02': 9 }, final, interviewDate }))
      .to.throw(EvidenceError)
      .with.property('errors')
      .that.deep.equals([
        { path: '/shadow/STR-02', message: 'STR-02 must be a scale level, an integer 1–5', code: 'scale', facts: { id: 'STR-02' } },
      ]);
  });

  it('computes quadratic-weighted kappa like the textbook formula', () => {
    // by hand for the third case: Σ(a−b)² = 1, n = 4, Σ(i−j)²·r_i·c_j = 20 → κ = 1 − 1·4/20 = 0.8
    expect(
      quadraticKappa(
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        2,
      ),
    ).to.equal(1);
    expect(
      quadraticKappa(
        [
          [0, 2],
          [2, 0],
        ],
        2,
      ),
    ).to.equal(-1);
    expect(
      quadraticKappa(
        [
          [0, 0],
          [1, 2],
          [2, 2],
          [1, 1],
        ],
        2,
      ),
    ).to.equal(0.8);
    expect(
      quadraticKappa(
        [
          [3, 3],
          [3, 3],
        ],
        5,
      ),
    ).to.equal(null);
  });
});

describe('scoring: peer statistics', () => {
  it('percentile uses mid-ranks for ties', () => {
    expect(percentile(3, [1, 2, 3, 3, 5])).to.equal(60); // (2 + 0.5 × 2) / 5
    expect(percentile(0, [1, 2])).to.equal(0);
    expect(percentile(9, [1, 2])).to.equal(100);
    expect(percentile(2, [2])).to.equal(50);
    expect(percentile(1, [])).to.equal(null);
  });
  it('quartiles by linear interpolation (type 7)', () => {
    expect(quartiles([1, 2, 3, 4])).to.deep.equal({ count: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(quartiles([7])).to.deep.equal({ count: 1, min: 7, q1: 7, median: 7, q3: 7, max: 7 });
    expect(median([5, 1, 3])).to.equal(3);
    expect(quantile([0.1, 0.2], 0.5)).to.equal(0.15);
    expect(quartiles([])).to.equal(null);
  });
});

describe('scoring: reconcile (§5.3 G5)', () => {
  it('takes the agreed value, else the common value, else the lower one', () => {
    expect(reconcile(4, 3, 4)).to.equal(4);
    expect(reconcile(4, 4)).to.equal(4);
    expect(reconcile(4, 3)).to.equal(3);
    expect(reconcile(2.5, 2.75)).to.equal(2.5);
    expect(reconcile(5, undefined)).to.equal(5);
    expect(reconcile(undefined, 2)).to.equal(2);
  });
  it('compares ratios by the percentage they give, N/A as lowest', () => {
    expect(reconcile({ numerator: 130, denominator: 155 }, { numerator: 129, denominator: 155 })).to.deep.equal({
      numerator: 129,
      denominator: 155,
    });
    expect(reconcile<unknown>({ numerator: 80, denominator: 100 }, 79.9)).to.equal(79.9);
    expect(reconcile<unknown>(90, { notApplicable: true })).to.deep.equal({ notApplicable: true });
    expect(reconcile<unknown>('association', 'company')).to.equal('association');
  });
});
