/**
 * Creating a cluster is one service (services/clusters.ts) for the API and the dashboard's form: the same
 * schema, and a second cluster with the same name (case and surrounding spaces ignored) in the same
 * country is refused with 409 cluster_exists, which the form shows as a flash.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast } from '../support/flow';

describe(`creating a cluster through the API and the dashboard form (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  const body = (name: string, country = 'NO') => ({ name, country, sector: 'Ocean technology', foundedYear: 2012 });
  const count = async () => Number((await suite.t.db.knex('clusters').count({ n: '*' }).first())!.n);

  /** posts the admin dashboard's cluster form with the page's token; the flash shown after the redirect */
  async function postForm(agent: request.Agent, fields: Record<string, string>, lang = 'en') {
    const page = await expectStatus(agent.get(`/dashboard?lang=${lang}`), 200);
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
    const res = await expectStatus(
      agent
        .post(`/admin/clusters?lang=${lang}`)
        .type('form')
        .send({ _csrf: csrf, ...fields }),
      303,
    );
    const next = await agent.get(`/dashboard?lang=${lang}`);
    return /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(next.text)?.slice(1) ?? [res.headers.location];
  }

  it('refuses a second cluster of the same name and country over the API with 409 cluster_exists', async () => {
    const { agents } = suite.cast;
    const first = await expectStatus(agents.admin.post('/api/clusters').send(body('Fjordtech Ocean Cluster')), 201);
    expect(first.body).to.include({ name: 'Fjordtech Ocean Cluster', country: 'NO' });
    const n = await count();
    for (const name of ['Fjordtech Ocean Cluster', 'fjordtech ocean cluster', '  FJORDTECH Ocean Cluster ']) {
      const res = await expectStatus(agents.lead.post('/api/clusters').send(body(name)), 409);
      expect(res.body.error.code, name).to.equal('cluster_exists');
      expect(res.body.error.details).to.deep.equal({ clusterId: first.body.id });
    }
    // the cast's own cluster, by another case
    expect(
      (await expectStatus(agents.admin.post('/api/clusters').send({ ...body('ISARSENSOR CLUSTER', 'DE') }), 409)).body.error.code,
    ).to.equal('cluster_exists');
    expect(await count()).to.equal(n);
    // the same name in another country is another cluster
    await expectStatus(agents.admin.post('/api/clusters').send(body('Fjordtech Ocean Cluster', 'SE')), 201);
  });

  it('lets exactly one of concurrent creations of the same cluster win, the others get 409', async () => {
    const { agents } = suite.cast;
    const results = await Promise.all(
      [agents.admin, agents.lead, agents.co, agents.other, agents.admin].map((a) =>
        a.post('/api/clusters').send(body('Race Cluster', 'DK')),
      ),
    );
    expect(results.map((r) => r.status).sort()).to.deep.equal([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).to.equal('cluster_exists');
  });

  it("refuses the duplicate in the dashboard form with the message as a flash, in the reader's language", async () => {
    const { agents } = suite.cast;
    const n = await count();
    const [kind, text] = await postForm(agents.admin, {
      name: 'isarsensor cluster',
      country: 'de',
      sector: 'Electronics',
      foundedYear: '2021',
    });
    expect(kind).to.equal('error');
    expect(text).to.equal('A cluster named isarsensor cluster exists in DE already.');
    const [kindNb, textNb] = await postForm(
      agents.lead,
      { name: 'Isarsensor Cluster', country: 'DE', sector: 'Electronics', foundedYear: '2021' },
      'nb',
    );
    expect(kindNb).to.equal('error');
    expect(textNb).to.equal('Det finnes allerede en klynge med navnet Isarsensor Cluster i DE.');
    expect(await count()).to.equal(n);
    const [ok, created] = await postForm(agents.admin, {
      name: 'Nordic Form Cluster',
      country: 'no',
      sector: 'Energy',
      foundedYear: '2019',
    });
    expect([ok, created]).to.deep.equal(['ok', 'Cluster Nordic Form Cluster created.']);
    expect(await count()).to.equal(n + 1);
  });

  it("checks the form with the API's schema: a name the API refuses is refused by the form too", async () => {
    const { agents } = suite.cast;
    const long = 'N'.repeat(201);
    expect((await expectStatus(agents.admin.post('/api/clusters').send(body(long)), 400)).body.error.code).to.equal('invalid_input');
    const n = await count();
    const [kind, text] = await postForm(agents.admin, { name: long, country: 'NO', sector: 'Energy', foundedYear: '2019' });
    expect(kind).to.equal('error');
    expect(text).to.match(/name/);
    const [kind2] = await postForm(agents.admin, { name: 'Old Cluster', country: 'NO', sector: 'Energy', foundedYear: '1850' });
    expect(kind2).to.equal('error');
    expect(await count()).to.equal(n);
  });
});
