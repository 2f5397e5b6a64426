/**
 * On an area's page, under its table: each indicator's place among its peers, a small strip per peer
 * group (0–100, the group's median at the middle, the cluster's dot at its percentile, the figures
 * below it), and the expert's comment on the indicator right under it. Text through the Flow (so the
 * tagging covers it); the strips are plain graphics.
 */
import type { AreaSection, IndicatorRow } from '../model';
import { fill } from '../i18n';
import { MIN_PEER_GROUP } from '../types';
import { FONT } from './document';
import type { SectionContext } from './section-context';
import { COLOR, SIZE } from './theme';

const NAME_SHARE = 0.3;
const GAP = 10;
const BAR_H = 5;
const TEXT_SIZE = 6.8;

export function drawIndicatorPositions(ctx: SectionContext, a: AreaSection): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  const shown = a.indicators.filter((r) => r.peers.length > 0 || r.comment);
  if (shown.length === 0) return;
  const groups = a.peerGroups;
  const nameW = groups.length ? flow.width * NAME_SHARE : flow.width;
  const colW = groups.length ? (flow.width - nameW) / groups.length : 0;
  const colX = (i: number) => flow.left + nameW + i * colW;

  // one line unless wider than the column (measuring the width is much cheaper than wrapping the text)
  flow.doc.font(FONT.regular).fontSize(TEXT_SIZE);
  const lineH = flow.doc.currentLineHeight(true) + 1;
  const cellTextHeight = (text: string) => {
    flow.doc.font(FONT.regular).fontSize(TEXT_SIZE);
    return flow.doc.widthOfString(text) <= colW - GAP ? lineH : flow.textHeight(text, colW - GAP, TEXT_SIZE);
  };
  const header = () => {
    const h = Math.max(...groups.map((g) => flow.textHeight(g.label, colW - GAP, TEXT_SIZE, true)), 0);
    groups.forEach((g, i) => flow.write(g.label, colX(i), flow.y, colW - GAP, { size: TEXT_SIZE, bold: true, color: COLOR.muted }));
    flow.y += h + 4;
  };
  flow.ensure(90);
  flow.gap(4);
  flow.paragraph(groups.length ? t.peerStripTitle : t.narrativeAreaComment, {
    bold: true,
    size: SIZE.h3,
    color: COLOR.navy,
    after: 4,
    tag: 'H3',
  });
  if (groups.length) header();

  for (const r of shown) {
    const title = `${r.id}  ${r.name}`;
    const nameH = flow.textHeight(title, nameW - GAP, SIZE.table, true);
    const cellH = Math.max(0, ...r.peers.map((p) => BAR_H + 5 + cellTextHeight(p.text)));
    const rowH = Math.max(nameH, cellH) + 5;
    const comment = r.comment ? `${t.narrativeAreaComment}: ${r.comment}` : '';
    const commentH = comment ? flow.textHeight(comment, flow.width - 12, SIZE.table + 0.5) + 4 : 0;
    if (flow.ensure(rowH + commentH + 2) && groups.length) header();
    flow.doc
      .moveTo(flow.left, flow.y - 2)
      .lineTo(flow.left + flow.width, flow.y - 2)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke();
    flow.write(title, flow.left, flow.y + 1, nameW - GAP, { size: SIZE.table, bold: true, color: COLOR.navy });
    groups.forEach((g, i) => {
      const p = r.peers.find((x) => x.key === g.key);
      if (p) strip(ctx, r, p, colX(i), flow.y + 2, colW - GAP);
      else flow.write('—', colX(i), flow.y + 1, colW - GAP, { size: TEXT_SIZE, color: COLOR.muted });
    });
    flow.y += rowH;
    if (comment) {
      flow.write(comment, flow.left + 12, flow.y - 1, flow.width - 12, { size: SIZE.table + 0.5, color: COLOR.ink });
      flow.y += commentH;
    }
  }
  if (groups.length) flow.paragraph(fill(t.peerStripNote, { min: MIN_PEER_GROUP }), { size: SIZE.small - 0.5, color: COLOR.muted });
}

/** One strip: the 0–100 bar, the median's tick at 50, the cluster's dot at its percentile; the figures below. */
function strip(ctx: SectionContext, r: IndicatorRow, p: IndicatorRow['peers'][number], x: number, y: number, w: number): void {
  const { flow } = ctx;
  const doc = flow.doc;
  const tone = r.kind === 'profile' ? COLOR.muted : p.percentile >= 50 ? COLOR.navy : COLOR.amber;
  doc.roundedRect(x, y, w, BAR_H, 2).fillColor(COLOR.zebra).fill();
  doc.roundedRect(x, y, w, BAR_H, 2).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
  doc
    .moveTo(x + w / 2, y - 2)
    .lineTo(x + w / 2, y + BAR_H + 2)
    .lineWidth(0.9)
    .strokeColor(COLOR.muted)
    .stroke();
  doc
    .circle(x + (w * p.percentile) / 100, y + BAR_H / 2, 3.2)
    .fillColor(tone)
    .fill();
  flow.write(p.text, x, y + BAR_H + 4, w, { size: TEXT_SIZE, color: COLOR.ink });
}
