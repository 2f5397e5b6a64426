/**
 * The benchmarking report as an editable Word document: the PDF's cover facts, chapters, tables and
 * texts from the same report model, the charts as PNG images (alt text from the chart's title), a
 * running header and page numbers. Pure: model in, bytes out; the same model and date give the same
 * document content.
 */
import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { reportCharts, type ReportChart } from '../charts';
import { fill, formatDate, formatPercent } from '../i18n';
import { buildReportModel, type ReportModel, type SectionKey } from '../model';
import { actionPlanTable } from '../model-plan';
import { MIN_PEER_GROUP, type Lang, type ReportInput } from '../types';
import { COLOR, LABEL_COLOR } from '../pdf/theme';
import { chartImage, FONT, heading, keyFigures, para, spacer, table, type Block, type Cell } from './blocks';

export interface DocxOptions {
  lang: Lang;
  /** the report's date (the decision's for a decided assessment) */
  now: Date;
}

export async function renderReportDocx(input: ReportInput, opts: DocxOptions): Promise<Buffer> {
  return renderReportModelDocx(buildReportModel(input, opts.lang), opts);
}

interface Ctx {
  m: ReportModel;
  charts: Map<string, ReportChart>;
  out: Block[];
  chapter: number;
}

export async function renderReportModelDocx(m: ReportModel, opts: DocxOptions): Promise<Buffer> {
  const ctx: Ctx = { m, charts: new Map(reportCharts(m).map((c) => [c.id, c])), out: [], chapter: 0 };
  cover(ctx, opts.now);
  contents(ctx);
  const draw: Record<SectionKey, (c: Ctx) => void> = {
    summary,
    checks,
    areaOverview: areas,
    peers,
    progress,
    survey,
    documents,
    recommendations,
    path,
    actionPlan,
  };
  m.sections.forEach((key, i) => {
    ctx.chapter = i + 1;
    ctx.out.push(heading(`${i + 1}  ${m.t[key]}`, 1, true));
    draw[key](ctx);
  });
  ctx.out.push(heading(`A  ${m.t.appendix}`, 1, true));
  appendix(ctx);

  const t = m.t;
  const doc = new Document({
    creator: m.meta.author,
    title: m.meta.title,
    subject: m.meta.subject,
    keywords: m.meta.keywords,
    description: m.meta.subject,
    styles: {
      default: {
        document: { run: { font: FONT, size: 19, color: COLOR.ink.slice(1) }, paragraph: { spacing: { after: 120 } } },
        heading1: {
          run: { font: FONT, size: 36, bold: true, color: COLOR.navy.slice(1) },
          paragraph: { spacing: { before: 0, after: 240 } },
        },
        heading2: {
          run: { font: FONT, size: 25, bold: true, color: COLOR.navy.slice(1) },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading3: {
          run: { font: FONT, size: 21, bold: true, color: COLOR.navy.slice(1) },
          paragraph: { spacing: { before: 160, after: 80 } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 },
          },
        },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({
            children: [
              new Paragraph({
                children: [
                  new TextRun({ text: t.brand.toUpperCase(), bold: true, size: 15, color: COLOR.navy.slice(1) }),
                  new TextRun({ text: `  ·  ${m.cover.clusterName}`, size: 15, color: COLOR.muted.slice(1) }),
                ],
              }),
            ],
          }),
        },
        footers: {
          first: new Footer({ children: [] }),
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    text: `${t.reportTitle} · ${formatDate(opts.now, m.lang)}   ${t.page} `,
                    size: 15,
                    color: COLOR.muted.slice(1),
                  }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 15, color: COLOR.muted.slice(1) }),
                  new TextRun({ text: ` ${t.of} `, size: 15, color: COLOR.muted.slice(1) }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 15, color: COLOR.muted.slice(1) }),
                ],
              }),
            ],
          }),
        },
        children: ctx.out,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function push(ctx: Ctx, ...blocks: (Block | null)[]): void {
  for (const b of blocks) if (b) ctx.out.push(b);
}

function chart(ctx: Ctx, id: string, alt: string): void {
  push(ctx, chartImage(ctx.charts.get(id), alt));
}

