/**
 * The whole flow through the web pages in a real browser (playwright-core driving Debian's
 * Chromium): an admin creates a cluster, a benchmarker, a trainee and a cluster manager; the
 * benchmarker opens a Bronze assessment; the manager uploads the documents (one by drag and drop)
 * and opens the survey; three participants answer on the public page (one on a phone, one in
 * Norwegian, one after a validation error); the lead records every value in the interview runner
 * (keyboard navigation, a conflict between two tabs), a trainee shadows; the lead reviews the
 * documents, tries what-if values, decides BRONZE and releases; the trainee reads the calibration;
 * the public verification page shows the label. Any page error, console error or 5xx fails it.
 * Every page is saved to artifacts/screenshots/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { pdf } from '../support/flow';
import { acceptInvitations } from '../support/invitations';
import { axeViolations, describeViolations } from '../support/axe';
import { answerSurvey } from '../support/browser';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');
const PASSWORD = 'browser-test-password';
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The lead's values: FRAMEWORK.md example 3 with 15 committed participants (E2 passes). */
const VALUES: Record<string, unknown> = {
  'STR-01': { numerator: 15, denominator: 20 },
  'STR-02': 3,
  'STR-03': 15,
  'STR-04': { numerator: 13, denominator: 15 },
  'STR-05': 'na',
  'STR-06': { nace: 'C30', field: 'Maritime technology' },
  'STR-07': { nuts: 'NO0A' },
  'STR-08': { micro: 9, small: 5 },
  'MGT-01': { since: '2024-07-01' },
  'MGT-02': '0,8',
  'MGT-03': 3,
  'MGT-04': 1,
  'MGT-05': 0,
  'MGT-06': 3,
  'MGT-07': 'association',
  'FIN-01': 14,
  'FIN-02': 12,
  'FIN-03': 95000,
  'SRV-01': 3,
  'SRV-02': 3,
  'SRV-03': 3,
  'SRV-04': 3,
  'SRV-05': 2,
  'SRV-06': 2,
  'SRV-07': 2,
  'SRV-08': 4,
  'SRV-10': 1,
  'INT-01': { numerator: 11, denominator: 15 },
  'INT-03': 2,
  'INT-04': 3,
  'INT-05': 3,
  'ACH-01': 2,
  'ACH-02': 1,
};
const PERCENTS = new Set(['STR-01', 'STR-04', 'STR-05', 'MGT-05', 'FIN-02', 'INT-01']);
const SCALES = new Set(['STR-02', 'MGT-03', 'MGT-04', 'MGT-06', 'SRV-01', 'SRV-02', 'SRV-03', 'SRV-04', 'SRV-05', 'INT-04', 'INT-05']);
const DOCUMENTS = [
  'D-01',
  'D-02',
  'D-03',
  'D-04',
  'D-05',
  'D-06',
  'D-07',
  'D-08',
  'D-09',
  'D-11',
  'D-12',
  'D-13',
  'D-14',
  'D-15',
  'D-16',
  'D-17',
  'D-18',
];

const today = () => new Date().toISOString().slice(0, 10);
/**
 * Predicates Playwright runs in the browser are functions, not strings (a string would need
 * 'unsafe-eval', which our CSP refuses); the test is compiled without the DOM library, hence `any`.
 */

type Doc = { document: { getElementById(id: string): any } };

