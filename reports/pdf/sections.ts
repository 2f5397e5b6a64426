/** Chapters 1–4: summary, label decision, results by area, peer comparison. */
import { formatPercent } from '../i18n';
import { SECTIONS } from '../model';
import { placeChart as chart, type SectionContext } from './section-context';
import { drawIndicatorPositions } from './section-strips';
import type { Cell } from './layout';
import { COLOR, LABEL_COLOR, SIZE } from './theme';

export function drawSummary(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  const labelColour = m.summary.label ? LABEL_COLOR[m.summary.label].dark : COLOR.fail;
  flow.keyFigures([
    { label: t.label, value: m.summary.label ? m.summary.labelText : t.noLabelShort, color: labelColour },
    { label: t.points, value: `${m.summary.points} / ${m.summary.maxPoints}` },
    { label: t.percent, value: m.summary.percent },
    { label: t.requested, value: m.summary.requestedText, color: COLOR.muted },
  ]);
  // the expert's summary first, then the engine's sentences
  for (const p of m.narrative?.summary ?? []) flow.paragraph(p);
  for (const p of m.summary.paragraphs) flow.paragraph(p);
  if (m.summary.chapterNote) flow.paragraph(m.summary.chapterNote);
  flow.gap(4);
  const colW = (flow.width - 16) / 2;
  const top = flow.y;
  // each bullet measured (a long area name wraps): the next one starts below it, the text hangs after the bullet
  const list = (x: number, title: string, items: string[], colour: string): number => {
    flow.write(title, x, top, colW, { size: SIZE.h3, bold: true, color: colour, tag: 'H3' });
    let y = top + 17;
    for (const it of items) {
      // a line that would just wrap ("…klyngeadministrasjonen: 90,0 %") a point smaller, so it stays on one line
      const one = flow.textHeight('X', colW - 10, SIZE.body);
      const size =
        flow.textHeight(it, colW - 10, SIZE.body) > one && flow.textHeight(it, colW - 10, SIZE.body - 1) <= one ? SIZE.body - 1 : SIZE.body;
      flow.write('•', x, y, 10, { size: SIZE.body });
      flow.write(it, x + 10, y + (SIZE.body - size) / 2, colW - 10, { size });
      y += Math.max(14, flow.textHeight(it, colW - 10, size) + 3);
    }
    return y;
  };
  flow.ensure(60);
  // the expert's strengths and weaknesses where written, else the strongest and weakest areas by percent
  const strengths = m.narrative?.strengths.length
    ? ([t.narrativeStrengths, m.narrative.strengths] as const)
    : ([t.strongest, m.summary.strongest] as const);
  const weaknesses = m.narrative?.weaknesses.length
    ? ([t.narrativeWeaknesses, m.narrative.weaknesses] as const)
    : ([t.weakest, m.summary.weakest] as const);
  const left = list(flow.left, strengths[0], [...strengths[1]], COLOR.pass);
  const right = list(flow.left + colW + 16, weaknesses[0], [...weaknesses[1]], COLOR.amber);
  flow.y = Math.max(left, right) + 14;
  chart(ctx, 'areas');
}

export function drawChecks(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  const rows: Cell[][] = m.checks.map((c) => [
    { text: c.rule, bold: true },
    c.name,
    { text: c.passed ? `✓ ${t.passed}` : `✗ ${t.failed}`, color: c.passed ? COLOR.pass : COLOR.fail, bold: true },
    c.detail,
  ]);
  flow.paragraph(m.checksIntro, { bold: true, after: 10 });
  const columns =
    m.lang === 'en'
      ? [
          { header: t.rule, width: 0.07 },
          { header: t.requirement, width: 0.33 },
          { header: t.result, width: 0.13 },
          { header: t.detail, width: 0.47 },
        ]
      : [
          { header: t.rule, width: 0.08 },
          { header: t.requirement, width: 0.31 },
          { header: t.result, width: 0.17 },
          { header: t.detail, width: 0.44 },
        ];
  flow.table(columns, rows, { size: SIZE.table + 0.5 });
}

