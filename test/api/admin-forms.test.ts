/**
 * The admin's forms after a refusal (issue 16, item 7): each comes back with what was entered (never
 * the password) and the error beside its field, in the reader's language; countries are picked from
 * the ISO 3166-1 alpha-2 list by name, and the server refuses any other code ("Norway" is no longer
 * cut to "No"), over the form and the API alike.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { COUNTRY_CODES, countryOptions, isCountryCode } from '../../messages';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast } from '../support/flow';
import { tokenIn } from '../support/pages';

/** the element with this id, up to the end of its tag */
const tag = (html: string, id: string) => new RegExp(`<[a-z]+ id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
const errorOf = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

describe(`the admin's forms keep what was entered after a refusal (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();

  /** posts a form of the dashboard with its token; the dashboard shown after the redirect */
  async function post(agent: request.Agent, action: string, fields: Record<string, string | string[]>, lang = 'en') {
    const page = await expectStatus(agent.get(`/dashboard?lang=${lang}`), 200);
    const res = await expectStatus(
      agent
        .post(action)
        .type('form')
        .send({ _csrf: tokenIn(page.text), ...fields }),
      303,
    );
    return { location: res.headers.location as string, html: (await expectStatus(agent.get(`/dashboard?lang=${lang}`), 200)).text };
  }
  const count = async (table: string) => Number((await suite.t.db.knex(table).count({ n: '*' }).first())!.n);

  it('new user: the name, e-mail, role and country come back, the password never, the error beside the e-mail', async () => {
    const users = await count('users');
    const { location, html } = await post(suite.cast.agents.admin, '/admin/users', {
      name: 'Kari Nordmann',
      email: 'not-an-address',
      password: 'secret password 1',
      role: 'benchmarker',
      certification: 'silver',
      country: 'NO',
      locale: 'nb',
    });
    expect(location).to.equal('/dashboard#new-user');
    expect(await count('users')).to.equal(users);
    expect(html).to.match(/<details class="create" id="new-user" open>/);
    expect(tag(html, 'nu-name')).to.contain('value="Kari Nordmann"');
    expect(tag(html, 'nu-email')).to.contain('value="not-an-address"').and.contain('aria-invalid="true"');
    expect(tag(html, 'nu-email')).to.contain('aria-describedby="nu-email-error"');
    expect(errorOf(html, 'nu-email')).to.equal('Enter an e-mail address such as name@example.org.');
    // the admin's form invites: it has no password field
    expect(html).not.to.contain('id="nu-password"');
    expect(html).not.to.contain('secret password 1');
    expect(html)
      .to.match(/<option value="benchmarker" selected>/)
      .and.match(/<option value="silver" selected>/);
    expect(html)
      .to.match(/<option value="NO" selected>Norway<\/option>/)
      .and.match(/<option value="nb" selected>/);
    expect(html).to.match(/class="flash flash-error"[^>]*>Enter an e-mail address/);
    // once shown, the form is empty again
    expect(tag((await suite.cast.agents.admin.get('/dashboard')).text, 'nu-name')).to.contain('value=""');
  });

  it("a rule's refusal stands beside its field in the reader's language", async () => {
    const { html } = await post(
      suite.cast.agents.admin,
      '/admin/users?lang=nb',
      { name: 'Uten sertifisering', email: 'nocert@test.example', password: 'secret password 1', role: 'benchmarker' },
      'nb',
    );
    expect(errorOf(html, 'nu-certification')).to.equal('En benchmarker trenger et sertifiseringsnivå (bronse, sølv eller gull).');
    expect(tag(html, 'nu-email')).to.contain('value="nocert@test.example"');
  });

  it('edit user: the form opens again with the refused choice and its error; nothing changes', async () => {
    const { ids, agents } = suite.cast;
    const { location, html } = await post(agents.admin, `/admin/users/${ids.co}`, {
      certification: 'gold',
      country: 'Sweden',
      active: 'on',
    });
    expect(location).to.equal(`/dashboard#edit-user-${ids.co}`);
    expect(html).to.match(new RegExp(`<details class="edit-user" id="edit-user-${ids.co}" open>`));
    expect(errorOf(html, `eu-${ids.co}-country`)).to.equal('Choose a country from the list.');
    const editForm = html.slice(html.indexOf(`id="edit-user-${ids.co}"`), html.indexOf(`action="/admin/users/${ids.co}"`) + 4000);
    expect(editForm).to.match(/<option value="gold" selected>/);
    const user = (await agents.admin.get('/api/users')).body.find((u: { id: number }) => u.id === ids.co);
    expect(user).to.include({ certification: 'silver', country: 'AT' });
  });

  it('new cluster: a duplicate name is refused beside the name, with the sector and year kept', async () => {
    const clusters = await count('clusters');
    const { location, html } = await post(suite.cast.agents.admin, '/admin/clusters', {
      name: 'Isarsensor Cluster',
      country: 'DE',
      sector: 'Photonics',
      foundedYear: '2019',
    });
    expect(location).to.equal('/dashboard#new-cluster');
    expect(await count('clusters')).to.equal(clusters);
    expect(errorOf(html, 'nc-name')).to.equal('A cluster named Isarsensor Cluster exists in DE already.');
    expect(tag(html, 'nc-sector')).to.contain('value="Photonics"');
    expect(tag(html, 'nc-founded')).to.contain('value="2019"');
    expect(html).to.match(/<select id="nc-country"[^>]*>[\s\S]*<option value="DE" selected>Germany<\/option>/);
    // a year out of range, beside the year
    const year = await post(suite.cast.agents.admin, '/admin/clusters', { name: 'New', country: 'DE', sector: 'X', foundedYear: '1850' });
    expect(errorOf(year.html, 'nc-founded')).to.equal('Enter the year founded as four digits, 1900–2100.');
  });

  it('new assessment: the whole choice comes back (trainees, date, on site) with the lead’s refusal beside the lead', async () => {
    const { agents, ids, clusterId, frameworkId } = suite.cast;
    const assessments = await count('assessments');
    const bronzeLead = await suite.t.user({ email: 'bronze@test.example', role: 'benchmarker', certification: 'bronze', country: 'NO' });
    const { location, html } = await post(agents.admin, '/assessments', {
      clusterId: String(clusterId),
      frameworkId: String(frameworkId),
      requestedLabel: 'gold',
      leadId: String(bronzeLead.id),
      coAssessorId: String(ids.co),
      traineeIds: [String(ids.trainee)],
      interviewDate: '2026-05-04',
      onSite: 'on',
    });
    expect(location).to.equal('/dashboard#new-assessment');
    expect(await count('assessments')).to.equal(assessments);
    expect(errorOf(html, 'na-lead')).to.equal('The lead is certified bronze and cannot lead a gold assessment.');
    expect(tag(html, 'na-lead')).to.contain('aria-invalid="true"');
    expect(html).to.match(new RegExp(`<option value="${bronzeLead.id}" selected>`));
    expect(html).to.match(new RegExp(`<option value="${clusterId}" selected>Isarsensor Cluster`));
    expect(html).to.match(/<option value="gold" selected>/);
    expect(html)
      .to.match(new RegExp(`<option value="${ids.co}" selected>`))
      .and.match(new RegExp(`<option value="${ids.trainee}" selected>`));
    expect(tag(html, 'na-date')).to.contain('value="2026-05-04"');
    expect(tag(html, 'na-onsite')).to.contain('checked');
  });

  it('the benchmarker’s new-assessment form comes back too', async () => {
    const { agents, clusterId, frameworkId, ids } = suite.cast;
    const { html } = await post(agents.lead, '/assessments', {
      clusterId: String(clusterId),
      frameworkId: String(frameworkId),
      requestedLabel: 'silver',
      leadId: String(ids.lead),
      interviewDate: '2026-02-30',
    });
    expect(errorOf(html, 'na-date')).to.equal('Enter a date that exists, as YYYY-MM-DD.');
    expect(html).to.match(/<option value="silver" selected>/);
  });
});

