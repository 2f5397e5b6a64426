/** The chapter "Progress since the last benchmarking" (only in a report that has a previous cycle). */
import type { ProgressCells } from '../model-progress';
import type { Cell, Column } from './layout';
import { placeChart as chart, type SectionContext } from './section-context';
import { COLOR, SIZE } from './theme';

export function drawProgress(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const p = m.progress;
  if (!p) return;
  const t = m.t;
  flow.keyFigures([
    { label: `${t.points} · ${t.progressThen}`, value: p.total.then, color: COLOR.muted },
    { label: `${t.points} · ${t.progressNow}`, value: p.total.now },
    { label: t.progressChange, value: p.total.change, color: tone(p.total) },
    {
      label: t.progressPercentile,
      value: p.total.percentileChange === '—' ? p.total.percentileNow : `${p.total.percentileNow} (${p.total.percentileChange})`,
    },
  ]);
  flow.paragraph(p.intro);
  flow.paragraph(p.peers, { size: SIZE.body - 0.5, color: COLOR.muted });
  flow.gap(4);
  chart(ctx, 'progress');
  const columns = (first: string): Column[] => [
    { header: first, width: 0.37 },
    { header: t.progressThen, width: 0.08, align: 'right' },
    { header: t.progressNow, width: 0.1, align: 'right' },
    { header: t.progressChange, width: 0.1, align: 'right' },
    { header: t.progressPercentileThen, width: 0.12, align: 'right' },
    { header: t.progressPercentileNow, width: 0.12, align: 'right' },
    { header: t.progressPercentileChange, width: 0.11, align: 'right' },
  ];
  const rows = (list: ProgressCells[], boldLast = false): Cell[][] =>
    list.map((r, i) => [
      { text: r.name, bold: boldLast && i === list.length - 1 },
      r.then,
      r.now,
      { text: r.change, color: tone(r), bold: true },
      r.percentileThen,
      r.percentileNow,
      r.percentileChange,
    ]);
  flow.heading(t.progressByArea);
  flow.table(columns(t.area), rows([...p.areas, p.total], true));
  flow.heading(t.progressByIndicator);
  flow.table(columns(t.indicator), rows(p.indicators));
  flow.paragraph(t.progressNote, { size: SIZE.small, color: COLOR.muted });
}

/** green up, red down, ink otherwise */
function tone(r: ProgressCells): string {
  return r.direction > 0 ? COLOR.pass : r.direction < 0 ? COLOR.fail : COLOR.ink;
}