function cover(ctx: Ctx, now: Date): void {
  const { m } = ctx;
  const t = m.t;
  push(
    ctx,
    para(t.brand.toUpperCase(), { bold: true, size: 11, color: COLOR.navy, after: 0 }),
    para(t.brandTagline, { size: 8.5, color: COLOR.muted, after: 40 }),
    para(t.reportTitle, { size: 15, bold: true, color: COLOR.gold, after: 4 }),
    new Paragraph({
      heading: 'Title',
      children: [new TextRun({ text: m.cover.clusterName, bold: true, size: 52, color: COLOR.navy.slice(1) })],
    }),
    para(m.cover.clusterLine, { size: 10, color: COLOR.muted, after: 24 }),
  );
  const labelColour = m.cover.label ? LABEL_COLOR[m.cover.label].dark : COLOR.muted;
  push(ctx, para(m.cover.labelText, { size: 18, bold: true, color: labelColour, after: 16 }));
  const facts: [string, string][] = [
    [
      m.cover.label ? t.coverLabelAwarded : t.requested,
      m.cover.label ? `${t.labels[m.cover.label]} · ${m.cover.motto}` : `${m.summary.requestedText} · ${t.coverNoLabel}`,
    ],
    [t.interviewDate, m.cover.interviewDate],
  ];
  if (m.cover.validUntil && m.cover.label) facts.push([t.validUntil, m.cover.validUntil]);
  if (m.cover.certificateCode) facts.push([t.certificateCode, m.cover.certificateCode]);
  facts.push([t.framework, m.cover.frameworkLine]);
  for (const [label, value] of facts)
    push(ctx, para(label, { size: 8, color: COLOR.muted, after: 0 }), para(value, { size: 11, bold: true, after: 8 }));
  push(ctx, heading(t.assessors, 3));
  push(
    ctx,
    table(
      [
        { header: t.assessors, width: 0.4 },
        { header: '', width: 0.6 },
      ],
      m.cover.assessors.map((a) => [{ text: a.name, bold: true }, [a.role, a.certification, a.country].filter(Boolean).join(' · ')]),
      9,
      false,
    ),
    spacer(),
    keyFigures([
      { label: t.points, value: `${m.summary.points} / ${m.summary.maxPoints}` },
      { label: t.percent, value: m.summary.percent },
      { label: t.thresholdsMet, value: m.summary.thresholdsMet },
    ]),
    spacer(),
    para(`${t.reportDate}: ${formatDate(now, m.lang)}`, { size: 8, color: COLOR.muted, after: 0 }),
    para(t.confidential, { size: 8, color: COLOR.muted }),
  );
}

function contents(ctx: Ctx): void {
  const { m } = ctx;
  push(ctx, heading(m.t.contents, 1, true));
  m.sections.forEach((key, i) => push(ctx, para(`${i + 1}   ${m.t[key]}`, { size: 11, after: 4 })));
  push(ctx, para(`A   ${m.t.appendix}`, { size: 11, after: 16 }), para(m.peers.source, { size: 8, color: COLOR.muted }));
}

function summary(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  const labelColour = m.summary.label ? LABEL_COLOR[m.summary.label].dark : COLOR.fail;
  push(
    ctx,
    keyFigures([
      { label: t.label, value: m.summary.label ? m.summary.labelText : t.noLabelShort, color: labelColour },
      { label: t.points, value: `${m.summary.points} / ${m.summary.maxPoints}` },
      { label: t.percent, value: m.summary.percent },
      { label: t.requested, value: m.summary.requestedText, color: COLOR.muted },
    ]),
    spacer(),
  );
  // the expert's summary first, then the engine's sentences
  for (const p of m.narrative?.summary ?? []) push(ctx, para(p));
  for (const p of m.summary.paragraphs) push(ctx, para(p));
  if (m.summary.chapterNote) push(ctx, para(m.summary.chapterNote));
  // the expert's strengths and weaknesses where written, else the strongest and weakest areas by percent
  const list = (title: string, items: string[], colour: string) => {
    push(ctx, para(title, { bold: true, size: 10.5, color: colour, after: 2 }));
    for (const s of items) push(ctx, para(s, { bullet: true, after: 2 }));
  };
  if (m.narrative?.strengths.length) list(t.narrativeStrengths, m.narrative.strengths, COLOR.pass);
  else list(t.strongest, m.summary.strongest, COLOR.pass);
  if (m.narrative?.weaknesses.length) list(t.narrativeWeaknesses, m.narrative.weaknesses, COLOR.amber);
  else list(t.weakest, m.summary.weakest, COLOR.amber);
  push(ctx, spacer());
  chart(ctx, 'areas', t.areaChartTitle);
}

