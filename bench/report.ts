/**
 * Report rendering speed, one run on one machine:
 * - ours: renderReport() (pdfkit, charts drawn by chart.js as PDF vectors), median of single reports
 *   and a batch of 100; the same with opaque 2× PNG charts for comparison;
 * - the Word report (reports/docx: the same model, charts as 2× PNG), median of single reports;
 * - a warm headless Chromium page that holds chart.js (loaded once from node_modules by file URL, no
 *   network), builds the same content as HTML, draws the same chart.js configurations and prints
 *   with page.pdf().
 * Goals: ≤ 100 ms per report, ours/Chromium ≤ 1.0; the DOCX ≤ 300 ms.
 * Run: npm run bench:report
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildReportModel, reportCharts, type ReportModel } from '../reports';
import type * as Reports from '../reports';
import { ensureBuilt, load, measured } from './compiled';
import { FIXED_NOW } from '../test/reports/fixtures/context';
import { engineInput } from '../test/reports/fixtures/inputs';
import { pdfInfo } from '../test/reports/poppler';

// the browser side of the Chromium page (no DOM lib in this project's tsconfig)
interface BrowserCanvas {
  width: number;
  height: number;
  style: { width: string; height: string };
}
declare const document: { body: { innerHTML: string }; getElementById(id: string): BrowserCanvas };
declare const window: { Chart: new (c: BrowserCanvas, cfg: unknown) => { destroy(): void }; charts?: { destroy(): void }[] };

const input = engineInput('example-1-gold');
// ours is measured as the server runs it (compiled by tsc); the input and the Chromium page's content
// are prepared from the sources, which give the same plain data
ensureBuilt();
const { renderReport, renderReportDocx } = load<typeof Reports>('reports');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function singles(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await time(fn));
  return median(times);
}

// --- the same content as HTML, for Chromium --------------------------------------------------------
const esc = (s: string | number) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const table = (head: string[], rows: (string | number)[][]) =>
  `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`;
const canvas = (id: string) => `<canvas id="${id}"></canvas>`;

function reportHtml(m: ReportModel): string {
  const t = m.t;
  const s: string[] = [];
  s.push(`<section class="cover"><h1>${esc(t.reportTitle)}</h1><h2>${esc(m.cover.clusterName)}</h2><p>${esc(m.cover.clusterLine)}</p>
    <div class="badge">${esc(m.cover.labelText)}</div><p>${esc(t.interviewDate)}: ${esc(m.cover.interviewDate)}</p>
    ${table(
      [t.assessors, ''],
      m.cover.assessors.map((a) => [a.name, `${a.role} · ${a.certification} · ${a.country}`]),
    )}</section>`);
  s.push(`<section><h1>${esc(t.summary)}</h1>${m.summary.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${canvas('areas')}</section>`);
  s.push(
    `<section><h1>${esc(t.checks)}</h1>${table(
      [t.rule, t.requirement, t.result, t.detail],
      m.checks.map((c) => [c.rule, c.name, c.passed ? t.passed : t.failed, c.detail]),
    )}</section>`,
  );
  for (const a of m.areas) {
    s.push(`<section><h1>${esc(a.name)}</h1><p>${esc(a.summary)}</p>${canvas(`area-${a.code}`)}
      ${table(
        [t.indicator, t.value, t.band, t.points, 'G', t.minimum, t.peerMedianShort, t.evidence],
        a.indicators.map((r) => [`${r.id} ${r.name}`, r.value, r.band, r.points, r.threshold, r.minimum, r.peerMedian, r.evidence]),
      )}</section>`);
  }
  s.push(
    `<section><h1>${esc(t.peers)}</h1>${m.peers.notes.map((n) => `<p>${esc(n)}</p>`).join('')}${m.peers.groups.map((g) => canvas(`peers-${g.requested}`)).join('')}</section>`,
  );
  s.push(
    `<section><h1>${esc(t.survey)}</h1><p>${esc(m.survey.minimumLine)}</p>${canvas('likert')}${table(
      [t.question, t.answers, t.mean],
      m.survey.likert.map((q) => [q.text, q.n, q.mean]),
    )}${canvas('nps')}</section>`,
  );
  s.push(
    `<section><h1>${esc(t.documents)}</h1>${table(
      [t.document, t.status, t.supports],
      m.documents.map((d) => [`${d.id} ${d.item}`, d.status, d.supports]),
    )}</section>`,
  );
  s.push(
    `<section><h1>${esc(t.recommendations)}</h1>${table(
      ['#', t.indicator, t.value, t.points, 'G', t.priority, t.gain, t.action],
      m.recommendations.map((r) => [
        r.rank,
        `${r.indicator} ${r.name}`,
        r.value,
        r.points,
        r.threshold,
        r.priority,
        `+${r.gain}`,
        r.action,
      ]),
    )}</section>`,
  );
  s.push(
    `<section><h1>${esc(t.path)}</h1>${m.paths.map((p) => `<h2>${esc(p.title)}</h2>${p.procedural.map((x) => `<p>${esc(x)}</p>`).join('')}`).join('')}</section>`,
  );
  s.push(
    `<section><h1>${esc(t.appendix)}</h1>${m.notes.map((n) => `<h3>${esc(n.indicator)} ${esc(n.name)}</h3><p>${esc(n.text)}</p>`).join('')}</section>`,
  );
  return s.join('\n');
}

const CSS = `@page { size: A4; margin: 20mm 18mm; } body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1f2933; }
  section { break-before: page; } section.cover { break-before: auto; } h1 { color: #1b3a5c; border-bottom: 1px solid #1b3a5c; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0; } th { background: #1b3a5c; color: #fff; text-align: left; }
  th, td { padding: 3px; border-bottom: 0.5px solid #cbd2d9; font-size: 8pt; } .badge { width: 150px; height: 150px; border-radius: 50%; background: #c9a227; color: #fff; font: bold 32px sans-serif; display: flex; align-items: center; justify-content: center; }
  canvas { display: block; margin: 8px 0; }`;

async function chromiumMedian(n: number, model: ReportModel): Promise<{ ms: number; pages: number }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'cm-bench-'));
    const chartJs = pathToFileURL(join(__dirname, '..', 'node_modules', 'chart.js', 'dist', 'chart.umd.js')).href;
    writeFileSync(
      join(dir, 'report.html'),
      `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style><script src="${chartJs}"></script></head><body></body></html>`,
    );
    const page = await (await browser.newContext()).newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const payload = {
      html: reportHtml(model),
      charts: reportCharts(model).map((c) => ({ id: c.id, config: c.config })),
      sizes: Object.fromEntries(reportCharts(model).map((c) => [c.id, c.size])),
    };
    const sizes = { wide: [483, 230], half: [483, 200], area: [483, 150] } as Record<string, [number, number]>;
    const once = async () => {
      await page.evaluate(
        ({ p, sz }) => {
          const w = window;
          (w.charts ?? []).forEach((c) => c.destroy());
          document.body.innerHTML = p.html;
          w.charts = p.charts.map((c) => {
            const el = document.getElementById(c.id);
            const [width, height] = sz[p.sizes[c.id]];
            el.width = width;
            el.height = height;
            el.style.width = `${width}pt`;
            el.style.height = `${height}pt`;
            const cfg = c.config as { options: Record<string, unknown> };
            return new w.Chart(el, { ...cfg, options: { ...cfg.options, devicePixelRatio: 2 } });
          });
        },
        { p: payload, sz: sizes },
      );
      return page.pdf({ format: 'A4', printBackground: true });
    };
    const first = await once();
    for (let i = 0; i < 4; i++) await once(); // warm
    const ms = await singles(n, once);
    writeFileSync(join(tmpdir(), 'cm-bench-chromium.pdf'), first);
    return { ms, pages: Number(pdfInfo(first).Pages) };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const opts = { lang: 'en' as const, now: FIXED_NOW };
  const model = buildReportModel(input, 'en');
  const sample = await renderReport(input, opts);
  const charts = reportCharts(model).length;
  for (let i = 0; i < 5; i++) await renderReport(input, opts); // warm: JIT, fonts, chart.js

  const single = await singles(30, () => renderReport(input, opts));
  const batches: number[] = [];
  for (let b = 0; b < 3; b++)
    batches.push(
      await time(async () => {
        for (let i = 0; i < 100; i++) await renderReport(input, opts);
      }),
    );
  const batch = median(batches);
  for (let i = 0; i < 3; i++) await renderReport(input, { ...opts, charts: 'png' });
  const png = await singles(15, () => renderReport(input, { ...opts, charts: 'png' }));
  const docxSample = await renderReportDocx(input, opts);
  for (let i = 0; i < 3; i++) await renderReportDocx(input, opts);
  const docx = await singles(15, () => renderReportDocx(input, opts));
  const chrome = await chromiumMedian(30, model);

  const pages = pdfInfo(sample).Pages;
  console.log(
    `report: ${pages} pages, ${charts} charts, ${Math.round(sample.length / 1024)} KB (en, FRAMEWORK.md example 1); ours ${measured()}`,
  );
  console.log(`ours, vector charts:   ${single.toFixed(1)} ms per report (median of 30)   goal ≤ 100 ms`);
  console.log(`ours, batch of 100:    ${batch.toFixed(0)} ms (${(batch / 100).toFixed(1)} ms per report, median of 3 batches)`);
  console.log(`ours, 2× PNG charts:   ${png.toFixed(1)} ms per report (median of 15; opaque RGB, for comparison)`);
  console.log(
    `ours, Word (DOCX):     ${docx.toFixed(1)} ms per report (median of 15; ${Math.round(docxSample.length / 1024)} KB, the same chapters, 2× PNG charts)   goal ≤ 300 ms`,
  );
  console.log(
    `warm Chromium page:    ${chrome.ms.toFixed(1)} ms per report (median of 30, ${chrome.pages} pages, chart.js canvases at 2×, page.pdf())`,
  );
  console.log(`ratio ours/Chromium:   ${(single / chrome.ms).toFixed(2)}   goal ≤ 1.0`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