describe(`web pages in a real browser: the whole flow (${testDialect})`, function () {
  this.timeout(90_000);
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  /** HTTP statuses a step expects (a rejected form answers 400, a wrong password 401). */
  let expectedStatuses: number[] = [];
  let shotNo = 0;
  const noScript = new WeakSet<Page>();
  let assessmentId = 0;
  let surveyUrl = '';
  let certificateCode = '';

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is missing (bash scripts/system-deps.sh installs Debian's chromium; CI does)`);
      this.skip();
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png') && f.startsWith(`${testDialect}-`)) fs.rmSync(path.join(SHOTS, f));
    t = await testApp();
    await t.user({ email: 'admin@flow.example', role: 'admin', password: PASSWORD, name: 'Ada Admin' });
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t.config.baseUrl = base; // survey links and certificate addresses point at this server
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t?.close();
  });

  afterEach(function () {
    const found = problems.splice(0);
    if (this.currentTest?.state === 'passed' && found.length) {
      // fail the test that just ran (mocha's Runnable#error), not the hook
      (this.test as unknown as { error(e: Error): void }).error(new Error(`page errors:\n${found.join('\n')}`));
    }
  });

  async function newPage(
    viewport = LAPTOP,
    extra: { isMobile?: boolean; locale?: string; javaScriptEnabled?: boolean } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      deviceScaleFactor: 1,
      locale: extra.locale ?? 'en-GB',
      isMobile: extra.isMobile,
      hasTouch: extra.isMobile,
      javaScriptEnabled: extra.javaScriptEnabled ?? true,
    });
    contexts.push(context);
    const page = await context.newPage();
    if (extra.javaScriptEnabled === false) noScript.add(page);
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const status = /status of (\d{3})/.exec(m.text());
      if (status && expectedStatuses.includes(Number(status[1]))) return;
      problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 500) problems.push(`${r.status()} from ${r.url()}`);
    });
    return page;
  }

  /** The whole page from the top, or (fullPage false) the viewport where the step left it; axe-core checks every page photographed. */
  async function shot(page: Page, name: string, fullPage = true) {
    // (axe runs as a script in the page: not where the context has JavaScript off; those pages are checked with it on)
    if (!noScript.has(page)) {
      const found = await axeViolations(page);
      if (found.length) problems.push(describeViolations(`${name} (${page.url()})`, found));
    }
    shotNo += 1;
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)'); // sticky parts where a reader first sees them
    await page.screenshot({ path: path.join(SHOTS, `${testDialect}-${String(shotNo).padStart(2, '0')}-${name}.png`), fullPage });
  }

  async function signIn(page: Page, email: string, password = PASSWORD) {
    await page.goto(`${base}/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('form[action="/login"] button[type=submit]')]);
  }

  async function submit(page: Page, selector: string, timeout?: number) {
    await Promise.all([page.waitForNavigation(timeout ? { timeout } : {}), page.click(selector)]);
  }

  async function flash(page: Page): Promise<string> {
    return (await page.textContent('.flash')) ?? '';
  }

  it('the admin signs in and creates a cluster, a benchmarker, a trainee and a cluster manager', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    expect(page.url()).to.equal(`${base}/login`);
    await shot(page, 'login');
    // a wrong password: the form says so and keeps the e-mail
    expectedStatuses = [401];
    await page.fill('#email', 'admin@flow.example');
    await page.fill('#password', 'not the password');
    await submit(page, 'form[action="/login"] button[type=submit]');
    expect(await page.textContent('.error-box')).to.contain('wrong');
    expect(await page.inputValue('#email')).to.equal('admin@flow.example');
    expectedStatuses = [];
    await page.fill('#password', PASSWORD);
    await submit(page, 'form[action="/login"] button[type=submit]');
    expect(page.url()).to.equal(`${base}/dashboard`);

    await page.fill('#nc-name', 'Fjordline Maritime Cluster');
    await page.selectOption('#nc-country', 'NO');
    await page.fill('#nc-sector', 'Maritime');
    await page.fill('#nc-founded', '2024');
    await submit(page, 'form[action="/admin/clusters"] button[type=submit]');
    expect(await flash(page)).to.contain('Fjordline Maritime Cluster');

    const users = [
      { name: 'Berit Benchmarker', email: 'bronze@flow.example', role: 'benchmarker', certification: 'bronze', country: 'NO' },
      { name: 'Tore Trainee', email: 'trainee@flow.example', role: 'trainee', country: 'NO' },
      { name: 'Marit Manager', email: 'manager@flow.example', role: 'cluster_manager', cluster: 'Fjordline Maritime Cluster' },
    ];
    for (const u of users) {
      if (!(await page.isVisible('#nu-name'))) await page.click('#new-user > summary');
      await page.fill('#nu-name', u.name);
      await page.fill('#nu-email', u.email);
      await page.selectOption('#nu-role', u.role);
      if (u.certification) await page.selectOption('#nu-certification', u.certification);
      if (u.country) await page.selectOption('#nu-country', u.country);
      if (u.cluster) await page.selectOption('#nu-cluster', { label: u.cluster });
      await submit(page, 'form[action="/admin/users"] button[type=submit]');
      expect(await flash(page), u.email).to.contain(u.email);
    }
    // each person chooses their password through the link in the invitation mail
    expect(await acceptInvitations(t.db.knex, PASSWORD)).to.have.length(users.length);
    // a rule the form cannot check: a benchmarker without certification is refused with the reason
    await page.click('#new-user > summary');
    await page.fill('#nu-name', 'No Cert');
    await page.fill('#nu-email', 'nocert@flow.example');
    await page.selectOption('#nu-role', 'benchmarker');
    await submit(page, 'form[action="/admin/users"] button[type=submit]');
    expect(await page.getAttribute('.flash', 'class')).to.contain('flash-error');
    expect(await flash(page)).to.contain('certification');
    // the admin changes a user from the list: the trainee's country
    const row = page.locator('tr', { hasText: 'trainee@flow.example' });
    await row.locator('details.edit-user > summary').click();
    await row.locator('select[name=country]').selectOption('SE');
    await submit(page, 'tr:has-text("trainee@flow.example") details.edit-user button[type=submit]');
    expect(await flash(page)).to.contain('User trainee@flow.example updated.');
    expect(await page.locator('tr', { hasText: 'trainee@flow.example' }).locator('td').nth(4).textContent()).to.equal('SE');
    await shot(page, 'admin-dashboard');
    await page.context().close();
  });

  it('the benchmarker opens a Bronze assessment with the trainee', async () => {
    const page = await newPage();
    await signIn(page, 'bronze@flow.example');
    await page.selectOption('#na-cluster', { label: 'Fjordline Maritime Cluster (NO)' });
    // composing: a Silver request for a cluster without an earlier label is warned of at once (S1), and the
    // warning goes when the request changes (admin.js asks GET /api/team-check on every change)
    await page.selectOption('#na-label', 'silver');
    await page.waitForSelector('#na-team-warnings li[data-rule="S1"]');
    expect(await page.textContent('#na-team-warnings')).to.contain('no earlier label');
    await page.selectOption('#na-label', 'bronze');
    await page.waitForSelector('#na-team-warnings li', { state: 'detached' });
    await page.selectOption('#na-trainees', { label: 'Tore Trainee' });
    await page.fill('#na-date', today());
    await shot(page, 'benchmarker-dashboard');
    await submit(page, '#new-assessment button[type=submit]');
    const m = /\/assessments\/(\d+)$/.exec(page.url());
    expect(m, page.url()).to.not.equal(null);
    assessmentId = Number(m![1]);
    expect(await page.textContent('h1')).to.contain('Fjordline Maritime Cluster');
    await page.context().close();
  });

  it('the cluster manager uploads the documents (one by drag and drop) and opens the survey', async () => {
    const page = await newPage();
    await signIn(page, 'manager@flow.example');
    await shot(page, 'manager-dashboard-empty');
    await page.click(`a[href="/assessments/${assessmentId}/checklist"]`);
    await page.waitForURL(`${base}/assessments/${assessmentId}/checklist`);
    for (const item of DOCUMENTS.slice(0, -2)) {
      await Promise.all([
        page.waitForEvent('load'),
        page.setInputFiles(`#file-${item}`, {
          name: `${item.toLowerCase()}-fjordline.pdf`,
          mimeType: 'application/pdf',
          buffer: pdf(item),
        }),
      ]);
      await page.waitForSelector(`#${item} .badge.doc-uploaded`);
    }
    // one from a browser without JavaScript: the item's form has its own upload button then
    const plain = await newPage(LAPTOP, { javaScriptEnabled: false });
    await signIn(plain, 'manager@flow.example');
    await plain.goto(`${base}/assessments/${assessmentId}/checklist`);
    const penultimate = DOCUMENTS[DOCUMENTS.length - 2];
    await plain.setInputFiles(`#file-${penultimate}`, {
      name: `${penultimate.toLowerCase()}-fjordline.pdf`,
      mimeType: 'application/pdf',
      buffer: pdf(penultimate),
    });
    await submit(plain, `#${penultimate} form.dropzone button[type=submit]`);
    expect(await flash(plain)).to.equal(`${penultimate}: ${penultimate.toLowerCase()}-fjordline.pdf uploaded.`);
    expect(await plain.isVisible(`#${penultimate} .badge.doc-uploaded`)).to.equal(true);
    await plain.context().close();
    await page.reload();
    // the last one dropped onto its item, as from a file manager
    const last = DOCUMENTS[DOCUMENTS.length - 1];
    // (browser code as a string: the test is compiled without the DOM library)
    const dataTransfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(pdf(last).toString('latin1'))}], 'media-review.pdf', { type: 'application/pdf' }));
      return dt;
    })()`);
    await Promise.all([page.waitForEvent('load'), page.dispatchEvent(`#${last} .dropzone`, 'drop', { dataTransfer })]);
    await page.waitForSelector(`#${last} .badge.doc-uploaded`);
    expect(await page.textContent('#cl-summary')).to.contain('17 awaiting review');
    await shot(page, 'checklist-uploaded');

    await page.goto(`${base}/assessments/${assessmentId}`);
    await page.fill('#invited', '5');
    await submit(page, '#survey button[type=submit]');
    surveyUrl = await page.inputValue('#survey-url');
    expect(surveyUrl).to.match(new RegExp(`^${base}/survey/[A-Za-z0-9_-]{16,64}$`));
    await shot(page, 'assessment-survey-link');
    await page.context().close();
  });

  it('three participants answer on the public survey page: on a phone after a validation error, in Norwegian, on a laptop', async () => {
    // the form comes in parts (issue 19): answerSurvey moves on with Next as it goes
    const answer = (page: Page, likert: number[], nps: string, org = 'companies') => answerSurvey(page, likert, nps, org);
    const phone = await newPage(PHONE, { isMobile: true });
    await phone.goto(surveyUrl);
    await shot(phone, 'survey-phone');
    // nothing answered: the page names what is missing and links each message to its question
    expectedStatuses = [400];
    await submit(phone, '.survey-form button[type=submit]');
    expectedStatuses = [];
    expect(await phone.isVisible('#error-summary')).to.equal(true);
    expect(await phone.evaluate('document.activeElement && document.activeElement.id')).to.equal('error-summary');
    expect(await phone.getAttribute('#Q1-group', 'aria-describedby')).to.equal('Q1-error');
    expect(await phone.textContent('#Q7-error')).to.contain('at least 4');
    await shot(phone, 'survey-phone-errors');
    await answer(phone, [4, 3, 4, 4, 3, 4, 4, 4, 4], '8');
    await phone.fill('#Q15', 'More matchmaking with research partners.');
    await submit(phone, '.survey-form button[type=submit]');
    expect(phone.url()).to.match(/\/thanks$/);
    expect(await phone.textContent('h1')).to.contain('Thank you');
    await shot(phone, 'survey-thanks-phone');
    await phone.context().close();

    const nb = await newPage(PHONE, { isMobile: true, locale: 'nb-NO' });
    await nb.goto(`${surveyUrl}?lang=nb`);
    expect(await nb.getAttribute('html', 'lang')).to.equal('nb');
    expect(await nb.textContent('.survey-form button[type=submit]')).to.contain('Send svarene mine');
    await answer(nb, [5, 4, 4, 5, 4, 5, 4, 4, 5], '9', 'research_education');
    await submit(nb, '.survey-form button[type=submit]');
    expect(await nb.textContent('h1')).to.contain('Takk');
    await nb.context().close();

    const laptop = await newPage();
    await laptop.goto(surveyUrl);
    await answer(laptop, [3, 3, 3, 4, 3, 3, 4, 3, 3], '6', 'public_bodies');
    await shot(laptop, 'survey-laptop');
    await submit(laptop, '.survey-form button[type=submit]');
    expect(laptop.url()).to.match(/\/thanks$/);
    expect((await laptop.context().cookies()).map((c) => c.name)).to.not.include('cm.sid'); // anonymous: no session
    await laptop.context().close();
  });

  async function recordValue(page: Page, id: string, v: unknown) {
    if (v === 'na') return void (await page.check('#v-na'));
    if (SCALES.has(id)) return void (await page.check(`input[name=level][value="${v}"]`));
    if (id === 'MGT-07') return void (await page.selectOption('#v-code', String(v)));
    if (typeof v === 'number' || typeof v === 'string') return void (await page.fill(PERCENTS.has(id) ? '#v-pct' : '#v-count', String(v)));
    const o = v as Record<string, string | number>;
    if ('numerator' in o) {
      await page.fill('#v-num', String(o.numerator));
      await page.fill('#v-den', String(o.denominator));
    } else if ('since' in o) await page.fill('#v-date', String(o.since));
    else if ('nace' in o) {
      await page.fill('#v-nace', String(o.nace));
      await page.fill('#v-field', String(o.field));
    } else if ('nuts' in o) await page.fill('#v-nuts', String(o.nuts));
    else for (const [k, n] of Object.entries(o)) await page.fill(`#v-${k}`, String(n));
  }

  it('the lead starts the interview and records every value in the runner, with keyboard navigation and autosave', async () => {
    const page = await newPage();
    await signIn(page, 'bronze@flow.example');
    expect(await page.textContent('.attention')).to.contain('17 documents to review');
    await page.goto(`${base}/assessments/${assessmentId}`);
    await submit(page, 'form[action$="/transition"]:has(input[value="interview"]) button');
    expect(await flash(page)).to.contain('Interview');
    await shot(page, 'assessment-interview');
    await page.click(`a[href="/assessments/${assessmentId}/interview"]`);
    await page.waitForURL(/\/interview$/);
    let n = 0;
    for (;;) {
      const id = (await page.textContent('#ind-h .ind-id'))!.trim();
      const v = VALUES[id];
      if (v !== undefined) {
        await recordValue(page, id, v);
        if (id === 'STR-02') await page.fill('#v-note', 'Member list D-04: 12 companies, 3 public bodies.');
        // the first screens wait for the autosave and its visible state; later ones move on at once (leaving saves first)
        if (n < 2 || id === 'MGT-07') await page.waitForSelector('#save-state.saved');
        if (['STR-02', 'STR-06', 'MGT-01', 'MGT-07'].includes(id)) await shot(page, `runner-${id}`);
      } else {
        expect(await page.textContent('.runner-main')).to.contain('computed from the participant survey');
        if (id === 'SRV-09') await shot(page, 'runner-survey-based');
      }
      n += 1;
      if (!(await page.isVisible('#next-link'))) break;
      // half the screens by keyboard (Alt + →), half by the Next button
      if (n % 2) await Promise.all([page.waitForNavigation(), page.keyboard.press('Alt+ArrowRight')]);
      else await Promise.all([page.waitForNavigation(), page.click('#next-link')]);
    }
    expect(n).to.equal(36);
    expect(await page.textContent('.overall')).to.contain('33');
    // resumable: the stored values come back on every screen
    await page.goto(`${base}/assessments/${assessmentId}/interview?i=STR-01`);
    expect(await page.inputValue('#v-num')).to.equal('15');
    await page.keyboard.press('Alt+ArrowRight');
    await page.waitForURL(/i=STR-02$/);
    expect(await page.isChecked('input[name=level][value="3"]')).to.equal(true);
    expect(await page.inputValue('#v-note')).to.contain('D-04');
  });

  it('a value changed in another tab meanwhile gives a conflict warning instead of a silent overwrite', async () => {
    const a = await newPage();
    await signIn(a, 'bronze@flow.example');
    const b = await a.context().newPage();
    b.setDefaultTimeout(10_000);
    b.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    for (const p of [a, b]) await p.goto(`${base}/assessments/${assessmentId}/interview?i=ACH-02`);
    await a.fill('#v-count', '2');
    await a.click('.save-bar button');
    await a.waitForSelector('#save-state.saved');
    expectedStatuses = [409];
    await b.fill('#v-count', '3');
    await b.click('.save-bar button');
    await b.waitForSelector('#conflict:not([hidden])');
    expect(await b.textContent('#conflict')).to.contain('changed elsewhere');
    expect(await b.textContent('#conflict-text')).to.equal('Stored now: 2.');
    await shot(b, 'runner-conflict');
    // the interviewer takes the other value back and settles it as planned
    await b.click('#conflict-reload');
    await b.waitForLoadState();
    expect(await b.inputValue('#v-count')).to.equal('2');
    await b.fill('#v-count', '1');
    await b.click('.save-bar button');
    await b.waitForSelector('#save-state.saved');
    expectedStatuses = [];
    await a.context().close();
  });

  it('the trainee shadows the interview blind', async () => {
    const page = await newPage();
    await signIn(page, 'trainee@flow.example');
    await shot(page, 'trainee-dashboard');
    await page.click(`a[href="/assessments/${assessmentId}/interview"]`);
    await page.waitForURL(/\/interview$/);
    expect(await page.textContent('.notice')).to.contain('shadowing');
    const mine: Record<string, unknown> = {
      'STR-01': { numerator: 15, denominator: 20 },
      'STR-02': 4,
      'STR-03': 15,
      'STR-04': { numerator: 12, denominator: 15 },
    };
    for (const [id, v] of Object.entries(mine)) {
      await page.goto(`${base}/assessments/${assessmentId}/interview?i=${id}`);
      await recordValue(page, id, v);
      await page.keyboard.press('Alt+s'); // save now
      await page.waitForSelector('#save-state.saved');
    }
    expect(await page.isVisible('.help.keyboard')).to.equal(true);
    await shot(page, 'runner-shadow');
    await page.context().close();
    // the last one from a browser without JavaScript: the form itself posts and the page says so
    const plain = await newPage(LAPTOP, { javaScriptEnabled: false });
    await signIn(plain, 'trainee@flow.example');
    await plain.goto(`${base}/assessments/${assessmentId}/interview?i=MGT-02`);
    await recordValue(plain, 'MGT-02', '1');
    await submit(plain, '#runner-form button[type=submit]');
    expect(await flash(plain)).to.equal('MGT-02 is saved.');
    expect(await plain.inputValue('#v-count')).to.equal('1');
    expect(await plain.isVisible('.help.keyboard')).to.equal(false); // the shortcuts need the script
    await shot(plain, 'runner-without-javascript');
    await plain.context().close();
  });

  it('the lead reviews the documents, tries what-if values on the score page, decides BRONZE and releases the report', async () => {
    const page = await newPage();
    await signIn(page, 'bronze@flow.example');
    await page.goto(`${base}/assessments/${assessmentId}/checklist`);
    // one document read in a preview inside the page and accepted with a comment, in place (no reload)
    await page.click('#D-04 .preview-link');
    // once loaded (Chromium's PDF viewer takes the focus as it loads: typing before would go there)
    await (await (await page.waitForSelector('#D-04 .preview iframe')).contentFrame())?.waitForLoadState('load');
    await shot(page, 'checklist-preview-open', false);
    // read, the preview is closed: Chromium's PDF viewer may take the focus at any moment while it is
    // open (under load, typing went into the frame), which a reader closing it does not meet
    await page.click('#D-04 .close-preview');
    await page.waitForSelector('#D-04 .preview iframe', { state: 'detached' });
    await page.check('#D-04 input[name=status][value=accepted]');
    await page.fill('#D-04 .review-form textarea', 'Dated 10 days before the interview; commitment column checked.');
    expect(await page.inputValue('#D-04 .review-form textarea')).to.contain('Dated 10 days');
    await page.click('#D-04 .review-form button[type=submit]');
    await page.waitForSelector('#D-04 .item-status .badge.doc-accepted');
    expect(await page.textContent('#D-04 .comment')).to.contain('Dated 10 days');
    expect(await page.textContent('#upload-status')).to.contain('D-04');
    await shot(page, 'checklist-preview-reviewed');
    // the other sixteen at once: every file awaiting review ticked, one action
    await page.click('#bulk-review .select-pending');
    await page.click('#bulk-review button[type=submit]');
    await page.waitForFunction(() => /17 accepted/.test((globalThis as unknown as Doc).document.getElementById('cl-summary').textContent));
    await page.reload();
    expect(await page.textContent('#cl-summary')).to.contain('17 accepted');
    expect(await page.textContent('#D-04 .comment')).to.contain('Dated 10 days');
    await shot(page, 'checklist-reviewed');

    // "Move to review" goes through the check page, which previews the label
    await page.goto(`${base}/assessments/${assessmentId}`);
    await page.click('a[href$="/check"]');
    expect(await page.textContent('.preview-label')).to.contain('Bronze');
    await shot(page, 'check-before-review');
    await submit(page, 'form[action$="/transition"]:has(input[value="review"]) button');
    await page.goto(`${base}/assessments/${assessmentId}/score`);
    expect(await page.textContent('#label-awarded')).to.contain('Bronze');
    // drawn by chart.js, at a higher pixel ratio than the PDF's 483 × 230
    await page.waitForFunction(() => (globalThis as unknown as Doc).document.getElementById('area-chart').width > 483);
    expect(await page.textContent('.check[data-rule="B3"]')).to.contain('B3');
    expect(await page.getAttribute('.check[data-rule="B3"]', 'class')).to.contain('ok');
    await shot(page, 'score');
    // what if only 14 participants were committed? E2 fails: no label
    const totalBefore = await page.textContent('#total-points');
    await page.fill('#wi-STR-03', '14');
    await page.waitForFunction(() => /No label/.test((globalThis as unknown as Doc).document.getElementById('what-if-result').textContent));
    expect(await page.getAttribute('.check[data-rule="B3"]', 'class')).to.contain('bad');
    expect(Number(await page.textContent('#total-points'))).to.equal(Number(totalBefore) - 1);
    await page.evaluate(`document.querySelector('[data-indicator="STR-01"]').scrollIntoView({ block: 'center' })`);
    await shot(page, 'score-what-if', false);
    await page.click('#what-if-reset');
    await page.waitForFunction(
      (before) => (globalThis as unknown as Doc).document.getElementById('total-points').textContent === before,
      totalBefore,
    );
    // the same question from a browser without JavaScript: the form is sent and the page answers
    const plain = await newPage(LAPTOP, { javaScriptEnabled: false });
    await signIn(plain, 'bronze@flow.example');
    await plain.goto(`${base}/assessments/${assessmentId}/score`);
    await plain.fill('#wi-STR-03', '14');
    await submit(plain, '#what-if .what-if-bar button[type=submit]');
    expect(await plain.textContent('#what-if-result')).to.equal(`With these values: ${Number(totalBefore) - 1} points · No label`);
    expect(await plain.inputValue('#wi-STR-03')).to.equal('14');
    await plain.evaluate(`document.getElementById('what-if').scrollIntoView()`);
    await shot(plain, 'score-what-if-without-javascript', false);
    await plain.context().close();

    // deciding: the check page, a justification and a confirmation
    await page.goto(`${base}/assessments/${assessmentId}`);
    await page.click('.decide a[href$="/check"]');
    await page.fill('#justification', 'Every document accepted; the survey meets its minimum.');
    await page.check('#decide-confirm');
    await shot(page, 'check-before-decision');
    await submit(page, 'form.decide-form button[type=submit]');
    expect(await flash(page)).to.contain('Bronze');
    certificateCode = (await page.textContent('.outcome a code'))!.trim();
    expect(certificateCode).to.match(/^CM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    for (const sel of ['[data-download="report-en"]', '[data-download="report-nb"]', '[data-download="certificate"]']) {
      const href = await page.getAttribute(sel, 'href');
      expect(href, sel).to.be.a('string');
      const res = await page.request.get(`${base}${href}`);
      if (res.status() !== 404) expect(res.headers()['content-type'], href!).to.contain('application/pdf');
    }
    await submit(page, 'form[action$="/transition"]:has(input[value="released"]) button', 60_000); // the release stores six documents
    expect(await page.textContent('.status-line')).to.contain('Released');
    await shot(page, 'assessment-decided');
    await page.context().close();
  });

  it('the trainee sees the calibration, the manager the released report, the admin the label registry', async () => {
    const trainee = await newPage();
    await signIn(trainee, 'trainee@flow.example');
    await trainee.click(`a[href="/assessments/${assessmentId}/calibration"]`);
    await trainee.waitForURL(/\/calibration$/);
    expect(await trainee.textContent('.kpis')).to.match(/Indicators compared\s*5/);
    expect(await trainee.textContent('main')).to.contain('STR-02');
    await shot(trainee, 'calibration');
    await trainee.context().close();

    const manager = await newPage();
    await signIn(manager, 'manager@flow.example');
    expect(await manager.textContent('main')).to.contain('Report (PDF, English)');
    await shot(manager, 'manager-dashboard-released');
    await manager.goto(`${base}/assessments/${assessmentId}/score`);
    expect(await manager.isVisible('#what-if-result')).to.equal(false); // what-if is for the assessors
    await manager.context().close();

    const admin = await newPage();
    await signIn(admin, 'admin@flow.example');
    expect(await admin.textContent('#labels')).to.contain(certificateCode);
    await admin.context().close();
  });

  it('the public verification page shows the label', async () => {
    const page = await newPage();
    await page.goto(`${base}/verify`);
    await page.fill('#code', certificateCode.toLowerCase());
    await submit(page, 'form[action="/verify"] button[type=submit]');
    expect(page.url()).to.equal(`${base}/verify/${certificateCode}`);
    expect(await page.textContent('.verdict')).to.equal('Valid label');
    expect(await page.textContent('dd.label')).to.equal('BRONZE');
    expect(await page.textContent('main')).to.contain('Fjordline Maritime Cluster');
    await shot(page, 'verify');
    await page.close();
  });
});