function checks(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  push(
    ctx,
    para(m.checksIntro, { bold: true, after: 10 }),
    table(
      [
        { header: t.rule, width: 0.08 },
        { header: t.requirement, width: 0.32 },
        { header: t.result, width: 0.15 },
        { header: t.detail, width: 0.45 },
      ],
      m.checks.map((c) => [
        { text: c.rule, bold: true },
        c.name,
        { text: c.passed ? `✓ ${t.passed}` : `✗ ${t.failed}`, color: c.passed ? COLOR.pass : COLOR.fail, bold: true },
        c.detail,
      ]),
      8.5,
    ),
    spacer(),
  );
}

function areas(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  m.areas.forEach((a) => {
    push(
      ctx,
      heading(`${ctx.chapter}.${a.number}  ${a.name}`, 2),
      keyFigures([
        { label: t.points, value: `${a.points} / ${a.maxPoints}` },
        { label: t.percent, value: formatPercent(a.percent, m.lang) },
        { label: t.threshold, value: String(a.goldThresholdSum), color: COLOR.gold },
      ]),
      spacer(),
      para(a.summary),
    );
    if (a.comment) {
      push(ctx, para(t.narrativeAreaComment, { bold: true, size: 10.5, after: 2 }));
      for (const p of a.comment.split(/\n\s*\n/)) push(ctx, para(p.replace(/\s*\n\s*/g, ' ')));
    }
    chart(ctx, `area-${a.code}`, a.name);
    push(
      ctx,
      table(
        [
          { header: t.indicator, width: 0.27 },
          { header: t.value, width: 0.13 },
          { header: t.band, width: 0.09 },
          { header: t.points, width: 0.08, align: 'center' },
          { header: t.thresholdShort, width: 0.05, align: 'center' },
          { header: t.minimumShort, width: 0.09, align: 'center' },
          { header: t.peerMedianShort, width: 0.11 },
          { header: t.evidence, width: 0.18 },
        ],
        a.indicators.map((r): Cell[] => {
          const colour = r.kind === 'profile' ? COLOR.muted : r.minimumFailed ? COLOR.fail : r.thresholdMet ? COLOR.ink : COLOR.amber;
          return [
            `${r.id}\n${r.name}`,
            r.value,
            r.band || '—',
            { text: r.kind === 'profile' ? '—' : `${r.points} / ${r.maxPoints}`, color: colour, bold: r.kind === 'quality' },
            r.kind === 'profile' ? '—' : String(r.threshold),
            r.minimum || '—',
            r.peerMedian,
            r.evidence,
          ];
        }),
      ),
      spacer(),
    );
    if (a.indicators.some((r) => r.kind === 'profile')) push(ctx, para(t.profileNote, { size: 8, color: COLOR.muted }));
    positions(ctx, a);
  });
}