describe(`countries from the ISO 3166-1 list (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();

  it('keeps the 249 officially assigned codes once, each named in English and bokmål', () => {
    expect(COUNTRY_CODES).to.have.length(249);
    expect(new Set(COUNTRY_CODES).size).to.equal(249);
    for (const lang of ['en', 'nb'] as const) {
      const options = countryOptions(lang);
      expect(options).to.have.length(249);
      for (const o of options) expect(o.name, `${lang} ${o.code}`).to.not.equal(o.code);
    }
    expect(countryOptions('nb').find((o) => o.code === 'NO')!.name).to.equal('Norge');
    expect(countryOptions('nb').find((o) => o.code === 'DE')!.name).to.equal('Tyskland');
    expect(['NO', 'GB', 'AX'].every(isCountryCode)).to.equal(true);
    expect(['UK', 'EU', 'XK', 'ZZ', 'no', 'NOR', 'Norway', ''].some(isCountryCode)).to.equal(false);
  });

  it('refuses a country not in the list over the API, for users and clusters; a code of the list passes', async () => {
    const { agents, ids } = suite.cast;
    for (const country of ['Norway', 'No', 'no', 'NOR', 'UK', 'XX', 'ZZ']) {
      const user = await expectStatus(
        agents.admin
          .post('/api/users')
          .send({ email: `c${country}@test.example`, name: 'C', password: 'long enough pw', role: 'trainee', country }),
        400,
      );
      expect(user.body.error.details[0].path, country).to.equal('/country');
      await expectStatus(agents.admin.patch(`/api/users/${ids.trainee}`).send({ country }), 400);
      const cluster = await expectStatus(
        agents.admin.post('/api/clusters').send({ name: `C ${country}`, country, sector: 'Energy', foundedYear: 2010 }),
        400,
      );
      expect(cluster.body.error.details[0].path).to.equal('/country');
    }
    await expectStatus(agents.admin.patch(`/api/users/${ids.trainee}`).send({ country: 'GB' }), 200);
    await expectStatus(
      agents.admin.post('/api/clusters').send({ name: 'Åland Cluster', country: 'AX', sector: 'Shipping', foundedYear: 2010 }),
      201,
    );
  });

  it('offers a select of countries by name in the reader’s language, never a two-letter text field', async () => {
    const en = (await expectStatus(suite.cast.agents.admin.get('/dashboard?lang=en'), 200)).text;
    const nb = (await expectStatus(suite.cast.agents.admin.get('/dashboard?lang=nb'), 200)).text;
    expect(en).not.to.match(/name="country" maxlength/);
    for (const id of ['nu-country', 'nc-country']) expect(tag(en, id)).to.match(/^<select/);
    const options = (html: string, id: string) =>
      html.slice(html.indexOf(`<select id="${id}"`), html.indexOf('</select>', html.indexOf(`<select id="${id}"`)));
    expect(options(en, 'nc-country').match(/<option value="[A-Z]{2}"/g)).to.have.length(249);
    expect(options(en, 'nc-country')).to.contain('<option value="NO">Norway</option>');
    expect(options(nb, 'nc-country')).to.contain('<option value="NO">Norge</option>').and.contain('<option value="SE">Sverige</option>');
    // the edit form holds the user's country
    expect(options(en, `eu-${suite.cast.ids.co}-country`)).to.contain('<option value="AT" selected>Austria</option>');
  });

  it('refuses "Norway" typed into a crafted form instead of storing "NO"', async () => {
    const { agents } = suite.cast;
    const page = await agents.admin.get('/dashboard?lang=en');
    await expectStatus(
      agents.admin
        .post('/admin/clusters')
        .type('form')
        .send({ _csrf: tokenIn(page.text), name: 'Typed Country Cluster', country: 'Norway', sector: 'Energy', foundedYear: '2015' }),
      303,
    );
    const html = (await agents.admin.get('/dashboard')).text;
    expect(errorOf(html, 'nc-country')).to.equal('Choose a country from the list.');
    expect(await suite.t.db.knex('clusters').where({ name: 'Typed Country Cluster' }).first()).to.equal(undefined);
  });
});
