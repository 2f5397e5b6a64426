/**
 * The catalogues stay one rulebook: every key in both languages with the same ICU variables, every
 * message valid ICU. The check is a function, so it is proven on broken copies too.
 */
import { expect } from 'chai';
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogue, compareCatalogues, flatten, format, formatTemplate, messageVariables } from '../../messages';
import { AppError, valueDoesNotFit } from '../../server/errors';
import { validateValues } from '../../scoring/validate-values';
import { indexFramework } from '../../scoring/framework-index';
import { defaultFramework } from '../../questionnaires';
import { parseDate } from '../../scoring/dates';
import type { EvidenceProblem } from '../../scoring/errors';

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('messages: one catalogue per language', () => {
  it('has every key in both languages with the same variables', () => {
    expect(compareCatalogues(catalogue('en'), catalogue('nb'))).to.deep.equal([]);
  });

  it('fails when a key is missing in nb (a copy with one key removed)', () => {
    const nb = copy(catalogue('nb')) as Record<string, unknown>;
    delete nb.uploadFailed;
    delete (nb.ruleNames as Record<string, unknown>).G3;
    expect(compareCatalogues(catalogue('en'), nb)).to.deep.equal(['uploadFailed: missing in nb', 'ruleNames.G3: missing in nb']);
  });

  it('fails when a key is missing in en, or a translation drops or renames a variable', () => {
    const nb = copy(catalogue('nb')) as Record<string, any>;
    nb.onlyNorwegian = 'Bare norsk';
    nb.ruleNames.G3 = 'Minst 120 poeng';
    nb.uploadFailed = 'Opplastingen mislyktes: {melding}';
    expect(compareCatalogues(catalogue('en'), nb)).to.have.members([
      'onlyNorwegian: missing in en',
      'ruleNames.G3: variables {minTotal} in en but {} in nb',
      'uploadFailed: variables {message} in en but {melding} in nb',
    ]);
  });

  it('fails on a message that is not ICU MessageFormat', () => {
    const nb = copy(catalogue('nb')) as Record<string, any>;
    nb.waitDocuments = '{n, plural, one {# dokument} other {# dokumenter} å gjennomgå';
    expect(compareCatalogues(catalogue('en'), nb))
      .to.have.length(1)
      .and.to.match(/^waitDocuments: not valid ICU/);
  });

  it('reads the variables of plurals and nested arguments', () => {
    expect(messageVariables('{n} of {total, plural, one {# indicator in {cluster}} other {# indicators}}')).to.deep.equal([
      'cluster',
      'n',
      'total',
    ]);
  });

  it('formats every message as intl-messageformat does (the fast evaluator agrees)', () => {
    let compared = 0;
    for (const lang of ['en', 'nb'] as const) {
      for (const [key, message] of Object.entries(flatten(catalogue(lang)))) {
        const names = messageVariables(message);
        for (const sample of [0, 1, 3, 1000, 'yes', 'no', 'below', 'level']) {
          const values = Object.fromEntries(names.map((n) => [n, sample]));
          const general = String(
            new IntlMessageFormat(message, lang === 'nb' ? 'nb' : 'en-GB', undefined, { ignoreTag: true }).format(values),
          );
          expect(formatTemplate(message, values, lang), `${lang} ${key} ${sample}`).to.equal(general);
          compared++;
        }
      }
    }
    expect(compared).to.be.above(1000);
  });

  it('counts with ICU plurals in both languages', () => {
    expect(format('en', 'waitDocuments', { n: 1, cluster: 'X' })).to.equal('1 document to review in X');
    expect(format('en', 'waitDocuments', { n: 3, cluster: 'X' })).to.equal('3 documents to review in X');
    expect(format('nb', 'waitDocuments', { n: 1, cluster: 'X' })).to.equal('1 dokument å gjennomgå i X');
    expect(format('nb', 'waitDocuments', { n: 3, cluster: 'X' })).to.equal('3 dokumenter å gjennomgå i X');
  });
});

describe("messages: errors in the reader's language", () => {
  const fw = defaultFramework();
  const problems = (id: string, value: unknown): EvidenceProblem[] => {
    const out: EvidenceProblem[] = [];
    validateValues(indexFramework(fw.definition), { [id]: value }, parseDate('2026-03-14')!, out);
    return out;
  };

  it("words a value that does not fit from the engine's code and facts, the English as before", () => {
    const e = valueDoesNotFit('STR-01', problems('STR-01', 'eighty'));
    expect(e.message).to.equal('The value does not fit STR-01: must be a percentage (number 0–100) or {numerator, denominator}.');
    expect(e.localized('nb')).to.equal('Verdien passer ikke til STR-01: må være en prosent (tall 0–100) eller {numerator, denominator}.');
    expect(e.details).to.deep.equal([
      { path: '/value', message: 'STR-01 must be a percentage (number 0–100) or {numerator, denominator}', code: 'percent_type' },
    ]);
    expect(valueDoesNotFit('STR-01', problems('STR-01', { numerator: 9, denominator: 4 })).localized('nb')).to.equal(
      'Verdien passer ikke til STR-01: telleren 9 kan ikke være større enn nevneren 4.',
    );
  });

  it('keeps a plain message as it is in every language', () => {
    const e = new AppError(409, 'conflict', 'Already decided.');
    expect(e.localized('nb')).to.equal('Already decided.');
  });
});
