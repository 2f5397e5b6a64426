/**
 * The benchmarking report: cover, contents, the numbered chapters, the appendix; then running
 * headers and page numbers on every page but the cover, and the contents filled in once the page of
 * every chapter is known.
 */
import { reportCharts } from '../charts';
import { fill, formatDate } from '../i18n';
import { buildReportModel, type ReportModel, type SectionKey } from '../model';
import type { RenderOptions, ReportInput } from '../types';
import { drawBadge } from './badge';
import type { SectionContext } from './section-context';
import { createDocument, finish, FONT, PAGE } from './document';
import { Flow } from './layout';
import { drawActionPlan, drawAppendix, drawDocuments, drawPath, drawRecommendations, drawSurvey } from './sections-more';
import { drawAreas, drawChecks, drawPeers, drawSummary } from './sections';
import { drawProgress } from './section-progress';
import { COLOR, SIZE } from './theme';

/** Short chapters that continue on the previous chapter's page when there is room. */
const FLOW_ON = new Set<SectionKey>(['checks', 'documents', 'recommendations', 'path', 'actionPlan']);

export async function renderReport(input: ReportInput, opts: RenderOptions): Promise<Buffer> {
  const model = buildReportModel(input, opts.lang);
  return renderReportModel(model, opts);
}

export async function renderReportModel(model: ReportModel, opts: RenderOptions): Promise<Buffer> {
  const doc = createDocument({ ...model.meta, lang: model.lang === 'nb' ? 'nb-NO' : 'en-GB' }, opts.now, { bufferPages: true });
  const flow = new Flow(doc);
  const ctx: SectionContext = { flow, model, charts: new Map(reportCharts(model).map((c) => [c.id, c])), mode: opts.charts ?? 'vector' };

  drawCover(flow, model, opts.now);
  flow.newPage(); // contents, filled in at the end (its place in the structure kept now)
  const contents = flow.tags.reserve('Sect');
  doc.outline.addItem(model.t.contents);
  const starts: { title: string; number: string; page: number }[] = [];
  const draw: Record<SectionKey, (c: SectionContext) => void> = {
    summary: drawSummary,
    checks: drawChecks,
    areaOverview: drawAreas,
    peers: drawPeers,
    progress: drawProgress,
    survey: drawSurvey,
    documents: drawDocuments,
    recommendations: drawRecommendations,
    path: drawPath,
    actionPlan: drawActionPlan,
  };
  model.sections.forEach((key, i) => {
    const number = `${i + 1}`;
    flow.chapter(number, model.t[key], FLOW_ON.has(key));
    starts.push({ title: model.t[key], number, page: flow.pageIndex });
    draw[key](ctx);
  });
  flow.chapter('A', model.t.appendix);
  starts.push({ title: model.t.appendix, number: 'A', page: flow.pageIndex });
  drawAppendix(ctx);

  flow.tags.closeAll();
  drawContents(flow, model, starts, contents);
  drawRunningHeaders(flow, model, opts.now);
  return finish(doc);
}

/**
 * The cover, tagged as the document's first section: the report's title and the cluster's name are
 * its H1, the badge a figure, the facts a table of row headers and values, the assessors a list.
 */
function drawCover(flow: Flow, m: ReportModel, now: Date): void {
  const doc = flow.doc;
  const t = m.t;
  flow.newPage();
  flow.tags.open('Sect');
  const W = PAGE.width;
  doc.rect(0, 0, W, 300).fillColor(COLOR.navy).fill();
  doc.rect(0, 300, W, 5).fillColor(COLOR.gold).fill();
  const x = PAGE.left;
  const w = W - PAGE.left - PAGE.right;
  flow.write(t.brand.toUpperCase(), x, 54, w, { size: 11, bold: true, color: '#ffffff' });
  flow.write(t.brandTagline, x, 70, w, { size: 8.5, color: '#c8d3de' });
  flow.tags.leaf('H1', [
    () => flow.draw(t.reportTitle, x, 130, w, { size: 15, color: COLOR.gold, bold: true }),
    () => flow.draw(m.cover.clusterName, x, 154, w, { size: 26, bold: true, color: '#ffffff' }),
  ]);
  const nameH = flow.textHeight(m.cover.clusterName, w, 26, true);
  flow.write(m.cover.clusterLine, x, 160 + nameH, w, { size: 10, color: '#c8d3de' });

  drawBadge(doc, x + 78, 420, 78, m.cover.label, m.cover.labelText, m.cover.motto, { top: t.badgeTop, bottom: t.badgeBottom });
  const fx = x + 190;
  const fw = w - 190;
  let y = 352;
  flow.tags.open('Table');
  const fact = (label: string, value: string) => {
    flow.tags.group('TR', () => {
      flow.write(label, fx, y, fw, { size: SIZE.small, color: COLOR.muted, tag: 'TH' });
      flow.write(value, fx, y + 11, fw, { size: 11, bold: true, color: COLOR.ink, tag: 'TD' });
    });
    y += 34;
  };
  fact(
    m.cover.label ? t.coverLabelAwarded : t.requested,
    m.cover.label ? `${t.labels[m.cover.label]} · ${m.cover.motto}` : `${m.summary.requestedText} · ${t.coverNoLabel}`,
  );
  fact(t.interviewDate, m.cover.interviewDate);
  if (m.cover.validUntil && m.cover.label) fact(t.validUntil, m.cover.validUntil);
  if (m.cover.certificateCode) fact(t.certificateCode, m.cover.certificateCode);
  fact(t.framework, m.cover.frameworkLine);
  flow.tags.close();

  y = Math.max(y, 520) + 14;
  flow.write(t.assessors, x, y, w, { size: SIZE.h3, bold: true, color: COLOR.navy, tag: 'H2' });
  y += 18;
  for (const a of m.cover.assessors) {
    doc
      .moveTo(x, y - 4)
      .lineTo(x + w, y - 4)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke();
    const line = [a.role, a.certification, a.country].filter(Boolean).join(' · ');
    flow.tags.listItem([
      () => flow.draw(a.name, x, y, 170, { size: SIZE.body, bold: true }),
      () => flow.draw(line, x + 175, y, w - 175, { size: SIZE.body, color: COLOR.muted }),
    ]);
    y += 20;
  }
  flow.y = Math.max(y + 24, 640);
  flow.keyFigures([
    { label: t.points, value: `${m.summary.points} / ${m.summary.maxPoints}` },
    { label: t.percent, value: m.summary.percent },
    { label: t.thresholdsMet, value: m.summary.thresholdsMet },
  ]);
  flow.write(`${t.reportDate}: ${formatDate(now, m.lang)}`, x, PAGE.height - 96, w, { size: SIZE.small, color: COLOR.muted });
  flow.write(t.confidential, x, PAGE.height - 84, w, { size: SIZE.small, color: COLOR.muted });
  flow.tags.close();
}