/** Each indicator among its peers (the PDF's strips, as text) with the expert's comment on it right under it. */
function positions(ctx: Ctx, a: ReportModel['areas'][number]): void {
  const t = ctx.m.t;
  const shown = a.indicators.filter((r) => r.peers.length > 0 || r.comment);
  if (shown.length === 0) return;
  const groups = a.peerGroups;
  push(ctx, heading(groups.length ? t.peerStripTitle : t.narrativeAreaComment, 3));
  const rows: Cell[][] = shown.flatMap((r): Cell[][] => {
    const line: Cell[] = [
      { text: `${r.id}\n${r.name}`, bold: true },
      ...groups.map((g) => r.peers.find((p) => p.key === g.key)?.text ?? '—'),
    ];
    // the comment in the indicator's cell, under its name
    if (r.comment) line[0] = { text: `${r.id}\n${r.name}\n“${r.comment}”` };
    return [line];
  });
  const nameShare = groups.length ? 0.3 : 1;
  push(
    ctx,
    table(
      [{ header: t.indicator, width: nameShare }, ...groups.map((g) => ({ header: g.label, width: (1 - nameShare) / groups.length }))],
      rows,
    ),
    spacer(),
  );
  if (groups.length) push(ctx, para(fill(t.peerStripNote, { min: MIN_PEER_GROUP }), { size: 8, color: COLOR.muted }));
}

function peers(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  push(ctx, para(t.peersIntro));
  for (const note of m.peers.notes) push(ctx, para(note, { color: COLOR.amber }));
  m.peers.groups.forEach((g) => chart(ctx, `peers-${g.requested}`, g.title));
  push(ctx, heading(t.percentileTable, 2));
  const groups = m.peers.groups;
  const gw = 0.62 / Math.max(1, groups.length);
  push(
    ctx,
    table(
      [{ header: t.area, width: 0.24 }, { header: t.cluster, width: 0.14 }, ...groups.map((g) => ({ header: g.title, width: gw }))],
      (groups[0]?.positions ?? []).map((p, i) => [
        { text: p.name, bold: p.code === 'TOTAL' },
        formatPercent(p.cluster, m.lang),
        ...groups.map((g) => {
          const q = g.positions[i];
          return `P${q.percentile ?? '—'}  (${formatPercent(q.median, m.lang)})`;
        }),
      ]),
    ),
    spacer(),
    para(t.percentileCellNote, { size: 8, color: COLOR.muted, after: 2 }),
    para(m.peers.source, { size: 8, color: COLOR.muted }),
  );
}

function progress(ctx: Ctx): void {
  const { m } = ctx;
  const p = m.progress;
  if (!p) return;
  const t = m.t;
  const tone = (r: { direction: number }) => (r.direction > 0 ? COLOR.pass : r.direction < 0 ? COLOR.fail : COLOR.ink);
  push(
    ctx,
    keyFigures([
      { label: `${t.points} · ${t.progressThen}`, value: p.total.then, color: COLOR.muted },
      { label: `${t.points} · ${t.progressNow}`, value: p.total.now },
      { label: t.progressChange, value: p.total.change, color: tone(p.total) },
      {
        label: t.progressPercentile,
        value: p.total.percentileChange === '—' ? p.total.percentileNow : `${p.total.percentileNow} (${p.total.percentileChange})`,
      },
    ]),
    spacer(),
    para(p.intro),
    para(p.peers, { color: COLOR.muted }),
  );
  chart(ctx, 'progress', t.progressChartTitle);
  const columns = (first: string) => [
    { header: first, width: 0.37 },
    { header: t.progressThen, width: 0.08, align: 'right' as const },
    { header: t.progressNow, width: 0.1, align: 'right' as const },
    { header: t.progressChange, width: 0.1, align: 'right' as const },
    { header: t.progressPercentileThen, width: 0.12, align: 'right' as const },
    { header: t.progressPercentileNow, width: 0.12, align: 'right' as const },
    { header: t.progressPercentileChange, width: 0.11, align: 'right' as const },
  ];
  const rows = (list: typeof p.areas, boldLast = false): Cell[][] =>
    list.map((r, i) => [
      { text: r.name, bold: boldLast && i === list.length - 1 },
      r.then,
      r.now,
      { text: r.change, color: tone(r), bold: true },
      r.percentileThen,
      r.percentileNow,
      r.percentileChange,
    ]);
  push(
    ctx,
    heading(t.progressByArea, 2),
    table(columns(t.area), rows([...p.areas, p.total], true)),
    spacer(),
    heading(t.progressByIndicator, 2),
    table(columns(t.indicator), rows(p.indicators)),
    spacer(),
    para(t.progressNote, { size: 8, color: COLOR.muted }),
  );
}

