/** The nb report words the engine's check details and procedural steps in bokmål, like the en report in English. */
import { expect } from 'chai';
import { renderReport } from '../../reports';
import { FIXED_NOW } from './fixtures/context';
import { engineInput } from './fixtures/inputs';
import { pdfText } from './poppler';

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('reports/renderReport: check details and procedural steps in the report’s language', () => {
  let nb: string;
  let en: string;

  before(async () => {
    const input = engineInput('example-3-no-label');
    nb = flat(pdfText(await renderReport(input, { lang: 'nb', now: FIXED_NOW })));
    en = flat(pdfText(await renderReport(input, { lang: 'en', now: FIXED_NOW })));
  });

  it('shows the details column with the Norwegian check details in the nb report', () => {
    expect(nb).to.include('Detaljer');
    for (const detail of [
      'intervjueren er sertifisert på bronsenivå',
      'alle 36 indikatorene er registrert',
      'ikke oppfylt: E2',
      'STR-03 = 14 (vurdert), minstekrav 15',
    ]) {
      expect(nb, detail).to.include(detail);
    }
    expect(nb).not.to.include('interviewer certified');
    expect(nb).not.to.include('indicators recorded');
  });

  it('lists the procedural steps in bokmål in the nb report and in English in the en report', () => {
    expect(nb).to.include('Få D-10 godkjent (kreves for MGT-04)');
    expect(nb).to.include('avstemmingsprotokoll');
    expect(nb).not.to.include('Have D-10 accepted');
    expect(en).to.include('Have D-10 accepted (required for MGT-04)');
    expect(en).to.include('interviewer certified at bronze level');
  });
});
