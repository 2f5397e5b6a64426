/**
 * A whole Silver assessment through the web pages in a real browser (playwright-core driving
 * Debian's Chromium), with axe-core's WCAG 2.x A/AA rules run on every page it visits (desktop, and a
 * phone for the main pages): any serious or critical violation fails it, as do page errors, console
 * errors and 5xx answers.
 *
 * The admin creates the cluster, a Silver-certified benchmarker and the cluster manager; the lead
 * opens a Silver assessment on site; the manager uploads the documents, self-assesses a few values
 * and opens the survey; three participants answer; the lead records every value in the interview
 * runner (seeing the manager's self-assessment), the manager enters three improvement areas and the
 * lead validates each, reviews the documents, moves to review, decides SILVER and releases; the public
 * verification page shows the label. Screenshots go to artifacts/screenshots/ (git-ignored).
 *
 * One step has no page yet and uses the JSON API from the lead's browser session: the cluster's
 * earlier Bronze label (S1) is recorded on the assessment with PATCH /api/assessments/:id
 * (previousLabels).
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { pdf } from '../support/flow';
import { acceptInvitations } from '../support/invitations';
import { DOCUMENTS, acceptDocuments, VALUES, answerSurvey, recordValue, setField, today } from '../support/browser';

const PASSWORD = 'browser-test-password';
/** VALUES with the three improvement areas' indicators met (p ≥ G): SRV-06 ≥ 6, INT-01 ≥ 70 %, INT-03 ≥ 6. */
const SILVER_VALUES: Record<string, unknown> = {
  ...VALUES,
  'SRV-06': 6,
  'INT-01': { numerator: 12, denominator: 15 },
  'INT-03': 6,
};
/** The manager's self-assessment: two values as the lead will find them, one higher. */
const SELF: Record<string, unknown> = { 'STR-03': 16, 'SRV-06': 6, 'INT-03': 7 };
const AREAS = [
  {
    title: 'Matchmaking with research partners',
    indicator: 'SRV-06',
    document: 'D-13',
    description: 'Six matchmaking events a year instead of two; four joint R&D applications came out of them.',
  },
  {
    title: 'Management visits every participant',
    indicator: 'INT-01',
    document: 'D-16',
    description: 'A visit plan for the management; 12 of 15 committed participants met bilaterally, up from 8.',
  },
  {
    title: 'Agreements with the innovation system',
    indicator: 'INT-03',
    document: 'D-17',
    description: 'Written agreements with six research centres and agencies; two joint calls followed.',
  },
];