const pct = (c: number, n: number, lang: Lang) => (n === 0 ? '—' : formatPercent((100 * c) / n, lang, 0));

function survey(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  const s = m.survey;
  if (!s.run) {
    push(ctx, para(t.noSurvey));
    return;
  }
  push(
    ctx,
    keyFigures([
      { label: t.invited, value: s.invited },
      { label: t.validResponses, value: String(s.valid) },
      { label: t.responseRate, value: s.responseRate, color: s.minimumMet ? COLOR.navy : COLOR.fail },
    ]),
    spacer(),
    para(s.minimumLine, { color: s.minimumMet ? COLOR.pass : COLOR.fail, bold: true }),
  );
  chart(ctx, 'likert', t.likertChartTitle);
  push(
    ctx,
    table(
      [
        { header: '', width: 0.06 },
        { header: t.question, width: 0.5 },
        { header: t.answers, width: 0.07, align: 'right' },
        { header: t.mean, width: 0.08, align: 'right' },
        { header: `${t.distribution} (1–5)`, width: 0.29 },
      ],
      s.likert.map((q) => [{ text: q.id, bold: true }, q.text, String(q.n), { text: q.mean, bold: true }, q.counts.join(' · ')]),
    ),
    spacer(),
  );
  chart(ctx, 'nps', t.npsChartTitle);
  const rows: Cell[][] = [
    ...s.yesNo.map((q): Cell[] => [
      { text: q.id, bold: true },
      q.text,
      String(q.n),
      `${t.yes} ${q.yes} (${pct(q.yes, q.n, m.lang)}) · ${t.no} ${q.no}`,
    ]),
    ...s.choice.map((q): Cell[] => [
      { text: q.id, bold: true },
      q.text,
      String(q.n),
      q.options.map((o) => `${o.label}: ${o.count}`).join(' · '),
    ]),
  ];
  if (rows.length)
    push(
      ctx,
      table(
        [
          { header: '', width: 0.06 },
          { header: t.question, width: 0.44 },
          { header: t.answers, width: 0.07, align: 'right' },
          { header: t.distribution, width: 0.43 },
        ],
        rows,
      ),
      spacer(),
    );
  const v = s.verbatims;
  if (v) {
    push(ctx, heading(v.title, 2));
    for (const b of v.blocks) {
      push(ctx, para(b.intro, { color: b.answers.length ? COLOR.ink : COLOR.muted }));
      for (const line of b.answers) push(ctx, para(line, { bullet: true, after: 2 }));
    }
  }
}

function documents(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  const colour: Record<string, string> = { accepted: COLOR.pass, rejected: COLOR.fail, uploaded: COLOR.amber, not_provided: COLOR.muted };
  const mark: Record<string, string> = { accepted: '✓', rejected: '✗', uploaded: '•', not_provided: '–' };
  push(
    ctx,
    para(m.documentSummary, { bold: true }),
    table(
      [
        { header: '', width: 0.07 },
        { header: t.document, width: 0.33 },
        { header: t.status, width: 0.22 },
        { header: t.supports, width: 0.38 },
      ],
      m.documents.map((d) => [
        { text: d.id, bold: true },
        d.item,
        { text: `${mark[d.statusKey] ?? ''} ${d.status}`, color: colour[d.statusKey], bold: true },
        d.comment ? `${d.supports}\n${d.comment}` : d.supports,
      ]),
    ),
    spacer(),
  );
}

