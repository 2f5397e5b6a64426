/** Evidence is validated before anything is computed, with JSON-pointer paths (DESIGN.md). */
import { expect } from 'chai';
import { EvidenceError, score } from '../../scoring';
import { framework, goldWith, responses } from './helpers';

function problems(evidence: unknown): { path: string; message: string }[] {
  try {
    score(framework(), evidence);
  } catch (e) {
    expect(e).to.be.instanceOf(EvidenceError);
    const error = e as EvidenceError;
    expect(error.code).to.equal('evidence_invalid');
    expect(error).not.to.have.property('status');
    return error.errors;
  }
  throw new Error('expected an EvidenceError');
}
const paths = (evidence: unknown) => problems(evidence).map((p) => p.path);
const first = (evidence: unknown) => problems(evidence)[0];

describe('scoring: evidence validation', () => {
  it('rejects what is not an evidence object', () => {
    expect(paths(null)).to.deep.equal(['']);
    expect(paths([])).to.deep.equal(['']);
  });

  it('names missing and unknown top-level properties', () => {
    const { requestedLabel: _r, ...rest } = goldWith();
    expect(first(rest)).to.deep.equal({ path: '/requestedLabel', message: 'is required' });
    expect(first(goldWith({}, { colour: 'blue' }))).to.deep.equal({ path: '/colour', message: 'unknown property' });
    expect(paths(goldWith({}, { requestedLabel: 'platinum' }))).to.deep.equal(['/requestedLabel']);
  });

  it('names malformed dates', () => {
    expect(first(goldWith({}, { interviewDate: '2026-02-30' }))).to.deep.include({ path: '/interviewDate' });
    expect(first(goldWith({}, { interviewDate: '14.03.2026' })).message).to.match(/malformed date/);
    expect(paths(goldWith({}, { previousLabels: [{ label: 'bronze', issued: '2024-13-01' }] }))).to.deep.equal([
      '/previousLabels/0/issued',
    ]);
    expect(first(goldWith({ 'FIN-01': { securedUntil: '2028-02-30' } }))).to.deep.include({ path: '/values/FIN-01' });
    expect(first(goldWith({ 'FIN-01': { securedUntil: '2028-02-30' } })).message).to.match(/malformed date/);
  });

  it('rejects evidence for another framework or version', () => {
    expect(paths(goldWith({}, { framework: 'bw-style' }))).to.deep.equal(['/framework']);
    expect(paths(goldWith({}, { frameworkVersion: '2.0.0' }))).to.deep.equal(['/frameworkVersion']);
  });

  it('names unknown indicator, checklist and question ids', () => {
    expect(first(goldWith({ 'XYZ-01': 3 }))).to.deep.equal({
      path: '/values/XYZ-01',
      message: 'unknown indicator id XYZ-01',
      code: 'unknown_indicator',
      facts: { id: 'XYZ-01' },
    });
    expect(first(goldWith({}, { documents: { 'D-99': 'accepted' } }))).to.deep.equal({
      path: '/documents/D-99',
      message: 'unknown checklist id D-99',
    });
    expect(paths(goldWith({}, { documents: { 'D-01': 'approved' } }))).to.deep.equal(['/documents/D-01']);
    expect(paths(goldWith({}, { survey: { invited: 20, responses: [{ Q99: 3 }] } }))).to.deep.equal(['/survey/responses/0/Q99']);
    const area = { title: 'x', indicators: ['SRV-99'], documents: ['D-77'], changeDescribed: true };
    expect(paths(goldWith({}, { improvementAreas: [area] }))).to.deep.equal([
      '/improvementAreas/0/indicators/0',
      '/improvementAreas/0/documents/0',
    ]);
  });

  const wrong: [string, unknown, RegExp][] = [
    ['STR-01', 100.1, /out of range 0–100/],
    ['STR-01', -1, /out of range/],
    ['STR-01', '83.9', /percentage/],
    ['STR-01', { numerator: 5, denominator: 4 }, /must not exceed/],
    ['STR-01', { numerator: 1.5, denominator: 4 }, /non-negative integers/],
    ['STR-02', 6, /integer 1–5/],
    ['STR-02', 0, /integer 1–5/],
    ['STR-02', 2.5, /integer 1–5/],
    ['STR-03', -1, /non-negative integer/],
    ['STR-03', 15.5, /non-negative integer/],
    ['SRV-07', 7, /at most 6/],
    ['SRV-08', 9, /at most 8/],
    ['MGT-02', -0.5, /FTE/],
    ['FIN-01', 30.5, /non-negative integer/],
    ['MGT-07', 'cooperative', /must be one of/],
    ['STR-06', { nace: [] }, /NACE/],
    ['STR-08', { micro: 1 }, /micro, small/],
    ['STR-03', { notApplicable: true }, /N\/A is not allowed/],
    ['STR-05', { notApplicable: false }, /notApplicable/],
  ];
  for (const [id, value, message] of wrong) {
    it(`rejects ${id} = ${JSON.stringify(value)}`, () => {
      const problem = first(goldWith({ [id]: value }));
      expect(problem.path).to.equal(`/values/${id}`);
      expect(problem.message).to.match(message);
    });
  }

  it('rejects survey-based indicators given in values', () => {
    expect(first(goldWith({ 'SRV-09': 3.9 }))).to.deep.equal({
      path: '/values/SRV-09',
      message: 'SRV-09 is computed from the survey and must not be given in values',
      code: 'survey_based',
      facts: { id: 'SRV-09' },
    });
  });

  it('refuses a Likert answer given as text as evidence, however the survey is tallied', () => {
    // the answers are then tallied generally, which once summed text answers into the mean and threw
    const bad = [...responses(5), { Q5: 'agree', Q7: 4, Q8: 4, Q9: 4, Q10: 4 }, { Q5: '3', Q7: 4, Q8: 4, Q9: 4, Q10: 4 }];
    expect(problems(goldWith({}, { survey: { invited: 10, responses: bad } }))).to.deep.equal([
      { path: '/survey/responses/5/Q5', message: 'Q5 must be a Likert answer, an integer 1–5' },
      { path: '/survey/responses/6/Q5', message: 'Q5 must be a Likert answer, an integer 1–5' },
    ]);
  });

  it('checks survey answers against the question types', () => {
    const bad = [{ Q7: 6, Q4: 'yes', Q1: 'banks', Q14: 11, Q15: 3 }];
    expect(problems(goldWith({}, { survey: { invited: 10, responses: bad } })).map((p) => p.path)).to.deep.equal([
      '/survey/responses/0/Q7',
      '/survey/responses/0/Q4',
      '/survey/responses/0/Q1',
      '/survey/responses/0/Q14',
      '/survey/responses/0/Q15',
    ]);
    expect(paths(goldWith({}, { survey: { invited: 5, responses: responses(6) } }))).to.deep.equal(['/survey/responses']);
    expect(paths(goldWith({}, { survey: { invited: -1, responses: [] } }))).to.deep.equal(['/survey/invited']);
  });

  it('reports every problem at once', () => {
    expect(problems(goldWith({ 'STR-01': 101, 'STR-02': 9 }, { documents: { 'D-00': 'accepted' } }))).to.have.length(3);
  });

  it('rejects two lead assessors and an invalid asOf', () => {
    const lead = { role: 'lead', certification: 'gold', country: 'DE' };
    expect(paths(goldWith({}, { assessors: [lead, lead] }))).to.deep.equal(['/assessors']);
    expect(() => score(framework(), goldWith(), { asOf: '2026-13-01' })).to.throw(/asOf/);
    expect(score(framework(), goldWith(), { asOf: '2026-04-01' }).asOf).to.equal('2026-04-01');
  });
});
