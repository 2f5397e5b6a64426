/**
 * A whole Gold assessment through the web pages in a real browser (playwright-core driving Debian's
 * Chromium), axe-core's WCAG 2.x A/AA rules on every page it visits: any serious or critical
 * violation fails it, as do page errors, console errors and 5xx answers.
 *
 * FRAMEWORK.md example 1 (exactly 120 points, Gold) with one discrepancy: the co-assessor hears one
 * level less on INT-04, and the lower value leaves 119 points (G3 fails, Bronze). The lead opens the
 * Gold assessment with a co-assessor, on site; the manager uploads the checklist and opens the survey;
 * both assessors record their values; the lead accepts the documents at once (bulk review) and moves
 * to review through the check page; on the reconciliation screen the lead agrees INT-04 = L4 with a
 * reason and signs, the co-assessor signs on a phone; the check page previews GOLD; each assessor
 * confirms with a justification and the second confirmation decides; the lead releases; the report's
 * appendix prints the reason, the signatures and the justifications; /verify shows GOLD.
 *
 * Through the JSON API from a signed-in (or, for participants, anonymous) browser session, where a
 * page would add only typing: the 34 survey answers of example 1 (the Silver journey answers on the
 * form), and all values but INT-04 (the runner's autosave uses the same API; INT-04 is typed in the
 * runner by both assessors).
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { EXAMPLE_1, pdf } from '../support/flow';
import { pdfText } from '../reports/poppler';

const PASSWORD = 'gold-journey-password';
/** FRAMEWORK.md example 1's interview date (its values' dates are counted from it). */
const INTERVIEW = '2026-03-14';
const REASON = 'The minutes of four partner meetings show the higher level.';

