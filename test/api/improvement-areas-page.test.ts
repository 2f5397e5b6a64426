/**
 * The improvement-area page (FRAMEWORK.md §5.2 S4) without JavaScript: the manager adds an area by its
 * form, the lead validates it, both stored by the API's services; who gets no form is refused on a post
 * as by the API, bad input is flashed and stores nothing, and the page reads in bokmål.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn, flashIn } from '../support/pages';

describe(`the improvement-area page (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  const page = (id: number) => `/assessments/${id}/improvement-areas`;

  /** posts `fields` (arrays as repeated fields, as a browser sends checkboxes) with the page's token; the flash after the redirect */
  async function post(agent: request.Agent, id: number, action: string, fields: Record<string, string | string[]>, lang = 'en') {
    const html = (await expectStatus(agent.get(`${page(id)}?lang=${lang}`), 200)).text;
    const body = new URLSearchParams({ _csrf: tokenIn(html) });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const res = await expectStatus(agent.post(action).type('form').send(body.toString()), 303);
    expect(res.headers.location).to.match(new RegExp(`^${page(id)}#`));
    return flashIn((await agent.get(res.headers.location)).text);
  }
  const stored = async (agent: request.Agent, id: number) =>
    (await expectStatus(agent.get(`/api/assessments/${id}/improvement-areas`), 200)).body as {
      id: number;
      title: string;
      changeDescribed: boolean;
    }[];

  it('lets the manager add an area by the form and the lead validate it; the assessment page links it', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    expect((await agents.manager.get(`/assessments/${id}`)).text).to.contain(`href="${page(id)}"`);
    const empty = (await expectStatus(agents.manager.get(page(id)), 200)).text;
    expect(empty)
      .to.contain('0 of 3 improvement areas')
      .and.contain(`action="${page(id)}"`)
      .and.contain('value="STR-01"')
      .and.contain('value="D-04"');
    expect(empty).not.to.contain('value="STR-06"'); // not a quality indicator
    expect(empty).not.to.contain('/validate"'); // the manager does not validate

    const flash = await post(agents.manager, id, page(id), {
      title: 'Member services',
      description: 'A member survey each spring; effect: a better service mix.',
      indicators: ['STR-01', 'STR-02'],
      documents: 'D-04',
    });
    expect(flash).to.deep.equal(['ok', 'Improvement area “Member services” added.']);
    const [area] = await stored(agents.lead, id);
    expect(area).to.include({ title: 'Member services', changeDescribed: false });
    expect(area).to.deep.include({ indicators: ['STR-01', 'STR-02'], documents: ['D-04'] });

    const lead = (await expectStatus(agents.lead.get(page(id)), 200)).text;
    expect(lead)
      .to.contain('Member services')
      .and.contain('STR-02')
      .and.contain(`${page(id)}/${area.id}/validate`);
    // the lead reads the score: S4's check from the live score
    expect(lead).to.match(/1 of 3 improvement areas; S4 not yet met: 1 improvement areas submitted, exactly 3 required/);
    expect(await post(agents.lead, id, `${page(id)}/${area.id}/validate`, { changeDescribed: 'yes' })).to.deep.equal([
      'ok',
      'Validation saved: change described yes.',
    ]);
    expect((await stored(agents.lead, id))[0].changeDescribed).to.equal(true);
  });

  it('gives a trainee the list without forms and refuses its posts; a stranger gets 404', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    await expectStatus(
      agents.lead
        .post(`/api/assessments/${id}/improvement-areas`)
        .send({ title: 'Network', description: 'd', indicators: ['STR-03'], documents: [] }),
      201,
    );
    const html = (await expectStatus(agents.trainee.get(page(id)), 200)).text;
    expect(html).to.contain('Network').and.contain('1 of 3 improvement areas.');
    expect(html).not.to.contain(`action="${page(id)}`); // neither the add form nor a validate form
    const [area] = await stored(agents.lead, id);
    const token = tokenIn((await agents.trainee.get('/dashboard')).text);
    const add = await agents.trainee.post(page(id)).type('form').send({ _csrf: token, title: 'x', description: 'y', indicators: 'STR-01' });
    expect(add.status).to.equal(403);
    const mark = await agents.trainee
      .post(`${page(id)}/${area.id}/validate`)
      .type('form')
      .send({ _csrf: token, changeDescribed: 'yes' });
    expect(mark.status).to.equal(403);
    expect(await stored(agents.lead, id)).to.have.length(1);
    expect((await stored(agents.lead, id))[0].changeDescribed).to.equal(false);
    await expectStatus(agents.otherManager.get(page(id)), 404);
    await expectStatus(agents.other.get(page(id)), 404);
  });

  /** posts the add form with bad input: 400, the page again with the error and what was typed */
  async function refused(agent: request.Agent, id: number, fields: Record<string, string | string[]>, lang = 'en') {
    const html = (await expectStatus(agent.get(`${page(id)}?lang=${lang}`), 200)).text;
    const body = new URLSearchParams({ _csrf: tokenIn(html) });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const res = await expectStatus(
      agent
        .post(`${page(id)}?lang=${lang}`)
        .type('form')
        .send(body.toString()),
      400,
    );
    return { error: /id="add-error">([^<]*)</.exec(res.text)?.[1], html: res.text };
  }

  it('shows bad input (no title, an unknown indicator) in the reader language with the input kept, and stores nothing; reads in bokmål', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const noTitle = await refused(agents.manager, id, {
      title: ' ',
      description: 'Faster onboarding',
      changeMade: 'A welcome day',
      indicators: 'STR-01',
    });
    expect(noTitle.error).to.equal('Please check: Title.');
    // what was typed is still there
    expect(noTitle.html).to.contain('>Faster onboarding</textarea>').and.contain('>A welcome day</textarea>');
    expect(noTitle.html).to.match(/id="ia-ind-STR-01" name="indicators" value="STR-01" checked/);
    expect((await refused(agents.manager, id, { title: '', description: 'd' }, 'nb')).error).to.equal(
      'Kontroller: Tittel, Kvalitetsindikatorer.',
    );
    const unknown = await refused(agents.manager, id, { title: 'T', description: 'd', indicators: ['STR-01', 'XYZ-99'] }, 'nb');
    expect(unknown.error).to.equal('Forbedringsområdet viser til ukjente indikatorer eller dokumenter.');
    const en = await refused(agents.manager, id, { title: 'T', description: 'd', indicators: 'STR-06' }, 'en');
    expect(en.error).to.equal('The improvement area names unknown indicators or documents.');
    expect(await stored(agents.lead, id)).to.deep.equal([]);

    const nb = (await expectStatus(agents.manager.get(`${page(id)}?lang=nb`), 200)).text;
    expect(nb).to.match(/<html[^>]+lang="nb"/);
    expect(nb).to.contain('Forbedringsområder').and.contain('0 av 3 forbedringsområder').and.contain('Legg til et forbedringsområde');
    expect(nb).to.contain('3 områder til; ingen venter på hovedassessorens validering');
    expect(nb).not.to.contain('Add an improvement area');
  });

  it("keeps the change made, its effect and the lead's comment; an edit asks for validation again; a deletion asks first", async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    expect(
      await post(agents.manager, id, page(id), {
        title: 'Onboarding',
        description: 'New members were slow to start.',
        changeMade: 'A welcome day every quarter.',
        effect: 'Twelve new members active within a month.',
        indicators: 'STR-01',
      }),
    ).to.deep.equal(['ok', 'Improvement area “Onboarding” added.']);
    const [area] = (await expectStatus(agents.lead.get(`/api/assessments/${id}/improvement-areas`), 200)).body;
    expect(area).to.include({
      changeMade: 'A welcome day every quarter.',
      effect: 'Twelve new members active within a month.',
      leadComment: null,
    });
    expect(
      await post(agents.lead, id, `${page(id)}/${area.id}/validate`, { changeDescribed: 'yes', comment: 'Figures from the CRM.' }),
    ).to.deep.equal(['ok', 'Validation saved: change described yes.']);
    const html = (await agents.manager.get(page(id))).text;
    expect(html).to.contain('Figures from the CRM.').and.contain('Twelve new members active within a month.');
    expect(html).to.contain('2 more areas; none waiting for the lead&#39;s validation');
    // the evidence the engine reads has no texts only people read
    const evidence = await suite.t.db.knex('audit_log').where({ action: 'improvement_area.mark' }).orderBy('id', 'desc').first();
    expect(JSON.parse(evidence.after)).to.deep.equal({ changeDescribed: true, comment: 'Figures from the CRM.' });

    // an edit by the manager: validation starts over
    expect(
      await post(agents.manager, id, `${page(id)}/${area.id}/edit`, {
        title: 'Onboarding of new members',
        description: 'New members were slow to start.',
        changeMade: 'A welcome day every quarter.',
        effect: '',
        indicators: ['STR-01', 'STR-04'],
      }),
    ).to.deep.equal(['ok', 'Improvement area “Onboarding of new members” saved; the lead validates it again.']);
    const [edited] = (await agents.lead.get(`/api/assessments/${id}/improvement-areas`)).body;
    expect(edited).to.include({ title: 'Onboarding of new members', changeDescribed: false, effect: null, leadComment: null });
    expect(edited.indicators).to.deep.equal(['STR-01', 'STR-04']);
    // a refused edit comes back with its input
    const token = tokenIn((await agents.manager.get(page(id))).text);
    const bad = await expectStatus(
      agents.manager
        .post(`${page(id)}/${area.id}/edit`)
        .type('form')
        .send({ _csrf: token, title: 'Kept title', description: '' }),
      400,
    );
    expect(bad.text).to.contain(`id="ia-${area.id}-error"`).and.contain('value="Kept title"');
    // deleting needs the box ticked; a trainee may not
    expect(await post(agents.manager, id, `${page(id)}/${area.id}/delete`, {})).to.deep.equal([
      'error',
      'Tick the box to confirm the deletion.',
    ]);
    expect(await stored(agents.lead, id)).to.have.length(1);
    const tr = await agents.trainee
      .post(`${page(id)}/${area.id}/delete`)
      .type('form')
      .send({ _csrf: tokenIn((await agents.trainee.get(page(id))).text), confirm: 'yes' });
    expect(tr.status).to.equal(403);
    expect(await post(agents.manager, id, `${page(id)}/${area.id}/delete`, { confirm: 'yes' })).to.deep.equal([
      'ok',
      'The improvement area is deleted.',
    ]);
    expect(await stored(agents.lead, id)).to.deep.equal([]);
  });

  it('edits and deletes through the API by the same rules', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const body = { title: 'Services', description: 'More matchmaking.', indicators: ['SRV-01'], documents: [] };
    const ia = (await expectStatus(agents.manager.post(`/api/assessments/${id}/improvement-areas`).send(body), 201)).body;
    await expectStatus(agents.lead.patch(`/api/assessments/${id}/improvement-areas/${ia.id}`).send({ changeDescribed: true }), 200);
    const put = await expectStatus(
      agents.lead.put(`/api/assessments/${id}/improvement-areas/${ia.id}`).send({ ...body, effect: 'Two new projects.' }),
      200,
    );
    expect(put.body).to.include({ changeDescribed: false, effect: 'Two new projects.' });
    await expectStatus(agents.trainee.put(`/api/assessments/${id}/improvement-areas/${ia.id}`).send(body), 403);
    await expectStatus(agents.co.delete(`/api/assessments/${id}/improvement-areas/${ia.id}`), 403);
    await expectStatus(agents.otherManager.delete(`/api/assessments/${id}/improvement-areas/${ia.id}`), 404);
    await expectStatus(agents.manager.put(`/api/assessments/${id}/improvement-areas/${ia.id}`).send({ ...body, extra: 1 }), 400);
    await expectStatus(agents.manager.delete(`/api/assessments/${id}/improvement-areas/${ia.id}`), 200);
    await expectStatus(agents.manager.delete(`/api/assessments/${id}/improvement-areas/${ia.id}`), 404);
    const audit = await suite.t.db
      .knex('audit_log')
      .where({ entity: 'improvement_area', entity_id: String(ia.id) })
      .orderBy('id')
      .pluck('action');
    expect(audit).to.deep.equal(['improvement_area.create', 'improvement_area.mark', 'improvement_area.update', 'improvement_area.delete']);
  });
});
