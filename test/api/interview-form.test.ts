/**
 * The interview runner without JavaScript: its form posts to the page itself, is read into the value
 * the runner's script would have sent, and is saved by the same rules as the JSON API (the version
 * check, the indicator's check, who records what), with the outcome in a flash on the same screen.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { valueFromForm } from '../../server/web/pages/interview';
import { tokenIn } from '../support/pages';

describe('valueFromForm: what the runner script sends, from a posted form', () => {
  it('reads every value type as the script does', () => {
    expect(valueFromForm('scale', { level: '3' })).to.equal(3);
    expect(valueFromForm('percent', { pct: '72,5', num: '', den: '' })).to.equal(72.5);
    expect(valueFromForm('percent', { pct: '', num: '15', den: '20' })).to.deep.equal({ numerator: 15, denominator: 20 });
    expect(valueFromForm('percent', { pct: '', num: '15', den: '' })).to.deep.equal({ numerator: 15, denominator: null });
    expect(valueFromForm('percent', { na: 'on', pct: '40' })).to.deep.equal({ notApplicable: true });
    expect(valueFromForm('integer', { count: ' 1 234 ' })).to.equal(1234);
    expect(valueFromForm('fte', { count: '0,8' })).to.equal(0.8);
    expect(valueFromForm('eur', { count: '95000' })).to.equal(95000);
    expect(valueFromForm('years', { count: '', date: '2024-07-01' })).to.deep.equal({ since: '2024-07-01' });
    expect(valueFromForm('months', { count: '', date: '2027-12-31' })).to.deep.equal({ securedUntil: '2027-12-31' });
    expect(valueFromForm('years', { count: '4', date: '' })).to.equal(4);
    expect(valueFromForm('nace', { nace: 'c30; c33.1', field: ' Maritime technology ' })).to.deep.equal({
      nace: ['C30', 'C33.1'],
      field: 'Maritime technology',
    });
    expect(valueFromForm('nace', { nace: 'C30', field: '' })).to.deep.equal({ nace: ['C30'] });
    expect(valueFromForm('nuts', { nuts: 'no0a, no0b' })).to.deep.equal({ nuts: ['NO0A', 'NO0B'] });
    expect(valueFromForm('size_classes', { micro: '9', small: '5', medium: '', large: '', unknown: '' })).to.deep.equal({
      micro: 9,
      small: 5,
      medium: 0,
      large: 0,
      unknown: 0,
    });
    expect(valueFromForm('code', { code: 'association' })).to.equal('association');
  });

  it('gives null when nothing is entered, and passes text that is no number on as it is', () => {
    for (const type of ['scale', 'percent', 'integer', 'years', 'nace', 'nuts', 'size_classes', 'code', 'survey_mean'])
      expect(valueFromForm(type, {}), type).to.equal(null);
    expect(valueFromForm('integer', { count: 'many' })).to.equal('many');
    expect(valueFromForm('integer', { count: ['1', '2'] })).to.equal(null);
  });
});

describe(`the interview form without JavaScript (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();

  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

  /** opens the runner on `indicator` as `agent`, posts `fields` with the page's token and version */
  async function post(agent: request.Agent, id: number, indicator: string, fields: Record<string, string>, version?: string) {
    const page = await expectStatus(agent.get(`/assessments/${id}/interview?i=${indicator}`), 200);
    expect(page.text).to.contain(`action="/assessments/${id}/interview"`);
    const res = await expectStatus(
      agent
        .post(`/assessments/${id}/interview`)
        .type('form')
        .send({ _csrf: tokenIn(page.text), indicator, version: version ?? versionIn(page.text), ...fields }),
      303,
    );
    expect(res.headers.location).to.equal(`/assessments/${id}/interview?i=${indicator}`);
    const next = await agent.get(res.headers.location);
    return /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(next.text)?.slice(1) ?? [];
  }
  const stored = async (agent: request.Agent, id: number, indicator: string) =>
    (
      (await agent.get(`/api/assessments/${id}/values`)).body.values as { indicatorId: string; value: unknown; note: string | null }[]
    ).filter((v) => v.indicatorId === indicator);

  it('saves an assessor value with its note, under the assessment version', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const version = (await agents.lead.get(`/api/assessments/${id}`)).body.version;
    expect(await post(agents.lead, id, 'STR-01', { num: '15', den: '20', note: 'member list of 3 March' })).to.deep.equal([
      'ok',
      'STR-01 is saved.',
    ]);
    expect(await stored(agents.lead, id, 'STR-01'))
      .to.have.length(1)
      .and.to.have.nested.property('[0].value')
      .that.deep.equals({ numerator: 15, denominator: 20 });
    expect((await stored(agents.lead, id, 'STR-01'))[0].note).to.equal('member list of 3 March');
    expect((await agents.lead.get(`/api/assessments/${id}`)).body.version).to.equal(version + 1);
    expect(await post(agents.lead, id, 'STR-02', { level: '3' })).to.deep.equal(['ok', 'STR-02 is saved.']);
  });

  it('refuses a stale page, an empty form and a value that does not fit, and stores nothing', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const page = await agents.lead.get(`/assessments/${id}/interview?i=FIN-01`);
    const stale = versionIn(page.text);
    // the co-assessor saves meanwhile: the lead's page is now a version behind
    expect(await post(agents.co, id, 'FIN-02', { pct: '12' })).to.deep.equal(['ok', 'FIN-02 is saved.']);
    const [kind, text] = await post(agents.lead, id, 'FIN-01', { count: '14' }, stale);
    expect(kind).to.equal('error');
    expect(text).to.match(/changed/i);
    expect(await post(agents.lead, id, 'FIN-01', { count: '' })).to.deep.equal(['error', 'Enter a value for FIN-01 before saving.']);
    const [k2, t2] = await post(agents.lead, id, 'FIN-01', { count: 'many' });
    expect(k2).to.equal('error');
    expect(t2).to.contain('FIN-01');
    expect(await stored(agents.lead, id, 'FIN-01')).to.deep.equal([]);
  });

  it("keeps a trainee's values blind and apart, and refuses whoever records nothing here", async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { traineeIds: [ids.trainee] });
    expect(await post(agents.trainee, id, 'STR-03', { count: '12' })).to.deep.equal(['ok', 'STR-03 is saved.']);
    expect(
      (await agents.trainee.get(`/api/assessments/${id}/shadow`)).body.values.map((v: { indicatorId: string; value: unknown }) => [
        v.indicatorId,
        v.value,
      ]),
    ).to.deep.equal([['STR-03', 12]]);
    expect(await stored(agents.lead, id, 'STR-03')).to.deep.equal([]);
    // another benchmarker, not on the team: refused as by the API (which does not tell them the assessment exists)
    const page = await agents.lead.get(`/assessments/${id}/interview?i=STR-03`);
    const res = await agents.other
      .post(`/assessments/${id}/interview`)
      .type('form')
      .send({
        _csrf: tokenIn((await agents.other.get('/dashboard')).text),
        indicator: 'STR-03',
        version: versionIn(page.text),
        count: '99',
      });
    const api = await agents.other.put(`/api/assessments/${id}/values/STR-03`).send({ value: 99 });
    expect(res.status).to.equal(api.status).and.to.be.oneOf([403, 404]);
    // without the form's token: refused before anything is read
    expect(
      (await agents.lead.post(`/assessments/${id}/interview`).type('form').send({ indicator: 'STR-03', count: '99' })).status,
    ).to.equal(403);
    expect(await stored(agents.lead, id, 'STR-03')).to.deep.equal([]);
  });
});
