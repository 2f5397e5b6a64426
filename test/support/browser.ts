/**
 * Helpers for the browser journeys (playwright-core driving Debian's Chromium against a test app):
 * launching the browser, pages that record every page error, console error and 5xx, signing in,
 * submitting forms, screenshots, the interview runner's inputs, and axe-core on every page a journey
 * visits (test/support/axe.ts). A journey's problems fail the test that met them (failOnProblems).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from './app';
import { axeViolations, describeViolations } from './axe';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screenshots');
export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const today = () => new Date().toISOString().slice(0, 10);

/** The lead's values: FRAMEWORK.md example 3 with 15 committed participants (E2 passes). */
export const VALUES: Record<string, unknown> = {
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
export const PERCENTS = new Set(['STR-01', 'STR-04', 'STR-05', 'MGT-05', 'FIN-02', 'INT-01']);
export const SCALES = new Set([
  'STR-02',
  'MGT-03',
  'MGT-04',
  'MGT-06',
  'SRV-01',
  'SRV-02',
  'SRV-03',
  'SRV-04',
  'SRV-05',
  'INT-04',
  'INT-05',
]);
/** The checklist's items the journeys upload (D-10 stays open: MGT-04 at L1 needs none). */
export const DOCUMENTS = [
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

/** Fills the interview runner's inputs for one indicator's value (the shapes of VALUES). */
export async function recordValue(page: Page, id: string, v: unknown): Promise<void> {
  if (v === 'na') return void (await page.check('#v-na'));
  if (SCALES.has(id)) return void (await page.check(`input[name=level][value="${v}"]`));
  if (id === 'MGT-07') return void (await page.selectOption('#v-code', String(v)));
  if (typeof v === 'number' && (await page.locator('input[data-item]').count()) > 0) {
    // a count the runner asks as a list of ticks (SRV-07's fields, SRV-08's categories)
    const items = page.locator('input[data-item]');
    for (let i = 0; i < (await items.count()); i++) await items.nth(i).setChecked(i < v);
    return;
  }
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

/**
 * An assessor accepts each item's document on the checklist page: its review form, whether the page
 * posts it (a new page) or its script sends it to the API (the item's badge changes in place).
 */
export async function acceptDocuments(page: Page, items: string[]): Promise<void> {
  for (const item of items) {
    await page.check(`#${item} input[name=status][value=accepted]`);
    await page.click(`#${item} .review-form button[type=submit]`);
    await page.waitForSelector(`#${item} .badge.doc-accepted`);
    await page.waitForLoadState('load');
  }
}

/** Fills a text input, or picks the option of a select with that value (a country as a code or a list). */
export async function setField(page: Page, selector: string, value: string): Promise<void> {
  const tag = await page.locator(selector).evaluate((el) => (el as unknown as { tagName: string }).tagName);
  if (tag === 'SELECT') await page.selectOption(selector, value.toUpperCase());
  else await page.fill(selector, value);
}

/** Answers the public survey form: Q1 (organisation), Q2–Q4, the nine Likert items Q5–Q13 and the NPS Q14. */
export async function answerSurvey(page: Page, likert: number[], nps: string, org = 'companies'): Promise<void> {
  await checkInSurvey(page, `input[name=Q1][value=${org}]`);
  await checkInSurvey(page, 'input[name=Q2][value=small]');
  await checkInSurvey(page, 'input[name=Q3][value=yes]');
  await checkInSurvey(page, 'input[name=Q4][value=no]');
  for (const [i, v] of likert.entries()) await checkInSurvey(page, `input[name=Q${i + 5}][value="${v}"]`);
  await checkInSurvey(page, `input[name=Q14][value="${nps}"]`);
}

/** The paged survey (with JavaScript one part at a time): Next until the input shows, then check it. */
export async function checkInSurvey(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 8 && !(await page.locator(selector).isVisible()); i++) await page.click('.survey-part:visible .part-next');
  await page.check(selector);
}

/** Starts the test app on a random port of 127.0.0.1; survey links and certificates point at it. */
export async function listen(t: TestApp): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.config.baseUrl = base;
  return { server, base };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  isMobile?: boolean;
  locale?: string;
  javaScriptEnabled?: boolean;
}

/**
 * One journey in one browser: its pages, its problems (page errors, console errors, 5xx answers and
 * axe-core's serious and critical violations) and its screenshots, named `<prefix>-NN-<name>.png`.
 */
export class Journey {
  readonly problems: string[] = [];
  /** every page axe checked: "<width>px <path>" */
  readonly checked: string[] = [];
  /** HTTP statuses a step expects (a rejected form answers 400, a wrong password 401). */
  expectedStatuses: number[] = [];
  private shotNo = 0;
  /** pages without JavaScript: axe (a script in the page) cannot run there */
  private readonly noScript = new WeakSet<Page>();
  private readonly contexts: BrowserContext[] = [];

  constructor(
    readonly browser: Browser,
    readonly base: string,
    readonly prefix: string,
    readonly password: string,
  ) {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png') && f.startsWith(`${prefix}-`)) fs.rmSync(path.join(SHOTS, f));
  }

  async newPage(opts: PageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: opts.viewport ?? LAPTOP,
      deviceScaleFactor: 1,
      locale: opts.locale ?? 'en-GB',
      isMobile: opts.isMobile,
      hasTouch: opts.isMobile,
      javaScriptEnabled: opts.javaScriptEnabled ?? true,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    if (opts.javaScriptEnabled === false) this.noScript.add(page);
    this.watch(page);
    return page;
  }

  /** A phone (390 × 844, touch). */
  phone(locale?: string): Promise<Page> {
    return this.newPage({ viewport: PHONE, isMobile: true, locale });
  }

  /** Records the page's errors, console errors (but expected statuses) and 5xx answers as problems. */
  watch(page: Page): void {
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => this.problems.push(`pageerror on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const status = /status of (\d{3})/.exec(m.text());
      if (status && this.expectedStatuses.includes(Number(status[1]))) return;
      this.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 500) this.problems.push(`${r.status()} from ${r.url()}`);
    });
  }

  /** axe-core on the page as it is now: serious and critical violations become problems. */
  async axe(page: Page, what = ''): Promise<void> {
    const url = new URL(page.url());
    const where = `${page.viewportSize()?.width ?? '?'}px ${url.pathname}${url.search}${what ? ` (${what})` : ''}`;
    if (this.noScript.has(page)) return;
    this.checked.push(where);
    const found = await axeViolations(page);
    if (found.length) this.problems.push(describeViolations(where, found));
  }

  /** Opens a page of the app and checks it. */
  async goto(page: Page, pathOrUrl: string): Promise<void> {
    await page.goto(pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`);
    await this.axe(page);
  }

  /**
   * Clicks a form's button, waits for the page it leads to, and checks that page. `timeout` for a
   * step that does real work before it answers (the release draws and stores six documents).
   */
  async submit(page: Page, selector: string, timeout?: number): Promise<void> {
    await Promise.all([page.waitForNavigation(timeout ? { timeout } : {}), page.click(selector)]);
    await this.axe(page);
  }

  /** Follows a link and checks the page it leads to. */
  async follow(page: Page, selector: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
    await this.axe(page);
  }

  /** Signs in on the sign-in page (both pages checked); lands on the dashboard. */
  async signIn(page: Page, email: string, password = this.password): Promise<void> {
    await this.goto(page, '/login');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(`${this.base}/dashboard`), page.click('form[action="/login"] button[type=submit]')]);
    await this.axe(page);
  }

  async flash(page: Page): Promise<string> {
    return (await page.textContent('.flash')) ?? '';
  }

  /** The whole page from the top, or (fullPage false) the viewport where the step left it. */
  async shot(page: Page, name: string, fullPage = true): Promise<string> {
    this.shotNo += 1;
    if (fullPage) await page.evaluate('window.scrollTo(0, 0)'); // sticky parts where a reader first sees them
    const file = path.join(SHOTS, `${this.prefix}-${String(this.shotNo).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }

  /** Signs in on a phone and checks (and photographs) each page. */
  async onPhone(email: string, paths: string[], name: string): Promise<void> {
    const page = await this.phone();
    await this.signIn(page, email);
    for (const p of paths) {
      await this.goto(page, p);
      await this.shot(page, `${name}-phone-${p.replace(/^\/assessments\/\d+\/?/, '').replace(/[^a-z0-9]+/gi, '-') || 'assessment'}`);
    }
    await page.context().close();
  }

  /** Photographs every page still open (for a failed step: what the browser showed). */
  async failureShots(): Promise<void> {
    for (const c of this.contexts) for (const page of c.pages()) await this.shot(page, 'FAILED', false).catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => undefined);
  }
}

/**
 * For mocha's afterEach: fails the test that just ran (not the hook) with the journey's problems.
 * Usage: `afterEach(function () { failOnProblems(this, journey); })`.
 */
export function failOnProblems(ctx: Mocha.Context, journey: Journey | undefined): void {
  const found = journey?.problems.splice(0) ?? [];
  if (ctx.currentTest?.state === 'passed' && found.length) {
    (ctx.test as unknown as { error(e: Error): void }).error(new Error(`problems in the browser:\n${found.join('\n')}`));
  }
}
