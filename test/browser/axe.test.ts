/**
 * The axe-core helper finds what the journeys must not show (a chart image without a text
 * alternative, a scroller that the keyboard cannot reach), and the pages' scroll-regions.js makes a
 * table that overflows on a phone a named, focusable region, and a tab stop no longer once it fits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../support/axe';
import { CHROMIUM, PHONE, launchChromium } from '../support/browser';

const SCRIPT = fs.readFileSync(path.join(__dirname, '..', '..', 'server', 'web', 'static', 'js', 'scroll-regions.js'), 'utf8');
const row = Array.from({ length: 12 }, (_, i) => `<td>column ${i} with some words</td>`).join('');
const PAGE = `<!doctype html><html lang="en"><head><title>t</title><style>.table-wrap { overflow-x: auto; }</style></head>
<body><main><h1>Score</h1>
<section aria-labelledby="chart-h"><h2 id="chart-h">Areas against peers</h2>
<canvas id="plain" role="img" width="100" height="50"></canvas>
<div class="table-wrap" id="wide"><table><caption>Points per area</caption><tbody><tr>${row}</tr></tbody></table></div>
<h3>Services</h3>
<div class="table-wrap" id="uncaptioned"><table><tbody><tr>${row}</tr></tbody></table></div>
<div class="table-wrap" id="narrow"><table><tbody><tr><td>fits</td></tr></tbody></table></div>
</section></main></body></html>`;

describe('axe-core in the browser: the helper and the pages’ scroll regions', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) this.skip();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: PHONE });
  });
  after(async () => browser?.close());

  it('finds a chart image without a name and a scroller the keyboard cannot reach, and says where', async () => {
    await page.setContent(PAGE);
    const found = await axeViolations(page);
    expect(found.map((v) => v.id).sort()).to.deep.equal(['role-img-alt', 'scrollable-region-focusable']);
    const text = describeViolations('phone /score', found);
    expect(text).to.contain('phone /score: role-img-alt (serious) on #plain');
    expect(text).to.match(/scrollable-region-focusable \(serious\) on #wide \| #uncaptioned/);
  });

  it('scroll-regions.js names and focuses the overflowing tables only, and drops the tab stop once they fit', async () => {
    await page.setContent(PAGE.replace('role="img"', 'role="img" aria-labelledby="chart-h"'));
    await page.addScriptTag({ content: SCRIPT });
    expect(await axeViolations(page)).to.deep.equal([]);
    const attrs = (id: string) =>
      page.evaluate(
        `(() => { const e = document.getElementById('${id}'); return [e.getAttribute('tabindex'), e.getAttribute('role'), e.getAttribute('aria-label')]; })()`,
      );
    expect(await attrs('wide')).to.deep.equal(['0', 'region', 'Points per area']);
    expect(await attrs('uncaptioned')).to.deep.equal(['0', 'region', 'Services']);
    expect(await attrs('narrow')).to.deep.equal([null, null, null]);
    await page.setViewportSize({ width: 3000, height: 800 });
    await page.waitForFunction(() => (globalThis as any).document.getElementById('wide').getAttribute('tabindex') === null);
    expect(await attrs('uncaptioned')).to.deep.equal([null, null, null]);
  });
});