export function drawAreas(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  m.areas.forEach((a, i) => {
    if (i > 0) flow.newPage();
    flow.heading(`${SECTIONS.indexOf('areaOverview') + 1}.${a.number}  ${a.name}`, 40);
    flow.keyFigures([
      { label: t.points, value: `${a.points} / ${a.maxPoints}` },
      { label: t.percent, value: formatPercent(a.percent, m.lang) },
      { label: t.threshold, value: String(a.goldThresholdSum), color: COLOR.gold },
    ]);
    if (a.comment) {
      flow.paragraph(t.narrativeAreaComment, { bold: true, size: SIZE.h3, after: 2, tag: 'H3' });
      for (const p of a.comment.split(/\n\s*\n/)) flow.paragraph(p.replace(/\s*\n\s*/g, ' '));
    }
    chart(ctx, `area-${a.code}`, 6);
    legend(ctx);
    const rows: Cell[][] = a.indicators.map((r) => {
      const colour = r.kind === 'profile' ? COLOR.muted : r.minimumFailed ? COLOR.fail : r.thresholdMet ? COLOR.ink : COLOR.amber;
      return [
        { text: `${r.id}\n${r.name}`, bold: false },
        r.value,
        r.band || '—',
        { text: r.kind === 'profile' ? '—' : `${r.points} / ${r.maxPoints}`, color: colour, bold: r.kind === 'quality' },
        r.kind === 'profile' ? '—' : String(r.threshold),
        r.minimum || '—',
        r.peerMedian,
        r.evidence,
      ];
    });
    flow.table(
      [
        { header: t.indicator, width: 0.27 },
        { header: t.value, width: 0.13 },
        { header: t.band, width: 0.09 },
        { header: t.points, width: 0.08, align: 'center' },
        { header: t.thresholdShort, width: 0.04, align: 'center' },
        { header: t.minimumShort, width: 0.09, align: 'center' },
        { header: t.peerMedianShort, width: 0.11 },
        { header: t.evidence, width: 0.19 },
      ],
      rows,
    );
    if (a.indicators.some((r) => r.kind === 'profile')) flow.paragraph(t.profileNote, { size: SIZE.small, color: COLOR.muted });
    // each indicator among its peers (percentile strips), the expert's comment on it right under it
    drawIndicatorPositions(ctx, a);
  });
}

function legend(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const items: [string, string][] = [
    [COLOR.navy, m.t.points],
    [COLOR.amber, m.t.legendBelowThreshold],
    [COLOR.fail, m.t.legendMinimumFailed],
    [COLOR.gold, m.t.threshold],
  ];
  let x = flow.left;
  flow.ensure(16);
  for (const [colour, label] of items) {
    flow.doc
      .rect(x, flow.y + 1.5, 9, 7)
      .fillColor(colour)
      .fill();
    flow.write(label, x + 13, flow.y, 130, { size: SIZE.small, color: COLOR.muted });
    flow.doc.fontSize(SIZE.small);
    x += 13 + flow.doc.widthOfString(label) + 16;
  }
  flow.y += 18;
}

export function drawPeers(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  flow.paragraph(t.peersIntro);
  for (const note of m.peers.notes) flow.paragraph(note, { color: COLOR.amber, size: SIZE.body - 0.5 });
  flow.gap(4);
  m.peers.groups.forEach((g) => chart(ctx, `peers-${g.requested}`, 14));
  flow.heading(t.percentileTable);
  const groups = m.peers.groups;
  const rows: Cell[][] = (groups[0]?.positions ?? []).map((p, i) => [
    { text: p.name, bold: p.code === 'TOTAL' },
    formatPercent(p.cluster, m.lang),
    ...groups.map((g) => {
      const q = g.positions[i];
      return `P${q.percentile ?? '—'}  (${formatPercent(q.median, m.lang)})`;
    }),
  ]);
  const gw = 0.62 / Math.max(1, groups.length);
  flow.table(
    [{ header: t.area, width: 0.24 }, { header: t.cluster, width: 0.14 }, ...groups.map((g) => ({ header: g.title, width: gw }))],
    rows,
  );
  flow.paragraph(t.percentileCellNote, { size: SIZE.small, color: COLOR.muted, after: 2 });
  flow.paragraph(m.peers.source, { size: SIZE.small, color: COLOR.muted });
}
