/**
 * The improvement-area page (FRAMEWORK.md §5.2 S4) without JavaScript: the manager adds an area by its
 * form, the lead validates it, both stored by the API's services; who gets no form is refused on a post
 * as by the API, bad input is flashed and stores nothing, and the page reads in bokmål.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';

describe(`the improvement-area page (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  const tokenIn = (html: string) => /name="_csrf" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const flashIn = (html: string) => /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(html)?.slice(1) ?? [];
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

  it('flashes bad input (no title, an unknown indicator) in the reader language and stores nothing; reads in bokmål', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    expect(await post(agents.manager, id, page(id), { title: ' ', description: 'd', indicators: 'STR-01' })).to.deep.equal([
      'error',
      'Please check: Title.',
    ]);
    expect(await post(agents.manager, id, page(id), { title: '', description: 'd' }, 'nb')).to.deep.equal([
      'error',
      'Kontroller: Tittel, Kvalitetsindikatorer.',
    ]);
    const unknown = await post(agents.manager, id, page(id), { title: 'T', description: 'd', indicators: ['STR-01', 'XYZ-99'] }, 'nb');
    expect(unknown).to.deep.equal(['error', 'Forbedringsområdet viser til ukjente indikatorer eller dokumenter.']);
    const en = await post(agents.manager, id, page(id), { title: 'T', description: 'd', indicators: 'STR-06' }, 'en');
    expect(en).to.deep.equal(['error', 'The improvement area names unknown indicators or documents.']);
    expect(await stored(agents.lead, id)).to.deep.equal([]);

    const nb = (await expectStatus(agents.manager.get(`${page(id)}?lang=nb`), 200)).text;
    expect(nb).to.match(/<html[^>]+lang="nb"/);
    expect(nb).to.contain('Forbedringsområder').and.contain('0 av 3 forbedringsområder').and.contain('Legg til et forbedringsområde');
    expect(nb).not.to.contain('Add an improvement area');
  });
});
