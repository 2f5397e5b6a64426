/**
 * The set-up every browser journey shares, once: skip without Chromium, a test app (with the
 * journey's own set-up: its cluster, its users), the app listening on loopback (links in mails and
 * certificates point at it), the browser and the Journey; afterwards, failure screenshots and the
 * journey's problems failing the test that met them; at the end, everything closed.
 *
 *   const s = useJourney({ prefix: 'gold', password: PASSWORD, setup: async (t) => { … } });
 *   it('…', async () => { const page = await s.j.newPage(); … s.base … s.t.db.knex … });
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { testApp, type TestApp } from './app';
import { CHROMIUM, Journey, failOnProblems, launchChromium, listen } from './browser';
import { testDialect } from './db';

export interface JourneySuite {
  t: TestApp;
  j: Journey;
  base: string;
  browser: Browser;
}

export interface JourneyOptions {
  /** screenshot names start `<prefix>-<dialect>-` */
  prefix: string;
  /** the password Journey.signIn types */
  password: string;
  /** the app's environment (e.g. { DEMO: '1' } or a survey rate limit) */
  env?: Record<string, string>;
  /** runs before the app listens: the journey's clusters, users, assessments */
  setup?: (t: TestApp) => Promise<void>;
}

/** Registers the describe block's before/afterEach/after hooks; the returned object is filled in by `before`. */
export function useJourney(opts: JourneyOptions): JourneySuite {
  const s = {} as JourneySuite;
  let server: Server | undefined;
  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: ${CHROMIUM} is missing (bash scripts/system-deps.sh installs Debian's chromium; CI does)`);
      this.skip();
    }
    s.t = await testApp(opts.env ?? {});
    await opts.setup?.(s.t);
    ({ server, base: s.base } = await listen(s.t));
    s.browser = await launchChromium();
    s.j = new Journey(s.browser, s.base, `${opts.prefix}-${testDialect}`, opts.password);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.j?.failureShots();
    failOnProblems(this, s.j);
  });

  after(async () => {
    await s.j?.close();
    await s.browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await s.t?.close();
  });
  return s;
}
