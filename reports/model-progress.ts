/**
 * The progress part of the report model (issue 17, item 4): the change since the last benchmarking in
 * points and in peer percentile, per area and per quality indicator, worded in the report's language.
 * Null when the assessment did not start from a previous cycle; then the report has no such chapter.
 */
import type { Progress, ProgressRow } from '../scoring/progress';
import { fill, formatDate, formatNumber, texts } from './i18n';
import type { Lang, ReportInput } from './types';

export interface ProgressCells {
  key: string;
  name: string;
  then: string;
  now: string;
  change: string;
  /** −1, 0, 1: the direction of the points' change (0 also when unknown) */
  direction: number;
  percentileThen: string;
  percentileNow: string;
  percentileChange: string;
}

export interface ProgressModel {
  intro: string;
  peers: string;
  previousLabel: string;
  currentLabel: string;
  /** the chart: per area, % of maximum points in each cycle */
  chart: { code: string; name: string; previous: number | null; current: number | null }[];
  total: ProgressCells;
  areas: ProgressCells[];
  indicators: (ProgressCells & { area: string })[];
}

/** "+3", "−2", "±0" (a real minus sign), or "—" when unknown. */
export function signed(n: number | null, lang: Lang, decimals?: number): string {
  if (n === null) return '—';
  if (n === 0) return '±0';
  return `${n > 0 ? '+' : '−'}${formatNumber(Math.abs(n), lang, decimals)}`;
}

const pct = (p: number | null, lang: Lang) => (p === null ? '—' : `P${formatNumber(p, lang)}`);
const pts = (p: number | null, lang: Lang) => (p === null ? '—' : formatNumber(p, lang));

function cells(r: ProgressRow, name: string, lang: Lang): ProgressCells {
  return {
    key: r.key,
    name,
    then: pts(r.previousPoints, lang),
    now: r.points === null ? '—' : `${formatNumber(r.points, lang)} / ${r.maxPoints}`,
    change: signed(r.pointsChange, lang),
    direction: Math.sign(r.pointsChange ?? 0),
    percentileThen: pct(r.previousPercentile, lang),
    percentileNow: pct(r.percentile, lang),
    percentileChange: signed(r.percentileChange, lang),
  };
}

export function buildProgressModel(input: ReportInput, lang: Lang): ProgressModel | null {
  const p: Progress | null | undefined = input.progress;
  if (!p) return null;
  const t = texts(lang);
  const def = input.framework.definition;
  const areaName = (code: string) => def.areas.find((a) => a.code === code)?.name[lang] ?? code;
  const indicatorName = (id: string) => def.indicators.find((i) => i.id === id)?.name[lang] ?? id;
  const date = p.previous.asOf ? formatDate(p.previous.asOf, lang) : '—';
  return {
    intro: fill(t.progressIntro, {
      date,
      label: p.previous.label ? t.labels[p.previous.label] : t.noLabelShort,
      before: pts(p.total.previousPoints, lang),
      now: pts(p.total.points, lang),
      change: signed(p.total.pointsChange, lang),
      pBefore: pct(p.total.previousPercentile, lang),
      pNow: pct(p.total.percentile, lang),
    }),
    peers: fill(t.progressPeers, { n: p.peers.clusters === null ? 'none' : String(p.peers.clusters) }),
    previousLabel: fill(t.progressPrevious, { date }),
    currentLabel: t.progressCurrent,
    chart: p.areas.map((a) => ({ code: a.key, name: areaName(a.key), previous: a.previousPercent, current: a.percent })),
    total: cells(p.total, t.total, lang),
    areas: p.areas.map((a) => cells(a, `${a.key} ${areaName(a.key)}`, lang)),
    indicators: p.indicators.map((i) => ({ ...cells(i, `${i.key} ${indicatorName(i.key)}`, lang), area: i.area })),
  };
}
