/**
 * Golden cases: the worked examples of FRAMEWORK.md §7 as evidence files (fixtures/evidence) and the
 * expected results written from the text of §7 (test/scoring/golden/*.expected.json).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { example, run } from './helpers';

const NAMES = ['example-1-gold', 'example-2-bronze-fallback', 'example-3-no-label'] as const;
const expected = (name: string) => JSON.parse(readFileSync(join(__dirname, 'golden', `${name}.expected.json`), 'utf8'));

describe('scoring: FRAMEWORK.md §7 worked examples', () => {
  for (const name of NAMES) {
    describe(name, () => {
      const want = expected(name);
      const got = run(example(name));
      const quality = got.indicators.filter((i) => i.kind === 'quality');

      it('gives the stated points and values of every quality indicator', () => {
        expect(Object.fromEntries(quality.map((i) => [i.id, i.points]))).to.deep.equal(want.points);
        expect(Object.fromEntries(quality.map((i) => [i.id, i.value]))).to.deep.equal(want.values);
      });

      it('gives the stated total and area sums', () => {
        expect(got.total.points).to.equal(want.total);
        expect(Object.fromEntries(got.areas.map((a) => [a.code, a.points]))).to.deep.equal(want.areas);
      });

      it('aggregates the survey as stated', () => {
        const { valid, invited, responseRate, minimumMet } = got.survey;
        expect({ valid, invited, responseRate, minimumMet }).to.deep.equal(want.survey);
      });

      it('awards the stated label with its validity, failing exactly the stated checks', () => {
        expect(got.label.awarded).to.equal(want.awarded);
        expect(got.label.issued).to.equal(want.issued);
        expect(got.label.validUntil).to.equal(want.validUntil);
        expect(got.label.checks.filter((c) => !c.passed).map((c) => c.rule)).to.deep.equal(want.failedChecks);
      });

      it('lists the recommendations in §6.1 order with the stated priorities', () => {
        expect(got.recommendations).to.have.length(want.recommendationCount);
        const head = got.recommendations.slice(0, want.recommendations.length);
        expect(head.map((r) => [r.indicator, r.priority, r.minimumFailed])).to.deep.equal(want.recommendations);
      });

      if (want.statuses) {
        it('reports N/A and insufficient evidence as stated', () => {
          for (const [id, status] of Object.entries(want.statuses))
            expect(got.indicators.find((i) => i.id === id)!.status, id).to.equal(status);
        });
      }
    });
  }

  it('Example 1: Gold at exactly 120, no path, renew by the end of validity', () => {
    const got = run(example('example-1-gold'));
    expect(got.pathToNextLabel).to.deep.include(expected('example-1-gold').pathToNextLabel);
    expect(got.pathToGold).to.equal(undefined);
    expect(got.indicators.find((i) => i.id === 'FIN-01')!.evidence.computation).to.match(/2028-09-30 = 30/);
  });

  it('Example 2: Bronze fallback; path to Silver {SRV-04 → L3} with the S1 window; path to Gold stops after PG1', () => {
    const got = run(example('example-2-bronze-fallback'));
    const want = expected('example-2-bronze-fallback');
    const improvements = (p: typeof got.pathToNextLabel) => p.improvements.map((i) => [i.indicator, i.targetPoints, i.targetValue, i.gain]);
    expect(got.pathToNextLabel.next).to.equal('silver');
    expect(improvements(got.pathToNextLabel)).to.deep.equal(want.pathToNextLabel.improvements);
    expect(got.pathToNextLabel.procedural).to.deep.equal(want.pathToNextLabel.procedural);
    expect(got.pathToNextLabel.newTotal).to.equal(131);
    expect(got.pathToGold!.next).to.equal('gold');
    expect(improvements(got.pathToGold!)).to.deep.equal(want.pathToGold.improvements);
    expect(got.pathToGold!.newTotal).to.equal(want.pathToGold.newTotal);
  });

  it('Example 3: path to Bronze STR-03 → 15; path to Gold of 28 indicators, PG2 gain 64, new total 120', () => {
    const got = run(example('example-3-no-label'));
    const want = expected('example-3-no-label');
    expect(got.pathToNextLabel.next).to.equal('bronze');
    expect(got.pathToNextLabel.improvements.map((i) => [i.indicator, i.targetPoints, i.targetValue, i.gain])).to.deep.equal(
      want.pathToNextLabel.improvements,
    );
    const gold = got.pathToGold!;
    expect(gold.improvements).to.have.length(want.pathToGold.count);
    expect(gold.gainByRule).to.deep.equal({ PG1: want.pathToGold.pg1, PG2: want.pathToGold.pg2 });
    expect(gold.newTotal).to.equal(want.pathToGold.newTotal);
    const ids = gold.improvements.map((i) => i.indicator);
    for (const id of want.pathToGold.excluded) expect(ids).not.to.include(id);
    // gains counted after PG1, as §7.3 lists them (STR-03 gains 3 in PG2 after +1 in PG1)
    const afterPg1 = (i: (typeof gold.improvements)[number]) => (i.rules!.includes('PG1') ? i.gain - 1 : i.gain);
    for (const [gain, members] of Object.entries(want.pathToGold.gains as Record<string, string[]>)) {
      const got4 = gold.improvements.filter((i) => afterPg1(i) === Number(gain)).map((i) => i.indicator);
      expect([...got4].sort()).to.deep.equal([...members].sort());
    }
    const str03 = gold.improvements.find((i) => i.indicator === 'STR-03')!;
    expect(str03).to.deep.include({ targetPoints: 4, targetValue: 50, gain: 4 });
    expect(str03.rules).to.deep.equal(['PG1', 'PG2']);
  });
});
