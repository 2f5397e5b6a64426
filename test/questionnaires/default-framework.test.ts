import { expect } from 'chai';
import { defaultFramework, DEFAULT_FRAMEWORK_ID } from '../../questionnaires';

describe('questionnaires: the default framework (esca-default 1.0.0)', () => {
  it('loads and validates', () => {
    const fw = defaultFramework();
    expect(fw.definition.id).to.equal(DEFAULT_FRAMEWORK_ID);
    expect(fw.definition.version).to.equal('1.0.0');
    expect(fw.indicators.size).to.equal(36);
    expect(fw.hash).to.match(/^[0-9a-f]{64}$/);
  });
});
