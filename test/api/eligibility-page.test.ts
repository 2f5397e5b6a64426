/**
 * The eligibility page (/assessments/:id/eligibility) without JavaScript: the lead answers each
 * criterion by the form (stored by the API's service), the others read it without a form, a refused
 * post stores nothing, the page reads in bokmål without English, and the assessment page's move to the
 * interview says which criteria hold it, in the page's language.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { pageText } from '../support/decided';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn, flashIn } from '../support/pages';

describe(`the eligibility page (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let v110: number;
  before(async () => {
    v110 = Number((await suite.t.db.knex('frameworks').where({ key: 'esca-default', version: '1.1.0' }).first('id')).id);
  });
  const page = (id: number) => `/assessments/${id}/eligibility`;

  /** posts `fields` to `action` with the token of `from`; the flash on the page the redirect leads to */
  async function post(agent: request.Agent, from: string, action: string, fields: Record<string, string>, lang = 'en') {
    const html = (await expectStatus(agent.get(`${from}?lang=${lang}`), 200)).text;
    const body = new URLSearchParams({ _csrf: tokenIn(html), ...fields });
    const res = await expectStatus(agent.post(action).type('form').send(body.toString()), 303);
    return flashIn((await agent.get(res.headers.location)).text);
  }
  const stored = async (id: number) =>
    (await suite.t.db.knex('eligibility_checks').where({ assessment_id: id }).orderBy('criterion_id')).map((r) => [
      r.criterion_id,
      Boolean(r.met),
      r.note,
    ]);

  it('lets the lead answer by the form; the assessment page links it; the manager and the co-assessor read it without a form', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { frameworkId: v110 });
    const before = (await expectStatus(agents.lead.get(`/assessments/${id}`), 200)).text;
    expect(before).to.contain(`href="${page(id)}"`);
    expect(pageText(before)).to.contain('Eligibility before the interview 0 of 6 criteria met');
    expect((await expectStatus(agents.manager.get(`/assessments/${id}`), 200)).text).to.contain(`href="${page(id)}"`);

    const empty = (await expectStatus(agents.lead.get(page(id)), 200)).text;
    expect(pageText(empty))
      .to.contain('0 of 6 criteria met, 0 not met, 6 not checked yet.')
      .and.contain('The interview cannot start until every criterion is checked and met.')
      .and.contain('EC6 Listed on the European Cluster Collaboration Platform');
    expect(empty)
      .to.contain('name="met_EC1"')
      .and.contain('name="note_EC6"')
      .and.contain(`action="${page(id)}"`);

    const fields: Record<string, string> = { met_EC6: 'no', note_EC6: 'No ECCP profile yet.' };
    for (const c of ['EC1', 'EC2', 'EC3', 'EC4', 'EC5']) fields[`met_${c}`] = 'yes';
    expect(await post(agents.lead, page(id), page(id), fields)).to.deep.equal(['ok', 'The eligibility checklist is saved.']);
    expect(await stored(id)).to.deep.equal([
      ['EC1', true, null],
      ['EC2', true, null],
      ['EC3', true, null],
      ['EC4', true, null],
      ['EC5', true, null],
      ['EC6', false, 'No ECCP profile yet.'],
    ]);

    expect(pageText((await expectStatus(agents.lead.get(`/assessments/${id}`), 200)).text)).to.contain('5 of 6 criteria met');
    for (const who of ['manager', 'co'] as const) {
      const html = (await expectStatus(agents[who].get(page(id)), 200)).text;
      expect(html, who).not.to.contain('name="met_EC1"');
      expect(pageText(html), who)
        .to.contain('5 of 6 criteria met, 1 not met, 0 not checked yet.')
        .and.contain('The lead checks the criteria while the assessment is in preparation.')
        .and.contain('Note: No ECCP profile yet.');
    }
    // the same post by the co-assessor is refused as by the API, and stores nothing
    const html = (await expectStatus(agents.lead.get(page(id)), 200)).text;
    const refused = await agents.co
      .post(page(id))
      .type('form')
      .send(new URLSearchParams({ _csrf: tokenIn(html), met_EC6: 'yes' }).toString());
    expect(refused.status).to.equal(403);
    expect((await stored(id)).find((r) => r[0] === 'EC6')).to.deep.equal(['EC6', false, 'No ECCP profile yet.']);
    await expectStatus(agents.trainee.get(page(id)), 403);
    await expectStatus(agents.otherManager.get(page(id)), 404);
  });

  it('reads in bokmål without English; a bad answer is flashed in bokmål and stores nothing; the move to the interview names what holds it', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { frameworkId: v110 });
    const nb = pageText((await expectStatus(agents.lead.get(`${page(id)}?lang=nb`), 200)).text);
    expect(nb)
      .to.contain('Kvalifisering før intervjuet')
      .and.contain('0 av 6 krav oppfylt, 0 ikke oppfylt, 6 ikke kontrollert ennå.')
      .and.contain('EC1 Klyngeadministrasjon på minst 0,5 årsverk')
      .and.contain('Lagre sjekklisten');
    for (const en of ['Eligibility', 'criteria', 'Not checked', 'Note', 'Save', 'Management']) expect(nb, en).not.to.contain(en);

    const bad = await post(agents.lead, page(id), page(id), { met_EC1: 'maybe' }, 'nb');
    expect(bad).to.deep.equal(['error', 'Kontroller feltene: Er kravet oppfylt?.']);
    expect(await stored(id)).to.deep.equal([]);

    const assessment = `/assessments/${id}`;
    await post(agents.lead, page(id), page(id), { met_EC1: 'yes', met_EC2: 'no', note_EC2: '12 members' }, 'nb');
    const held = await post(agents.lead, assessment, `${assessment}/transition`, { to: 'interview' }, 'nb');
    expect(held[0]).to.equal('error');
    expect(held[1]).to.equal(
      'Intervjuet kan ikke starte før alle kvalifiseringskrav er kontrollert og oppfylt: EC2 Minst 15 forpliktede medlemmer (ikke oppfylt); ' +
        'EC3 Minst to medlemstyper (ikke kontrollert ennå); EC4 Nettside på engelsk som viser aktivitet (ikke kontrollert ennå); ' +
        'EC5 Organisasjonens juridiske form (ikke kontrollert ennå); EC6 Oppført på European Cluster Collaboration Platform (ikke kontrollert ennå).',
    );
    const en = await post(agents.lead, assessment, `${assessment}/transition`, { to: 'interview' }, 'en');
    expect(en[1]).to.match(
      /^The interview cannot start before every eligibility criterion is checked and met: EC2 At least 15 committed members \(not met\); EC3/,
    );

    const all: Record<string, string> = {};
    for (const c of ['EC1', 'EC2', 'EC3', 'EC4', 'EC5', 'EC6']) all[`met_${c}`] = 'yes';
    await post(agents.lead, page(id), page(id), all, 'nb');
    expect(await post(agents.lead, assessment, `${assessment}/transition`, { to: 'interview' }, 'nb')).to.deep.equal([
      'ok',
      'Vurderingen har nå status Intervju.',
    ]);
    // in the interview the page reads, without a form
    expect((await expectStatus(agents.lead.get(page(id)), 200)).text).not.to.contain('name="met_EC1"');
  });

  it('says that a 1.0.0 assessment has no checklist, and moves it to the interview as before', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const text = pageText((await expectStatus(agents.lead.get(`${page(id)}?lang=en`), 200)).text);
    expect(text).to.contain('The framework version of this assessment (1.0.0) has no eligibility checklist');
    const moved = await post(agents.lead, `/assessments/${id}`, `/assessments/${id}/transition`, { to: 'interview' });
    expect(moved[0]).to.equal('ok');
  });
});