describe(`web pages in a real browser: a whole Gold assessment, reconciled and decided with the check, axe-core on every page (${testDialect})`, function () {
  this.timeout(240_000);
  let id = 0;
  let token = '';
  let certificateCode = '';
  const lead = 'gold.lead@gold.example';
  const co = 'co@gold.example';
  const manager = 'manager@gold.example';

  const s = useJourney({
    prefix: 'gold',
    password: PASSWORD,
    env: { SURVEY_RATE_LIMIT: '1000' },
    setup: async (t) => {
      const now = new Date().toISOString();
      const [c] = await t.db
        .knex('clusters')
        .insert({
          name: 'Isarsensor Cluster',
          country: 'DE',
          sector: 'Electronics',
          founded_year: 2021,
          benchmark_consent: true,
          created_at: now,
        })
        .returning(['id']);
      await t.user({ email: lead, role: 'benchmarker', certification: 'gold', country: 'DE', password: PASSWORD, name: 'Greta Gold' });
      await t.user({ email: co, role: 'benchmarker', certification: 'silver', country: 'AT', password: PASSWORD, name: 'Colin Co' });
      await t.user({ email: manager, role: 'cluster_manager', clusterId: Number(c.id), password: PASSWORD, name: 'Mia Manager' });
    },
  });

  it('the lead opens a Gold assessment with a co-assessor, on site', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await page.selectOption('#na-cluster', { label: 'Isarsensor Cluster (DE)' });
    await page.selectOption('#na-label', 'gold');
    await page.selectOption('#na-co', { label: 'Colin Co (Silver, AT)' });
    await page.fill('#na-date', INTERVIEW);
    await page.check('#na-onsite');
    await s.j.submit(page, '#new-assessment button[type=submit]');
    const m = /\/assessments\/(\d+)$/.exec(page.url());
    expect(m, page.url()).to.not.equal(null);
    id = Number(m![1]);
    expect(await page.textContent('main')).to.contain('Colin Co');
    await s.j.shot(page, 'assessment-preparation');
    await page.context().close();
  });

  it('the manager uploads the checklist and opens the survey; the participants answer', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, manager);
    await s.j.goto(page, `/assessments/${id}/checklist`);
    for (const item of Object.keys(EXAMPLE_1.documents)) {
      await Promise.all([
        page.waitForEvent('load'),
        page.setInputFiles(`#file-${item}`, {
          name: `${item.toLowerCase()}-isarsensor.pdf`,
          mimeType: 'application/pdf',
          buffer: pdf(item),
        }),
      ]);
      await page.waitForSelector(`#${item} .badge.doc-uploaded`);
    }
    await s.j.axe(page, 'all uploaded');
    await s.j.goto(page, `/assessments/${id}`);
    await page.fill('#invited', String(EXAMPLE_1.survey.invited));
    await s.j.submit(page, '#survey button[type=submit]');
    const url = await page.inputValue('#survey-url');
    token = url.split('/').pop()!;
    await page.context().close();

    // the participants: example 1's answers that count, through the form's JSON endpoint, anonymously
    const anon = await s.j.newPage();
    const items = ['Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12', 'Q13'];
    let sent = 0;
    for (const answers of EXAMPLE_1.survey.responses.filter((r) => items.filter((q) => Number.isInteger(r[q])).length >= 4)) {
      const res = await anon.request.post(`${s.base}/api/survey/${token}`, { data: { answers } });
      expect(res.status(), await res.text()).to.equal(201);
      sent += 1;
    }
    expect(sent).to.be.greaterThan(30);
    await anon.context().close();
  });

  it('both assessors record their values; INT-04 in the runner, where they differ (L4 and L3)', async () => {
    for (const [email, int04] of [
      [lead, 4],
      [co, 3],
    ] as const) {
      const page = await s.j.newPage();
      await s.j.signIn(page, email);
      if (email === lead) {
        await s.j.goto(page, `/assessments/${id}`);
        await s.j.submit(page, 'form[action$="/transition"]:has(input[value="interview"]) button');
      }
      for (const [indicator, value] of Object.entries(EXAMPLE_1.values)) {
        if (indicator === 'INT-04') continue;
        const res = await page.request.put(`${s.base}/api/assessments/${id}/values/${indicator}`, {
          data: { value },
          headers: { 'X-CSRF-Token': await csrf(page) },
        });
        expect(res.status(), `${indicator}: ${await res.text()}`).to.equal(200);
      }
      await s.j.goto(page, `/assessments/${id}/interview?i=INT-04`);
      await page.check(`input[name=level][value="${int04}"]`);
      if (email === co) await page.fill('#v-note', 'Only two partner meetings were minuted.');
      await page.click('.save-bar button');
      await page.waitForSelector('#save-state.saved');
      await s.j.axe(page, 'INT-04 saved');
      await s.j.shot(page, `runner-INT-04-${email === lead ? 'lead' : 'co'}`);
      await page.context().close();
    }
  });

  it('the lead accepts every document at once and moves to review through the check page', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${id}/checklist`);
    await page.click('#bulk-review .select-pending');
    await page.check('#bulk-review input[name=status][value=accepted]');
    await page.click('#bulk-review button[type=submit]');
    await page.waitForFunction(
      (n) => (globalThis as any).document.querySelectorAll('.badge.doc-accepted').length >= n,
      Object.keys(EXAMPLE_1.documents).length,
    );
    await page.reload();
    expect(await page.textContent('#cl-summary')).to.contain(`${Object.keys(EXAMPLE_1.documents).length} accepted`);
    await s.j.axe(page, 'all accepted');
    await s.j.shot(page, 'checklist-accepted');

    await s.j.goto(page, `/assessments/${id}`);
    await s.j.follow(page, `a[href="/assessments/${id}/check"]`);
    expect(await page.textContent('h1')).to.contain('Check before the review');
    await s.j.shot(page, 'check-before-review');
    await s.j.submit(page, 'form[action$="/transition"]:has(input[value="review"]) button');
    expect(await page.textContent('.status-line')).to.contain('Review');
    await page.context().close();
  });

  it('the check shows the discrepancy holding Gold back; the lead agrees L4 with a reason and signs; the co-assessor signs on a phone', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${id}/check`);
    // the lower value (L3) leaves 119 points: G3 fails and G5 waits for the signatures
    expect(await page.textContent('.preview-label')).to.contain('Bronze');
    expect(await page.textContent('[data-rule="G3"]')).to.contain('119');
    expect(await page.textContent('[data-rule="G5"]')).to.contain('G5');
    await s.j.shot(page, 'check-before-reconciliation');
    await s.j.follow(page, `#open-h ~ ul a[href="/assessments/${id}/reconciliation"]`);
    expect(await page.textContent('#r-INT-04')).to.contain('lower value (default)');
    expect(await page.textContent('#r-INT-04')).to.contain('Only two partner meetings were minuted.');
    await s.j.shot(page, 'reconciliation-discrepancy');
    // a reason is required: the browser keeps the form until one is given
    await page.check('#c-INT-04-lead');
    await page.fill('#reason-INT-04', REASON);
    await s.j.submit(page, '#r-INT-04 form.rec-form button[type=submit]');
    expect(await s.j.flash(page)).to.contain('The agreed value of INT-04 is saved.');
    expect(await page.textContent('#r-INT-04')).to.contain(REASON);
    await page.check('#sign-confirm');
    await s.j.submit(page, 'form[action$="/reconciliation/sign"] button[type=submit]');
    expect(await s.j.flash(page)).to.contain('Your signature is recorded.');
    expect(await page.textContent('#signatures')).to.contain('Co-assessor Colin Co has not signed this record yet');
    await s.j.shot(page, 'reconciliation-lead-signed');
    await page.context().close();

    const phone = await s.j.phone();
    await s.j.signIn(phone, co);
    await s.j.goto(phone, `/assessments/${id}/reconciliation`);
    expect(await phone.textContent('#r-INT-04')).to.contain(REASON);
    // the co-assessor reads and signs; only the lead records agreed values
    expect(await phone.locator('form.rec-form').count()).to.equal(0);
    await phone.check('#sign-confirm');
    await s.j.submit(phone, 'form[action$="/reconciliation/sign"] button[type=submit]');
    expect(await phone.textContent('#signatures')).to.contain('Both assessors signed the record as it stands.');
    await s.j.shot(phone, 'reconciliation-signed-phone');
    await phone.context().close();
  });

  it('each assessor confirms on the check page with a justification; the second confirmation decides GOLD', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${id}`);
    await s.j.follow(page, '.decide a');
    expect(await page.textContent('.preview-label')).to.contain('Gold');
    expect(await page.textContent('main')).to.contain('The reconciliation record is signed by both assessors');
    expect(await page.textContent('main')).to.match(/Confirmation still needed from: (Greta Gold, Colin Co|Colin Co, Greta Gold)/);
    // without the box ticked the browser does not send the form; a short justification is refused by the server
    await page.fill('#justification', 'ok');
    await page.evaluate(`document.getElementById('justification').removeAttribute('minlength')`);
    await page.check('#decide-confirm');
    s.j.expectedStatuses = [400];
    await s.j.submit(page, '.decide-form button[type=submit]');
    s.j.expectedStatuses = [];
    expect(await page.textContent('#decide-error')).to.contain('at least 10 characters');
    expect(await page.inputValue('#justification')).to.equal('ok');
    await page.fill('#justification', 'All 18 documents accepted, 34 valid survey answers, INT-04 reconciled: 120 points.');
    await page.check('#decide-confirm');
    await s.j.shot(page, 'check-before-decision');
    await s.j.submit(page, '.decide-form button[type=submit]');
    expect(await s.j.flash(page)).to.contain('Waiting for the confirmation of Colin Co');
    await page.context().close();

    const coPage = await s.j.newPage({ locale: 'nb-NO' });
    await s.j.signIn(coPage, co);
    await s.j.goto(coPage, `/assessments/${id}/check?lang=nb`);
    expect(await coPage.textContent('h1')).to.contain('Kontroll før avgjørelsen');
    expect(await coPage.textContent('.preview-label')).to.contain('Gull');
    await coPage.fill('#justification', 'Jeg bekrefter verdiene, avstemmingen og reglene for gull.');
    await coPage.check('#decide-confirm');
    await s.j.shot(coPage, 'check-nb-co');
    await s.j.submit(coPage, '.decide-form button[type=submit]');
    expect(await s.j.flash(coPage)).to.contain('Gull');
    await coPage.context().close();
  });

  it('the lead releases; the report prints the reconciliation and the justifications; /verify shows GOLD', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${id}`);
    certificateCode = (await page.textContent('.outcome a code'))!.trim();
    await s.j.submit(page, 'form[action$="/transition"]:has(input[value="released"]) button', 60_000);
    expect(await page.textContent('.status-line')).to.contain('Released');
    await s.j.shot(page, 'assessment-released');
    const res = await page.request.get(`${s.base}/api/assessments/${id}/report.pdf?lang=en`);
    expect(res.status()).to.equal(200);
    const text = pdfText(Buffer.from(await res.body())).replace(/\s+/g, ' ');
    // the table cell wraps the reason: its first and last words
    expect(text).to.contain('agreed: The minutes of four partner').and.contain('show the higher level.');
    expect(text).to.contain('All 18 documents accepted');
    expect(text).to.contain('Jeg bekrefter verdiene');
    expect(text)
      .to.match(/Signed: Lead assessor Greta Gold, .* UTC/)
      .and.match(/Signed: Co-assessor Colin Co, .* UTC/);
    await page.context().close();

    const anon = await s.j.newPage();
    await s.j.goto(anon, `/verify/${certificateCode}`);
    expect(await anon.textContent('dd.label')).to.equal('GOLD');
    await s.j.shot(anon, 'verify');
    await anon.context().close();
    expect(s.j.checked.length).to.be.greaterThan(25);
  });

  /** The session's CSRF token, from a form of the page (the pages' scripts send it the same way). */
  async function csrf(page: Page): Promise<string> {
    return page.inputValue('input[name=_csrf] >> nth=0');
  }
});
