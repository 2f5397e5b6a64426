/**
 * The interview runner in a real browser (playwright-core driving Debian's Chromium), issue 16 item 5:
 * with a keyboard and a fine pointer the value's first field has the focus on arrival (0 Tab presses
 * from page load; 44 before), a value typed at once is saved; SRV-07's ticks give the count and come
 * back after a reload (a count typed instead clears them); on a phone (touch) the progress panel is folded, no keyboard help shows and
 * nothing takes the focus (which would open the on-screen keyboard over the question); a cancelled
 * assessment's runner is read-only and still navigates. Any page error or console error fails it.
 * Screenshots go to artifacts/screenshots/ (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { testApp, PASSWORD, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, makeCast, type Cast } from '../support/flow';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe(`the interview runner in a real browser (${testDialect})`, function () {
  this.timeout(90_000);
  let t: TestApp;
  let cast: Cast;
  let server: Server;
  let base: string;
  let browser: Browser;
  let id = 0;
  const problems: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is missing (bash scripts/system-deps.sh installs Debian's chromium; CI does)`);
      this.skip();
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await testApp();
    cast = await makeCast(t);
    id = await createGoldAssessment(cast);
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    if (this.currentTest?.state === 'passed' && found.length)
      (this.test as unknown as { error(e: Error): void }).error(new Error(`page errors:\n${found.join('\n')}`));
  });

  /** A signed-in page of the lead, on a laptop or a phone (touch: a coarse pointer, no hover). */
  async function leadPage(phone = false): Promise<Page> {
    const context = await browser.newContext({
      viewport: phone ? PHONE : LAPTOP,
      deviceScaleFactor: 1,
      locale: 'en-GB',
      isMobile: phone,
      hasTouch: phone,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error on ${page.url()}: ${m.text()}`));
    await page.goto(`${base}/login`);
    await page.fill('#email', 'lead@test.example');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('form[action="/login"] button[type=submit]')]);
    return page;
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${testDialect}-runner-${name}.png`), fullPage: true });
  const focusedId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id') as Promise<string>;
  const stored = async (indicator: string) =>
    (
      (await expectStatus(cast.agents.lead.get(`/api/assessments/${id}/values`), 200)).body.values as {
        indicatorId: string;
        value: unknown;
        note: string;
      }[]
    ).find((v) => v.indicatorId === indicator);

  it('puts the focus on the value on a laptop: a value typed at once is saved', async () => {
    const page = await leadPage();
    await page.goto(`${base}/assessments/${id}/interview?i=STR-01`);
    expect(await focusedId(page)).to.equal('v-pct'); // 0 Tab presses from page load
    expect(await page.isVisible('.help.keyboard')).to.equal(true);
    expect(await page.getAttribute('#runner-progress', 'open')).to.equal('');
    expect(await page.isVisible('#v-hint')).to.equal(true);
    await shot(page, 'laptop-STR-01');
    await page.keyboard.type('83,9');
    await page.waitForSelector('#save-state.saved');
    expect((await stored('STR-01'))?.value).to.equal(83.9);
    // the shortcuts work from the focused field: Alt + → leads to the next indicator, a scale, whose first level has the focus
    await Promise.all([page.waitForURL(/i=STR-02$/), page.keyboard.press('Alt+ArrowRight')]);
    expect(await page.evaluate('document.activeElement.name')).to.equal('level');
    await page.keyboard.press('ArrowDown'); // the first radio, unchecked, has the focus: ArrowDown checks the second
    await page.waitForSelector('#save-state.saved');
    expect((await stored('STR-02'))?.value).to.equal(2);
    await page.goto(`${base}/assessments/${id}/interview?i=STR-02`);
    expect(await page.evaluate('document.activeElement.value')).to.equal('2');
    await page.context().close();
  });

  it('counts SRV-07’s ticked fields and shows the ticks again after a reload', async () => {
    const page = await leadPage();
    await page.goto(`${base}/assessments/${id}/interview?i=SRV-07`);
    expect(await focusedId(page)).to.equal('v-item-F1');
    await page.keyboard.press('Space'); // F1
    await page.check('#v-item-F3');
    await page.check('#v-item-F6');
    await page.uncheck('#v-item-F1');
    expect(await page.inputValue('#v-count')).to.equal('2');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/values/SRV-07`) && r.request().method() === 'PUT' && (r.request().postData() ?? '').includes('chapter 3'),
    );
    await page.fill('#v-note', 'strategy 2026–2029, chapter 3');
    expect((await saved).status()).to.equal(200);
    expect(await stored('SRV-07')).to.include({ value: 2, note: '[F3 F6]\nstrategy 2026–2029, chapter 3' });
    await page.reload();
    for (const code of ['F1', 'F2', 'F4', 'F5']) expect(await page.isChecked(`#v-item-${code}`), code).to.equal(false);
    for (const code of ['F3', 'F6']) expect(await page.isChecked(`#v-item-${code}`), code).to.equal(true);
    expect(await page.inputValue('#v-note')).to.equal('strategy 2026–2029, chapter 3');
    expect(await page.inputValue('#v-count')).to.equal('2');
    await shot(page, 'laptop-SRV-07');
    // a count typed instead stands alone: the ticks no longer describe it and go
    const typed = page.waitForResponse(
      (r) => r.url().endsWith(`/values/SRV-07`) && r.request().method() === 'PUT' && (r.request().postData() ?? '').includes('"value":4'),
    );
    await page.fill('#v-count', '4');
    for (const code of ['F3', 'F6']) expect(await page.isChecked(`#v-item-${code}`), code).to.equal(false);
    expect((await typed).status()).to.equal(200);
    expect(await stored('SRV-07')).to.include({ value: 4, note: 'strategy 2026–2029, chapter 3' });
    await page.context().close();
  });

  it('on a phone: the progress folded, the indicator on the first screen, no keyboard help, no focus taken', async () => {
    const page = await leadPage(true);
    await page.goto(`${base}/assessments/${id}/interview?i=STR-06`);
    expect(await page.getAttribute('#runner-progress', 'open')).to.equal(null);
    expect(await page.isVisible('.ind-nav')).to.equal(false);
    expect(await page.isVisible('.help.keyboard')).to.equal(false);
    expect(await page.evaluate('document.activeElement === document.body')).to.equal(true);
    const heading = await page.locator('#ind-h').boundingBox();
    expect(heading!.y + heading!.height).to.be.below(PHONE.height / 2);
    await shot(page, 'phone-STR-06');
    // the panel opens on a tap, and its links still lead to an indicator
    await page.tap('#runner-progress > summary');
    expect(await page.isVisible('.ind-nav')).to.equal(true);
    await Promise.all([page.waitForURL(/i=MGT-01$/), page.tap('.ind-nav a[href="?i=MGT-01"]')]);
    await page.context().close();
  });

  it('shows a cancelled assessment’s runner read-only, and its links and shortcuts still lead on', async () => {
    await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'cancelled' }), 200);
    const page = await leadPage();
    await page.goto(`${base}/assessments/${id}/interview?i=STR-01`);
    expect(await page.textContent('.read-only-notice')).to.contain('This assessment is cancelled');
    expect(await page.isDisabled('#v-pct')).to.equal(true);
    expect(await page.inputValue('#v-pct')).to.equal('83.9');
    expect(await page.isVisible('#save-state')).to.equal(false);
    await shot(page, 'laptop-cancelled');
    await Promise.all([page.waitForURL(/i=STR-02$/), page.keyboard.press('Alt+ArrowRight')]);
    expect(await page.isChecked('input[name="level"][value="2"]')).to.equal(true);
    await page.context().close();
  });
});
