/** The runner keeps a counted list's ticks as a first line `[F1 F3]`; elsewhere a note reads without it. */
import { expect } from 'chai';
import { noteText } from '../../server/services/noteText';

describe('noteText: notes without the runner’s line of ticked codes', () => {
  it('drops the tick line, keeps any other text as it is', () => {
    expect(noteText('[F1 F3]\nTwo fields in the strategy.')).to.equal('Two fields in the strategy.');
    expect(noteText('[C2]')).to.equal(null);
    expect(noteText('[see D-04] the member list')).to.equal('[see D-04] the member list');
    expect(noteText('Plain note')).to.equal('Plain note');
    expect(noteText('')).to.equal(null);
    expect(noteText(null)).to.equal(null);
  });
});