/** The contents page, tagged as the section reserved for it: an H1 and a TOC of linked entries. */
function drawContents(
  flow: Flow,
  m: ReportModel,
  starts: { title: string; number: string; page: number }[],
  section: PDFKit.PDFStructureElement,
): void {
  const doc = flow.doc;
  doc.switchToPage(1);
  flow.tags.reopen(section);
  const x = PAGE.left;
  const w = PAGE.width - PAGE.left - PAGE.right;
  flow.write(m.t.contents, x, PAGE.top, w, { size: SIZE.h1, bold: true, color: COLOR.navy, tag: 'H1' });
  doc
    .moveTo(x, PAGE.top + 28)
    .lineTo(x + w, PAGE.top + 28)
    .lineWidth(1.2)
    .strokeColor(COLOR.navy)
    .stroke();
  let y = PAGE.top + 48;
  flow.tags.open('TOC');
  for (const s of starts) {
    const page = String(s.page + 1);
    flow.tags.open('TOCI');
    const link = flow.tags.open('Link');
    flow.tags.mark(link, () => flow.draw(s.number, x, y, 24, { size: 11, bold: true, color: COLOR.gold }));
    flow.tags.mark(link, () => flow.draw(s.title, x + 26, y, w - 80, { size: 11, color: COLOR.ink }));
    doc.font(FONT.regular).fontSize(11);
    const tw = doc.widthOfString(s.title);
    doc
      .moveTo(x + 30 + tw, y + 10)
      .lineTo(x + w - 30, y + 10)
      .dash(1, { space: 2.5 })
      .lineWidth(0.6)
      .strokeColor(COLOR.rule)
      .stroke()
      .undash();
    flow.tags.mark(link, () => flow.draw(page, x + w - 28, y, 28, { size: 11, bold: true, align: 'right' }));
    // the link's annotation belongs to the entry too, with its words for a reader (PDF/UA asks for them)
    const annotation = { structParent: link, Contents: new String(`${s.number} ${s.title}`) };
    doc.goTo(x, y - 2, w, 16, `chapter-${s.number}`, annotation as unknown as PDFKit.Mixins.AnnotationOption);
    flow.tags.close(); // Link
    flow.tags.close(); // TOCI
    y += 24;
  }
  flow.tags.close(); // TOC
  flow.write(m.peers.source, x, y + 16, w, { size: SIZE.small, color: COLOR.muted });
  flow.tags.close();
}

/** Running headers and page numbers, artifacts of pagination (a reader skips them). */
function drawRunningHeaders(flow: Flow, m: ReportModel, now: Date): void {
  const doc = flow.doc;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 1; i < total; i++) {
    doc.switchToPage(i);
    flow.tags.artifact(() => drawRunningHeader(doc, m, now, i, total), 'Pagination');
  }
}

function drawRunningHeader(doc: PDFKit.PDFDocument, m: ReportModel, now: Date, i: number, total: number): void {
  const x = PAGE.left;
  const w = PAGE.width - PAGE.left - PAGE.right;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // writing in the margin must not start a new page
  doc.font(FONT.bold).fontSize(7.5).fillColor(COLOR.navy);
  doc.text(m.t.brand.toUpperCase(), x, 36, { width: w / 2, lineBreak: false });
  doc.font(FONT.regular).fillColor(COLOR.muted);
  doc.text(m.cover.clusterName, x + w / 2, 36, { width: w / 2, align: 'right', lineBreak: false });
  doc
    .moveTo(x, 48)
    .lineTo(x + w, 48)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  const fy = PAGE.height - 40;
  doc
    .moveTo(x, fy - 8)
    .lineTo(x + w, fy - 8)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.font(FONT.regular).fontSize(7.5).fillColor(COLOR.muted);
  doc.text(`${m.t.reportTitle} · ${formatDate(now, m.lang)}`, x, fy, { width: w * 0.7, lineBreak: false });
  doc.text(fill('{page} {n} {of} {total}', { page: m.t.page, n: i + 1, of: m.t.of, total }), x + w * 0.7, fy, {
    width: w * 0.3,
    align: 'right',
    lineBreak: false,
  });
  doc.page.margins.bottom = bottom;
}
