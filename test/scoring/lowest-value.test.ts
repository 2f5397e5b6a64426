/** lowestValueFor keeps its answers per indicator and target; callers must not see that. */
import { expect } from 'chai';
import { lowestValueFor } from '../../scoring/bands';
import { framework } from './helpers';

describe('scoring: lowestValueFor answers are kept, not shared', () => {
  const def = framework().definition;
  const banded = def.indicators.find((i) => i.scoring?.bands && i.kind === 'quality')!;
  const scaled = def.indicators.find((i) => i.valueType === 'scale' && i.kind === 'quality')!;

  it('gives each caller its own object', () => {
    const first = lowestValueFor(def, banded, 1)!;
    const expected = { ...first };
    first.value = -1;
    first.points = -1;
    expect(lowestValueFor(def, banded, 1)).to.deep.equal(expected);
  });

  it('answers again for another definition holding the same indicator', () => {
    const name = scaled.scoring!.scale!;
    const before = lowestValueFor(def, scaled, 1);
    const other = { ...def, scales: { ...def.scales, [name]: [0, 0, 1, 2, 3] } };
    expect(lowestValueFor(other, scaled, 1)).to.deep.equal({ value: 'L3', points: 1 });
    expect(lowestValueFor(def, scaled, 1)).to.deep.equal(before);
  });

  it('still says null when no value reaches the target', () => {
    expect(lowestValueFor(def, banded, banded.scoring!.maxPoints + 1)).to.equal(null);
    expect(lowestValueFor(def, banded, banded.scoring!.maxPoints + 1)).to.equal(null);
  });
});
