/**
 * Draws a chart.js configuration into the PDF at a given box. Two ways:
 * - 'vector' (default): chart.js paints through PdfCanvasContext straight into the page as PDF paths
 *   and text; crisp at any zoom and the fastest (nothing to rasterise, encode or re-encode).
 * - 'png': chartjs-node-canvas rasterises at 2× on a white background; the pixels are written as an
 *   opaque RGB PNG, which pdfkit embeds without re-encoding (an RGBA PNG makes pdfkit split and
 *   recompress the alpha channel on every embed). One renderer per size, created once and reused.
 */
import type { ChartConfiguration } from 'chart.js';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
} from 'chart.js';
import type { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { join } from 'path';
import { CHART_SIZES, type ChartSize, type ReportChart } from '../charts';
import { CHART_FONTS } from './document';
import { PdfCanvasContext } from './pdf-canvas';
import { encodeRgbPng } from './png';
import { tagsOf } from './tags';

export type ChartMode = 'vector' | 'png';

// Only what the report's charts use: every registered plugin runs on every chart update.
Chart.register(BarController, LineController, BarElement, PointElement, LineElement, CategoryScale, LinearScale, Legend, Title);

const PNG_SCALE = 2;

export function drawChartVector(
  doc: PDFKit.PDFDocument,
  config: ChartConfiguration,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  doc.save();
  doc.translate(x, y);
  doc.rect(0, 0, width, height).clip();
  const ctx = new PdfCanvasContext(doc, width, height, CHART_FONTS);
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], config);
  chart.destroy();
  doc.restore();
}

const renderers = new Map<ChartSize, ChartJSNodeCanvas>();

/**
 * chartjs-node-canvas (and the native canvas under it) is loaded the first time a PNG chart is asked
 * for, never at start: the default vector charts and the server's start-up do without it.
 */
function nodeCanvas(): typeof import('chartjs-node-canvas') {
  return require('chartjs-node-canvas') as typeof import('chartjs-node-canvas');
}

function renderer(size: ChartSize): ChartJSNodeCanvas {
  let r = renderers.get(size);
  if (!r) {
    const { width, height } = CHART_SIZES[size];
    r = new (nodeCanvas().ChartJSNodeCanvas)({ width, height, backgroundColour: '#ffffff' });
    const fonts = join(__dirname, '..', 'fonts');
    r.registerFont(join(fonts, 'DejaVuSans.ttf'), { family: 'DejaVu Sans' });
    r.registerFont(join(fonts, 'DejaVuSans-Bold.ttf'), { family: 'DejaVu Sans', weight: 'bold' });
    renderers.set(size, r);
  }
  return r;
}

/** An opaque 2× PNG of the chart. */
export function chartPng(chart: ReportChart): Buffer {
  const { width, height } = CHART_SIZES[chart.size];
  const config = { ...chart.config, options: { ...chart.config.options, devicePixelRatio: PNG_SCALE } } as ChartConfiguration;
  const raw = renderer(chart.size).renderToBufferSync(config, 'raw' as 'image/png');
  return encodeRgbPng(raw, width * PNG_SCALE, height * PNG_SCALE);
}

/**
 * Draws one of the report's charts at (x, y) in its nominal size: in a tagged document, a Figure
 * whose text alternative (chartAlt) is the chart's title and the figures it shows.
 */
export function drawChart(doc: PDFKit.PDFDocument, chart: ReportChart, x: number, y: number, mode: ChartMode): void {
  const { width, height } = CHART_SIZES[chart.size];
  const draw = () => {
    if (mode === 'png') doc.image(chartPng(chart), x, y, { width, height });
    else drawChartVector(doc, chart.config, x, y, width, height);
  };
  const tags = tagsOf(doc);
  if (!tags) return draw();
  const lang = (doc as unknown as { options: { lang?: string } }).options.lang ?? 'en-GB';
  tags.leaf('Figure', draw, { alt: chartAlt(chart.config, lang), bbox: [x, y, x + width, y + height] });
}

type Datum = number | [number, number] | null | undefined;

/** one formatter per language for the process: making one costs more than the rest of chartAlt */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string): Intl.NumberFormat {
  let f = formats.get(lang);
  if (!f) formats.set(lang, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })));
  return f;
}

/**
 * A chart in words, in the document's language (`lang`, a BCP 47 tag): its title, then each series
 * with its value per category — "Points by area. Cluster: Strategy 80, Management 75 …; Peer
 * median: …". Built from the chart.js configuration that draws it, so the two cannot disagree.
 */
export function chartAlt(config: ChartConfiguration, lang: string): string {
  const number = numberFormat(lang);
  const value = (d: Datum) => (d == null ? '—' : Array.isArray(d) ? `${number.format(d[0])}–${number.format(d[1])}` : number.format(d));
  const label = (l: unknown) => (Array.isArray(l) ? l.filter(Boolean).join(' ') : String(l ?? ''));
  const categories = (config.data.labels ?? []).map(label);
  const title = (config.options?.plugins?.title as { text?: string | string[] } | undefined)?.text;
  const series = config.data.datasets.map((d) => {
    const values = (d.data as Datum[]).map((v, i) => `${categories[i] ?? i + 1} ${value(v)}`);
    return `${d.label ? `${d.label}: ` : ''}${values.join(', ')}`;
  });
  return [label(title), series.join('; ')].filter(Boolean).join('. ');
}
