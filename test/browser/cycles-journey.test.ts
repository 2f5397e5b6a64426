/**
 * Issue "Across cycles", Must-show (browser): a Bronze → Silver sequence in Chromium, axe-core on every
 * page. The Bronze cycle (decided and released, with the three improvement areas the cluster planned)
 * is set up through the JSON API, as test/api/cycles-sequence.test.ts does in full; the Silver cycle
 * runs in the pages: the lead starts it from the cluster page (from the last cycle), sets it on site on
 * the team page, sees last cycle's value beside each indicator in the runner and keeps it or records a
 * new one, the manager describes the change and effect of each carried area, the lead follows each up
 * and validates it, accepts the documents at once, moves to review and decides SILVER on the check page;
 * the score page shows S1 and S4 passing and the progress since the Bronze, and so does the report.
 *
 * Through the API from the browser session (typing only, covered by the other journeys): the documents
 * and the survey answers, and the values of the indicators the runner does not show here.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { expectStatus, JUSTIFIED, pdf, VALID_ANSWERS } from '../support/flow';
import { pdfText } from '../reports/poppler';
import { API_VALUES, AREAS } from '../support/cycles';
import { DOCUMENTS } from '../support/browser';

const PASSWORD = 'cycles-journey-password';

describe(`across cycles in a real browser: Bronze → Silver from the last cycle, axe-core on every page (${testDialect})`, function () {
  this.timeout(240_000);
  let clusterId = 0;
  let bronze = 0;
  let silver = 0;
  const lead = 'lead@cycles.example';
  const manager = 'manager@cycles.example';

  const s = useJourney({
    prefix: 'cycles',
    password: PASSWORD,
    env: { SURVEY_RATE_LIMIT: '1000' },
    setup: async (t) => {
      const [c] = await t.db
        .knex('clusters')
        .insert({
          name: 'Rheinauen Photonics Network',
          country: 'DE',
          sector: 'Photonics',
          founded_year: 2019,
          benchmark_consent: true,
          created_at: new Date().toISOString(),
        })
        .returning(['id']);
      clusterId = Number(c.id);
      await t.user({ email: lead, role: 'benchmarker', certification: 'silver', country: 'DE', password: PASSWORD, name: 'Sara Silver' });
      await t.user({ email: manager, role: 'cluster_manager', clusterId, password: PASSWORD, name: 'Max Manager' });
    },
  });

  /** The documents and three survey answers (API), for either cycle. */
  async function prepare(agents: { lead: request.Agent; manager: request.Agent; anonymous: request.Agent }, id: number) {
    for (const item of DOCUMENTS)
      await expectStatus(
        agents.manager
          .post(`/api/assessments/${id}/documents`)
          .field('item', item)
          .attach('file', pdf(`${id}-${item}`), `${item}.pdf`),
        201,
      );
    const token = (await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 5 }), 201)).body.token;
    for (let i = 0; i < 3; i++) await expectStatus(agents.anonymous.post(`/api/survey/${token}`).send({ answers: VALID_ANSWERS }), 201);
  }

  async function agents() {
    const { default: supertest } = await import('supertest');
    return { lead: await s.t.agent(lead, PASSWORD), manager: await s.t.agent(manager, PASSWORD), anonymous: supertest.agent(s.t.app) };
  }

  it('the Bronze cycle (API): three areas planned, decided and released in September 2024', async () => {
    const a = await agents();
    const fw = await s.t.db.knex('frameworks').where({ key: 'esca-default', version: '1.0.0' }).first('id');
    const created = await expectStatus(
      a.lead.post('/api/assessments').send({
        clusterId,
        frameworkId: Number(fw.id),
        requestedLabel: 'bronze',
        leadId: (await s.t.db.knex('users').where({ email: lead }).first('id')).id,
        interviewDate: '2024-09-12',
        onSite: true,
      }),
      201,
    );
    bronze = created.body.id;
    await prepare(a, bronze);
    await expectStatus(a.lead.post(`/api/assessments/${bronze}/transitions`).send({ to: 'interview' }), 200);
    for (const [id, value] of Object.entries(API_VALUES))
      await expectStatus(a.lead.put(`/api/assessments/${bronze}/values/${id}`).send({ value }), 200);
    for (const ia of AREAS) await expectStatus(a.manager.post(`/api/assessments/${bronze}/improvement-areas`).send(ia), 201);
    await expectStatus(a.lead.post(`/api/assessments/${bronze}/transitions`).send({ to: 'review' }), 200);
    const ids = (await a.lead.get(`/api/assessments/${bronze}/documents`)).body.map((d: { id: number }) => d.id);
    await expectStatus(a.lead.post(`/api/assessments/${bronze}/documents/review`).send({ ids, status: 'accepted' }), 200);
    expect((await expectStatus(a.lead.post(`/api/assessments/${bronze}/decision`).send(JUSTIFIED), 200)).body.label).to.equal('bronze');
    await expectStatus(a.lead.post(`/api/assessments/${bronze}/transitions`).send({ to: 'released' }), 200);
  });

  it('the lead starts the Silver assessment from the cluster page and sets it on site', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/clusters/${clusterId}`);
    expect(await page.textContent('main')).to.contain('Bronze');
    await s.j.shot(page, 'cluster-page');
    await page.selectOption('#nx-label', 'silver');
    // framework 1.0.0 (1.1.0 adds the eligibility checklist, which the eligibility tests cover)
    const options = await page.locator('#nx-framework option').allTextContents();
    await page.selectOption('#nx-framework', { label: options.find((o) => o.includes('1.0.0'))! });
    await page.fill('#nx-date', '2026-05-12');
    await s.j.submit(page, 'form[action$="/next-assessment"] button[type=submit]');
    const m = /\/assessments\/(\d+)$/.exec(page.url());
    expect(m, page.url()).to.not.equal(null);
    silver = Number(m![1]);
    const stored = await s.t.db.knex('assessment_cycles').where({ assessment_id: silver }).first();
    expect(Number(stored.previous_assessment_id)).to.equal(bronze);
    await s.j.goto(page, `/assessments/${silver}/team`);
    await page.check('#tm-onsite');
    await s.j.submit(page, 'form[action$="/team"] button[type=submit]');
    expect(await page.textContent('.status-line')).to.contain('On site');
    await page.context().close();
  });

  it('in the runner the lead sees last cycle’s value, keeps it or records a new one', async () => {
    const a = await agents();
    await prepare(a, silver);
    await expectStatus(a.lead.post(`/api/assessments/${silver}/transitions`).send({ to: 'interview' }), 200);
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    // kept from the baseline in the runner
    for (const id of ['STR-03', 'SRV-01', 'MGT-03']) {
      await s.j.goto(page, `/assessments/${silver}/interview?i=${id}`);
      expect(await page.textContent('#baseline')).to.contain(id === 'STR-03' ? '15' : 'L3');
      await s.j.submit(page, '#keep-baseline button');
      expect(await page.textContent('#baseline')).to.contain('Your value is the same');
    }
    await s.j.shot(page, 'runner-baseline-kept');
    // a new value where the cluster changed: the baseline stays beside it
    await s.j.goto(page, `/assessments/${silver}/interview?i=SRV-06`);
    expect(await page.textContent('#baseline')).to.contain('2');
    await page.fill('#v-count', '6');
    await page.click('.save-bar button');
    await page.waitForSelector('#save-state.saved');
    await s.j.axe(page, 'new value beside the baseline');
    await s.j.shot(page, 'runner-baseline-new-value');
    // the rest as the runner's autosave sends them
    const csrf = await page.inputValue('input[name=_csrf] >> nth=0');
    for (const [id, value] of Object.entries({ ...API_VALUES, 'INT-01': { numerator: 12, denominator: 15 }, 'INT-03': 6 })) {
      if (['STR-03', 'SRV-01', 'MGT-03', 'SRV-06'].includes(id)) continue;
      const res = await page.request.put(`${s.base}/api/assessments/${silver}/values/${id}`, {
        data: { value },
        headers: { 'X-CSRF-Token': csrf },
      });
      expect(res.status(), id).to.equal(200);
    }
    await page.context().close();
  });

  it('the three carried areas: the manager describes change and effect, the lead follows each up and validates it', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, manager);
    await s.j.goto(page, `/assessments/${silver}/improvement-areas`);
    const sections = page.locator('section[id^="ia-"]');
    expect(await sections.count()).to.equal(3);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await sections.nth(i).getAttribute('id'))!);
    for (const id of ids) {
      expect(await page.textContent(`#${id}`)).to.contain('Carried from the last cycle');
      await page.click(`#${id} .ia-edit > summary`);
      await page.fill(`#${id}-change`, 'Done as planned after the Bronze benchmarking.');
      await page.fill(`#${id}-effect`, 'The indicator now meets its threshold.');
      await s.j.submit(page, `#${id} form[action$="/edit"] button[type=submit]`);
      expect(await s.j.flash(page)).to.contain('saved');
    }
    await s.j.shot(page, 'areas-manager');
    await page.context().close();

    const leadPage = await s.j.newPage();
    await s.j.signIn(leadPage, lead);
    await s.j.goto(leadPage, `/assessments/${silver}/improvement-areas`);
    for (const id of ids) {
      await leadPage.check(`#${id}-followup input[name="followup"][value="achieved"]`);
      await leadPage.fill(`#${id}-evidence`, 'Minutes and figures in the documents cited.');
      await s.j.submit(leadPage, `#${id}-followup button[type=submit]`);
      await leadPage.check(`#${id} form[action$="/validate"] input[name=changeDescribed][value=yes]`);
      await s.j.submit(leadPage, `#${id} form[action$="/validate"] button[type=submit]`);
    }
    expect(await leadPage.locator('.badge.ok').count()).to.be.at.least(3);
    await s.j.shot(leadPage, 'areas-followed-up');
    await leadPage.context().close();
  });

  it('the lead reviews, decides SILVER on the check page; S1, S4 and the progress since the Bronze show', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${silver}/checklist`);
    await page.click('#bulk-review .select-pending');
    await page.click('#bulk-review button[type=submit]');
    await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.badge.doc-accepted').length >= n, DOCUMENTS.length);
    await s.j.goto(page, `/assessments/${silver}/check`);
    await s.j.submit(page, 'form[action$="/transition"]:has(input[value="review"]) button');
    await s.j.goto(page, `/assessments/${silver}/check`);
    expect(await page.textContent('.preview-label')).to.contain('Silver');
    expect(await page.textContent('main')).to.contain('Improvement areas: 3 submitted, 3 validated');
    await page.fill('#justification', 'S1 from the Bronze of September 2024; three areas followed up and validated.');
    await page.check('#decide-confirm');
    await s.j.submit(page, '.decide-form button[type=submit]');
    expect(await s.j.flash(page)).to.contain('Silver');

    await s.j.goto(page, `/assessments/${silver}/score`);
    for (const rule of ['S1', 'S4']) expect(await page.getAttribute(`.check[data-rule="${rule}"]`, 'class'), rule).to.contain('ok');
    expect(await page.textContent('#progress')).to.contain('Progress since the last benchmarking');
    expect(await page.textContent('#progress-total-change')).to.match(/^\+/);
    await page.locator('#progress').scrollIntoViewIfNeeded();
    await s.j.shot(page, 'score-progress', false);
    const res = await page.request.get(`${s.base}/api/assessments/${silver}/report.pdf?lang=en`);
    expect(res.status()).to.equal(200);
    const text = pdfText(Buffer.from(await res.body())).replace(/\s+/g, ' ');
    expect(text).to.contain('Progress since the last benchmarking').and.contain('SRV-06');
    await page.context().close();
    await s.j.onPhone(lead, [`/assessments/${silver}/score`, `/clusters/${clusterId}`], 'lead');
  });
});