function recommendations(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  if (m.recommendations.length === 0) {
    push(ctx, para(t.noRecommendations));
    return;
  }
  push(
    ctx,
    para(m.narrative ? t.recIntroNarrative : t.recIntro),
    table(
      [
        { header: t.rank, width: 0.05, align: 'center' },
        { header: t.indicator, width: 0.22 },
        { header: t.value, width: 0.09 },
        { header: t.points, width: 0.085, align: 'center' },
        { header: t.thresholdShort, width: 0.05, align: 'center' },
        { header: t.priority, width: 0.115, align: 'center' },
        { header: t.gain, width: 0.08, align: 'center' },
        { header: t.action, width: 0.31 },
      ],
      m.recommendations.map((r): Cell[] =>
        // a recommendation the lead added has no figures
        !r.fromEngine
          ? [{ text: String(r.rank), bold: true }, r.indicator ? `${r.indicator}\n${r.name}` : '—', '—', '—', '—', '—', '—', r.action]
          : [
              { text: String(r.rank), bold: true },
              {
                text: `${r.indicator}\n${r.name}${r.minimumFailed ? `\n${t.minimumFailed}` : ''}`,
                color: r.minimumFailed ? COLOR.fail : COLOR.ink,
              },
              r.value,
              String(r.points),
              String(r.threshold),
              `${r.gap} × ${r.weight} = ${r.priority}`,
              { text: `+${r.gain}`, bold: true, color: COLOR.pass },
              r.action || '—',
            ],
      ),
    ),
    spacer(),
  );
}

function path(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  for (const p of m.paths) {
    push(ctx, heading(p.title, 2));
    if (p.next === null && p.improvements.length === 0 && m.cover.validUntil)
      push(ctx, para(fill(t.renewal, { date: m.cover.validUntil })));
    if (p.improvements.length > 0)
      push(
        ctx,
        table(
          [
            { header: t.indicator, width: 0.5 },
            { header: t.target, width: 0.14, align: 'center' },
            { header: t.targetValue, width: 0.22 },
            { header: t.gain, width: 0.14, align: 'center' },
          ],
          p.improvements.map((im) => [
            `${im.indicator}  ${im.name}`,
            `${im.targetPoints}`,
            im.action ? `${im.targetValue}\n${im.action}` : im.targetValue,
            { text: `+${im.gain}`, bold: true, color: COLOR.pass },
          ]),
        ),
        spacer(),
      );
    if (p.newTotal && p.improvements.length > 0) push(ctx, para(p.newTotal, { bold: true }));
    if (p.procedural.length > 0) {
      push(ctx, para(t.procedural, { bold: true, color: COLOR.navy, after: 3 }));
      for (const step of p.procedural) push(ctx, para(step, { bullet: true, after: 2 }));
    }
  }
}

/** The closing chapter: the action plan, with each action's owner, due date and expected gain. */
function actionPlan(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  if (m.recommendations.length === 0) {
    push(ctx, para(t.noRecommendations));
    return;
  }
  const plan = actionPlanTable(m);
  push(ctx, para(plan.intro), table(plan.columns, plan.rows), spacer());
}

function appendix(ctx: Ctx): void {
  const { m } = ctx;
  const t = m.t;
  if (m.decisionLines.length) {
    push(ctx, heading(t.appendixDecision, 2));
    for (const line of m.decisionLines) push(ctx, para(line, { after: 4 }));
  }
  if (m.reconciliation) {
    push(ctx, heading(t.appendixReconciliation, 2), para(m.reconciliation.intro));
    if (m.reconciliation.rows.length)
      push(
        ctx,
        table(
          [
            { header: t.indicator, width: 0.23 },
            { header: t.roles.lead, width: 0.155 },
            { header: t.roles.co, width: 0.155 },
            { header: t.appendixFinalValue, width: 0.11 },
            { header: t.appendixReason, width: 0.35 },
          ],
          m.reconciliation.rows.map((r) => [
            `${r.indicator}\n${r.name}`,
            r.lead,
            r.co,
            { text: r.final, bold: true },
            `${r.basis}${r.reason ? `: ${r.reason}` : ''}`,
          ]),
        ),
        spacer(),
      );
    for (const line of m.reconciliation.signatures) push(ctx, para(line, { after: 2 }));
  }
  // the interview notes only when there are some; an appendix with nothing else (before the decision) says so in one line
  if (m.notes.length === 0) {
    if (!m.decisionLines.length && !m.reconciliation) push(ctx, para(t.noNotes));
    return;
  }
  push(ctx, heading(t.appendixNotes, 2));
  for (const n of m.notes)
    push(ctx, para(`${n.indicator}  ${n.name}`, { bold: true, color: COLOR.navy, after: 2 }), para(n.text, { after: 10 }));
}
