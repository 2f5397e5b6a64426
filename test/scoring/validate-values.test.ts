/**
 * validateValues (the Map the server reads) and validateValuesByPosition (what score() reads) share
 * their checks; they must agree on every value and every problem.
 */
import { expect } from 'chai';
import { parseDate } from '../../scoring';
import type { EvidenceProblem } from '../../scoring/errors';
import { indexFramework } from '../../scoring/framework-index';
import { validateValues, validateValuesByPosition } from '../../scoring/validate-values';
import { example, framework } from './helpers';

describe('scoring: values checked into a Map and by position agree', () => {
  const index = indexFramework(framework().definition);
  const interview = parseDate('2026-03-14')!;
  const cases: Record<string, Record<string, unknown>> = {
    'Example 1': example('example-1-gold').values,
    'with bad entries': {
      ...example('example-2-bronze-fallback').values,
      'STR-01': { numerator: 9, denominator: 4 },
      'NOPE-01': 3,
      'SRV-09': 4,
      'MGT-02': 1.005,
      'STR-05': { notApplicable: true },
    },
  };
  for (const [name, values] of Object.entries(cases)) {
    it(name, () => {
      const mapProblems: EvidenceProblem[] = [];
      const positionProblems: EvidenceProblem[] = [];
      const map = validateValues(index, values, interview, mapProblems);
      const byPosition = validateValuesByPosition(index, values, interview, positionProblems);
      expect(positionProblems).to.deep.equal(mapProblems);
      expect(byPosition).to.have.length(index.indicators.length);
      const fromPositions = index.indicators.flatMap((i, p) => (byPosition[p] ? [[i.id, byPosition[p]] as const] : []));
      expect(Object.fromEntries(fromPositions)).to.deep.equal(Object.fromEntries(map));
      expect(map.size).to.be.greaterThan(20);
    });
  }
});
