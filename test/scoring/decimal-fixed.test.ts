/** fixed() writes rounded values itself instead of calling toFixed; it must print exactly what toFixed prints. */
import { expect } from 'chai';
import fc from 'fast-check';
import { fixed } from '../../scoring/decimal';

describe('scoring: fixed() prints what toFixed prints', () => {
  it('every k / 10 and k / 100 up to 100,000, at one and two decimals', () => {
    for (let k = 0; k <= 100_000; k++) {
      for (const x of [k / 10, k / 100]) {
        if (fixed(x, 1) !== x.toFixed(1) || fixed(x, 2) !== x.toFixed(2))
          expect([fixed(x, 1), fixed(x, 2)]).to.deep.equal([x.toFixed(1), x.toFixed(2)]);
      }
    }
  });
  it('values that are not rounded, negative, huge or not finite', () => {
    for (const x of [-0, 0.05, 0.005, 1.005, 2.675, 0.1 + 0.2, -3.75, 1e14, 1e15 + 0.5, 1e21, 5e-324, NaN, Infinity, -Infinity]) {
      for (const places of [0, 1, 2, 3]) expect(fixed(x, places), `${x} to ${places}`).to.equal(x.toFixed(places));
    }
  });
  it('any double', () => {
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: 0, max: 4 }), (x, places) => fixed(x, places) === x.toFixed(places)),
      { numRuns: 20_000 },
    );
  });
});