/** The earlier label S1 needs: a Bronze issued 20 months before this interview (18 ≤ Δ ≤ 24). */
function bronzeIssued(): string {
  const d = new Date();
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() - 20;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-10`;
}

describe(`web pages in a real browser: a whole Silver assessment, axe-core on every page (${testDialect})`, function () {
  this.timeout(180_000);
  let assessmentId = 0;
  let surveyUrl = '';
  let certificateCode = '';
  const lead = 'silver@silver.example';
  const manager = 'manager@silver.example';
  const trainee = 'trainee@silver.example';

  const s = useJourney({
    prefix: 'silver',
    password: PASSWORD,
    setup: async (t) => {
      await t.user({ email: 'admin@silver.example', role: 'admin', password: PASSWORD, name: 'Ada Admin' });
    },
  });

  it('the admin creates the cluster, a Silver-certified benchmarker and the cluster manager', async () => {
    const page = await s.j.newPage();
    await s.j.goto(page, '/');
    expect(page.url()).to.equal(`${s.base}/login`);
    // a wrong password: the form's error state is checked too
    s.j.expectedStatuses = [401];
    await page.fill('#email', 'admin@silver.example');
    await page.fill('#password', 'not the password');
    await s.j.submit(page, 'form[action="/login"] button[type=submit]');
    expect(await page.textContent('.error-box')).to.contain('wrong');
    s.j.expectedStatuses = [];
    await page.fill('#password', PASSWORD);
    await s.j.submit(page, 'form[action="/login"] button[type=submit]');
    expect(page.url()).to.equal(`${s.base}/dashboard`);

    await page.fill('#nc-name', 'Rheinauen Photonics Network');
    await setField(page, '#nc-country', 'de');
    await page.fill('#nc-sector', 'Photonics');
    await page.fill('#nc-founded', '2019');
    await s.j.submit(page, 'form[action="/admin/clusters"] button[type=submit]');
    expect(await s.j.flash(page)).to.contain('Rheinauen Photonics Network');
    const users = [
      { name: 'Sara Silver', email: lead, role: 'benchmarker', certification: 'silver', country: 'DE' },
      { name: 'Max Manager', email: manager, role: 'cluster_manager', cluster: 'Rheinauen Photonics Network' },
      { name: 'Tina Trainee', email: trainee, role: 'trainee', country: 'DE' },
    ];
    for (const u of users) {
      if (!(await page.isVisible('#nu-name'))) await page.click('#new-user > summary');
      await page.fill('#nu-name', u.name);
      await page.fill('#nu-email', u.email);
      await page.selectOption('#nu-role', u.role);
      if (u.certification) await page.selectOption('#nu-certification', u.certification);
      if (u.country) await setField(page, '#nu-country', u.country);
      if (u.cluster) await page.selectOption('#nu-cluster', { label: u.cluster });
      await s.j.submit(page, 'form[action="/admin/users"] button[type=submit]');
      expect(await s.j.flash(page), u.email).to.contain(u.email);
    }
    // each person chooses their password through the link in the invitation mail
    expect(await acceptInvitations(s.t.db.knex, PASSWORD)).to.have.length(users.length);
    await page.click('#new-user > summary');
    await s.j.axe(page, 'new user form open');
    await s.j.shot(page, 'admin-dashboard');
    await page.context().close();
    await s.j.onPhone('admin@silver.example', ['/dashboard'], 'admin');
  });

  it('the lead opens a Silver assessment on site; the earlier Bronze is recorded for S1', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await page.selectOption('#na-cluster', { label: 'Rheinauen Photonics Network (DE)' });
    await page.selectOption('#na-label', 'silver');
    await page.selectOption('#na-trainees', { label: 'Tina Trainee' });
    await page.fill('#na-date', today());
    await page.check('#na-onsite');
    await s.j.shot(page, 'lead-dashboard');
    await s.j.submit(page, '#new-assessment button[type=submit]');
    const m = /\/assessments\/(\d+)$/.exec(page.url());
    expect(m, page.url()).to.not.equal(null);
    assessmentId = Number(m![1]);
    expect(await page.textContent('h1')).to.contain('Rheinauen Photonics Network');
    expect(await page.textContent('.status-line')).to.contain('On site');
    // no page records an earlier label yet: the API, from the lead's signed-in browser
    const res = await page.request.patch(`${s.base}/api/assessments/${assessmentId}`, {
      data: { previousLabels: [{ label: 'bronze', issued: bronzeIssued() }] },
    });
    expect(res.status(), await res.text()).to.equal(200);
    await s.j.shot(page, 'assessment-preparation');
    await page.context().close();
  });

  it('the manager uploads the documents, self-assesses three values and opens the survey', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, manager);
    await s.j.shot(page, 'manager-dashboard');
    await s.j.follow(page, `a[href="/assessments/${assessmentId}/checklist"]`);
    for (const item of DOCUMENTS) {
      await Promise.all([
        page.waitForEvent('load'),
        page.setInputFiles(`#file-${item}`, {
          name: `${item.toLowerCase()}-rheinauen.pdf`,
          mimeType: 'application/pdf',
          buffer: pdf(item),
        }),
      ]);
      await page.waitForSelector(`#${item} .badge.doc-uploaded`);
    }
    expect(await page.textContent('#cl-summary')).to.contain(`${DOCUMENTS.length} awaiting review`);
    await s.j.axe(page, 'all uploaded');
    await s.j.shot(page, 'checklist-uploaded');

    // the self-assessment: the same runner, in the manager's mode
    for (const [id, v] of Object.entries(SELF)) {
      await s.j.goto(page, `/assessments/${assessmentId}/interview?i=${id}`);
      expect(await page.textContent('.runner-main')).to.contain('Self-assessment');
      await recordValue(page, id, v);
      if (id === 'INT-03') await page.fill('#v-note', 'Seven agreements, one still unsigned.');
      await page.click('.save-bar button');
      await page.waitForSelector('#save-state.saved');
    }
    await s.j.axe(page, 'saved');
    await s.j.shot(page, 'runner-self-assessment');

    await s.j.goto(page, `/assessments/${assessmentId}`);
    await page.fill('#invited', '5');
    await s.j.submit(page, '#survey button[type=submit]');
    surveyUrl = await page.inputValue('#survey-url');
    expect(surveyUrl).to.match(new RegExp(`^${s.base}/survey/[A-Za-z0-9_-]{16,64}$`));
    await s.j.shot(page, 'assessment-survey-link');
    await page.context().close();
    await s.j.onPhone(manager, ['/dashboard', `/assessments/${assessmentId}/checklist`], 'manager');
  });

  it('three participants answer the survey: on a phone after a validation error, in Norwegian, on a laptop', async () => {
    const phone = await s.j.phone();
    await s.j.goto(phone, surveyUrl);
    s.j.expectedStatuses = [400];
    await s.j.submit(phone, '.survey-form button[type=submit]');
    s.j.expectedStatuses = [];
    expect(await phone.isVisible('#error-summary')).to.equal(true);
    await s.j.shot(phone, 'survey-phone-errors');
    await answerSurvey(phone, [4, 4, 4, 4, 4, 4, 4, 4, 4], '8');
    await s.j.submit(phone, '.survey-form button[type=submit]');
    expect(await phone.textContent('h1')).to.contain('Thank you');
    await s.j.shot(phone, 'survey-thanks-phone');
    await phone.context().close();

    const nb = await s.j.phone('nb-NO');
    await s.j.goto(nb, `${surveyUrl}?lang=nb`);
    expect(await nb.getAttribute('html', 'lang')).to.equal('nb');
    await answerSurvey(nb, [5, 4, 4, 5, 4, 5, 4, 4, 5], '9', 'research_education');
    await s.j.submit(nb, '.survey-form button[type=submit]');
    expect(await nb.textContent('h1')).to.contain('Takk');
    await nb.context().close();

    const laptop = await s.j.newPage();
    await s.j.goto(laptop, surveyUrl);
    await answerSurvey(laptop, [4, 3, 4, 4, 4, 4, 4, 4, 4], '7', 'public_bodies');
    await s.j.shot(laptop, 'survey-laptop');
    await s.j.submit(laptop, '.survey-form button[type=submit]');
    expect(laptop.url()).to.match(/\/thanks$/);
    await laptop.context().close();
  });

  it('the lead starts the interview and records every value in the runner, beside the self-assessment', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${assessmentId}`);
    await s.j.submit(page, 'form[action$="/transition"]:has(input[value="interview"]) button');
    expect(await s.j.flash(page)).to.contain('Interview');
    await s.j.follow(page, `a[href="/assessments/${assessmentId}/interview"]`);
    let n = 0;
    for (;;) {
      const id = (await page.textContent('#ind-h .ind-id'))!.trim();
      const v = SILVER_VALUES[id];
      if (id in SELF) expect(await page.textContent('#self-assessment'), id).to.contain(String(SELF[id]));
      if (v !== undefined) {
        await recordValue(page, id, v);
        if (n < 2 || id === 'INT-03') await page.waitForSelector('#save-state.saved');
        if (id === 'INT-03') {
          await s.j.axe(page, 'value saved, beside the self-assessment');
          await s.j.shot(page, 'runner-INT-03-self-assessment');
        }
      } else expect(await page.textContent('.runner-main')).to.contain('computed from the participant survey');
      n += 1;
      if (!(await page.isVisible('#next-link'))) break;
      await s.j.follow(page, '#next-link');
    }
    expect(n).to.equal(36);
    await page.context().close();
    await s.j.onPhone(lead, [`/assessments/${assessmentId}/interview?i=INT-03`, `/assessments/${assessmentId}/interview?i=SRV-02`], 'lead');
  });

  it('the trainee shadows the interview blind (no self-assessment beside the input)', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, trainee);
    await s.j.shot(page, 'trainee-dashboard');
    await s.j.follow(page, `a[href="/assessments/${assessmentId}/interview"]`);
    expect(await page.textContent('.notice')).to.contain('shadowing');
    for (const [id, v] of Object.entries({ 'STR-02': 4, 'SRV-06': 5, 'INT-03': 6 })) {
      await s.j.goto(page, `/assessments/${assessmentId}/interview?i=${id}`);
      expect(await page.isVisible('#self-assessment'), id).to.equal(false);
      await recordValue(page, id, v);
      await page.keyboard.press('Alt+s');
      await page.waitForSelector('#save-state.saved');
    }
    await s.j.axe(page, 'shadow value saved');
    await s.j.shot(page, 'runner-shadow');
    await page.context().close();
    await s.j.onPhone(trainee, ['/dashboard', `/assessments/${assessmentId}/interview?i=STR-02`], 'trainee');
  });

  it('the manager enters three improvement areas; the lead validates each', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, manager);
    await s.j.goto(page, `/assessments/${assessmentId}`);
    await s.j.follow(page, `a[href="/assessments/${assessmentId}/improvement-areas"]`);
    for (const ia of AREAS) {
      await page.fill('#ia-title', ia.title);
      await page.fill('#ia-description', ia.description);
      await page.check(`#ia-ind-${ia.indicator}`);
      await page.check(`#ia-doc-${ia.document}`);
      await s.j.submit(page, '#add button[type=submit]');
      expect(await s.j.flash(page)).to.contain(ia.title);
      expect(await page.textContent('main')).to.contain(ia.title);
    }
    expect(await page.locator('section[id^="ia-"]').count()).to.equal(3);
    await s.j.shot(page, 'improvement-areas-manager');
    await page.context().close();
    await s.j.onPhone(manager, [`/assessments/${assessmentId}/improvement-areas`], 'manager');

    const leadPage = await s.j.newPage();
    await s.j.signIn(leadPage, lead);
    await s.j.goto(leadPage, `/assessments/${assessmentId}/improvement-areas`);
    const sections = leadPage.locator('section[id^="ia-"]');
    const ids: string[] = [];
    for (let i = 0; i < (await sections.count()); i++) ids.push((await sections.nth(i).getAttribute('id'))!);
    expect(ids).to.have.length(3);
    for (const id of ids) {
      await leadPage.check(`#${id} input[name=changeDescribed][value=yes]`);
      await s.j.submit(leadPage, `#${id} form[action$="/validate"] button[type=submit]`);
      expect(await leadPage.textContent(`#${id} dd .badge`)).to.equal('Yes');
    }
    await s.j.shot(leadPage, 'improvement-areas-validated');
    await leadPage.context().close();
  });

  it('the lead accepts the documents, moves to review, reads the score (S1–S5 pass) and decides SILVER', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, lead);
    await s.j.goto(page, `/assessments/${assessmentId}/checklist`);
    await acceptDocuments(page, DOCUMENTS);
    await s.j.axe(page, 'all accepted');
    expect(await page.textContent('#cl-summary')).to.contain(`${DOCUMENTS.length} accepted`);
    await s.j.shot(page, 'checklist-reviewed');

    await moveToReview(page);
    await s.j.goto(page, `/assessments/${assessmentId}/score`);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('area-chart').width > 483);
    await s.j.axe(page, 'chart drawn');
    expect(await page.textContent('#label-awarded')).to.contain('Silver');
    for (const rule of ['S1', 'S2', 'S3', 'S4', 'S5']) {
      expect(await page.getAttribute(`.check[data-rule="${rule}"]`, 'class'), rule).to.contain('ok');
    }
    // the chart's text alternative: its heading names it, its figures describe it
    const chart = page.locator('#area-chart');
    expect(await chart.getAttribute('role')).to.equal('img');
    expect(await page.textContent(`#${await chart.getAttribute('aria-labelledby')}`)).to.equal('Areas against peers');
    expect(await page.textContent('#chart-summary')).to.match(/Structure.*this cluster \d/);
    await s.j.shot(page, 'score');
    await page.context().close();
    await s.j.onPhone(lead, [`/assessments/${assessmentId}/score`, `/assessments/${assessmentId}`], 'lead-review');

    const again = await s.j.newPage();
    await s.j.signIn(again, lead);
    await s.j.goto(again, `/assessments/${assessmentId}`);
    await decide(again);
    expect(await s.j.flash(again)).to.contain('Silver');
    certificateCode = (await again.textContent('.outcome a code'))!.trim();
    expect(certificateCode).to.match(/^CM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await s.j.submit(again, 'form[action$="/transition"]:has(input[value="released"]) button', 60_000);
    expect(await again.textContent('.status-line')).to.contain('Released');
    await s.j.shot(again, 'assessment-released');
    await again.context().close();
  });

  it('the manager reads the released Silver; the public verification page shows it', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, manager);
    expect(await page.textContent('main')).to.contain('Report (PDF, English)');
    await s.j.goto(page, `/assessments/${assessmentId}`);
    await s.j.goto(page, `/assessments/${assessmentId}/score`);
    expect(await page.textContent('#label-awarded')).to.contain('Silver');
    await s.j.shot(page, 'manager-score-released');
    await page.context().close();

    const pupil = await s.j.newPage();
    await s.j.signIn(pupil, trainee);
    await s.j.follow(pupil, `a[href="/assessments/${assessmentId}/calibration"]`);
    expect(await pupil.textContent('main')).to.contain('STR-02');
    await s.j.shot(pupil, 'calibration');
    await pupil.context().close();
    await s.j.onPhone(trainee, [`/assessments/${assessmentId}/calibration`], 'trainee');

    // the manager's pages in Norwegian
    const nb = await s.j.newPage({ locale: 'nb-NO' });
    await s.j.signIn(nb, manager);
    await s.j.goto(nb, `/assessments/${assessmentId}?lang=nb`);
    expect(await nb.getAttribute('html', 'lang')).to.equal('nb');
    await s.j.goto(nb, `/assessments/${assessmentId}/score?lang=nb`);
    await s.j.goto(nb, `/assessments/${assessmentId}/improvement-areas?lang=nb`);
    await s.j.shot(nb, 'improvement-areas-nb');
    await nb.context().close();

    const anon = await s.j.newPage();
    await s.j.goto(anon, '/verify');
    await anon.fill('#code', certificateCode.toLowerCase());
    await s.j.submit(anon, 'form[action="/verify"] button[type=submit]');
    expect(await anon.textContent('.verdict')).to.equal('Valid label');
    expect(await anon.textContent('dd.label')).to.equal('SILVER');
    await s.j.shot(anon, 'verify');
    await anon.context().close();
    const phone = await s.j.phone();
    await s.j.goto(phone, `/verify/${certificateCode}`);
    await s.j.shot(phone, 'verify-phone');
    await phone.context().close();
    // what axe saw: every page of the journey, some on a phone
    expect(s.j.checked.filter((c) => c.startsWith('390px')).length).to.be.greaterThan(10);
    expect(s.j.checked.length).to.be.greaterThan(80);
  });

  /** Review: the assessment page's button, or the checked-decision page's where that page leads. */
  async function moveToReview(page: Page) {
    await s.j.goto(page, `/assessments/${assessmentId}`);
    const review = 'form[action$="/transition"]:has(input[value="review"]) button';
    if (!(await page.isVisible(review))) await s.j.goto(page, `/assessments/${assessmentId}/check`);
    await s.j.submit(page, review);
    expect(await page.textContent('.status-line, main')).to.contain('Review');
  }

  /** Decides from the assessment page: its form, or (with the checked decision) the check page's form. */
  async function decide(page: Page) {
    if (await page.isVisible('form.decide button')) return void (await s.j.submit(page, 'form.decide button'));
    await s.j.follow(page, '.decide a');
    expect(await page.textContent('.preview-label')).to.contain('Silver');
    await s.j.shot(page, 'decision-check');
    if (await page.isVisible('#justification')) {
      const min = Number((await page.getAttribute('#justification', 'minlength')) ?? 0);
      const text = 'S1–S5 hold: earlier Bronze 20 months ago, on site, three validated improvement areas, all minimums met.';
      await page.fill('#justification', text.padEnd(Math.max(min, text.length), '.'));
    }
    if (await page.isVisible('#decide-confirm')) await page.check('#decide-confirm');
    await s.j.submit(page, '.decide-form button[type=submit]');
  }
});
