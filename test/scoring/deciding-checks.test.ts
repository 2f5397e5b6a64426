/** The checks that decided a label (§5.4): the requested label's and, when it was not awarded, the fallback's. */
import { expect } from 'chai';
import { decidingChecks } from '../../scoring';
import { example, goldWith, run, silverWith } from './helpers';

const rules = (evidence: unknown) => decidingChecks(run(evidence).label).map((c) => c.rule);

describe('scoring: decidingChecks', () => {
  it('a Gold request awarded Gold: Gold’s checks only, not Silver’s S1–S5 nor Bronze’s', () => {
    const s = run(example('example-1-gold'));
    expect(s.label.checks.map((c) => c.rule)).to.include.members(['S1', 'S4', 'B1']); // the score keeps them all
    expect(rules(example('example-1-gold'))).to.deep.equal(['G1', 'G2', 'G3', 'G4', 'G5']);
  });

  it('a Gold request that fell back to Bronze: Gold’s and Bronze’s checks, not Silver’s', () => {
    expect(rules(example('example-2-bronze-fallback'))).to.deep.equal([
      'G1',
      'G2',
      'G3',
      'G4',
      'G5',
      'B1',
      'B2',
      'B3',
      'E1',
      'E2',
      'E3',
      'E4',
    ]);
  });

  it('a Silver request awarded Silver: Silver’s checks only', () => {
    expect(run(silverWith()).label.awarded).to.equal('silver');
    expect(rules(silverWith())).to.deep.equal(['S1', 'S2', 'S3', 'S4', 'S5']);
  });

  it('no label: the requested label’s checks and Bronze’s (the last fallback tried)', () => {
    expect(rules(example('example-3-no-label'))).to.deep.equal(['B1', 'B2', 'B3', 'E1', 'E2', 'E3', 'E4']);
    const none = goldWith({ 'STR-03': 10 });
    expect(run(none).label.awarded).to.equal(null);
    expect(rules(none)).to.deep.equal(['G1', 'G2', 'G3', 'G4', 'G5', 'B1', 'B2', 'B3', 'E1', 'E2', 'E3', 'E4']);
  });
});
