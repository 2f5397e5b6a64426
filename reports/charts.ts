/**
 * chart.js configurations of the report's charts, built from the report model as plain data (no
 * callbacks, no I/O), so the same object feeds the PDF (server side) and chart.js in the browser on
 * the score page, and survives JSON serialisation.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatNumber } from './i18n';
import type { ReportModel } from './model';

export const PALETTE = {
  navy: '#1b3a5c',
  blue: '#2f6f9f',
  grey: '#9aa5b1',
  light: '#d9e2ec',
  gold: '#c9a227',
  amber: '#d9822b',
  red: '#c0392b',
  green: '#2e8b57',
  text: '#33414e',
  grid: '#e4e9ee',
  likert: ['#c0392b', '#e59866', '#cfd6dd', '#7fb3d5', '#1f618d'],
};

export const FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/** Chart sizes in PDF points (1 chart pixel = 1 pt); the PNG path renders them at 2×. */
export const CHART_SIZES = {
  wide: { width: 483, height: 230 },
  half: { width: 483, height: 200 },
  area: { width: 483, height: 150 },
} as const;
export type ChartSize = keyof typeof CHART_SIZES;

export interface ReportChart {
  id: string;
  size: ChartSize;
  config: ChartConfiguration;
}

/** Splits a label into lines of at most `max` characters (chart.js draws arrays as lines). */
export function wrapLabel(text: string, max = 16): string[] {
  const short = text.split(':')[0];
  const lines: string[] = [];
  for (const word of short.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function baseOptions(title: string, extra: Record<string, unknown> = {}): ChartConfiguration['options'] {
  return {
    responsive: false,
    maintainAspectRatio: false,
    animation: false,
    devicePixelRatio: 1,
    events: [],
    font: { family: FONT_FAMILY, size: 8 },
    color: PALETTE.text,
    layout: { padding: { top: 2, right: 6, bottom: 2, left: 2 } },
    plugins: {
      title: {
        display: true,
        text: title,
        color: PALETTE.navy,
        font: { family: FONT_FAMILY, size: 10, weight: 'bold' },
        padding: { top: 0, bottom: 6 },
      },
      legend: {
        position: 'bottom',
        labels: { boxWidth: 10, boxHeight: 8, padding: 10, font: { family: FONT_FAMILY, size: 8 }, color: PALETTE.text },
      },
      tooltip: { enabled: false },
    },
    ...extra,
  } as ChartConfiguration['options'];
}

const axis = (extra: Record<string, unknown> = {}) => ({
  grid: { color: PALETTE.grid },
  border: { color: PALETTE.grey },
  ticks: { color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } },
  ...extra,
});

/** Category labels upright and all shown: the labels are wrapped into lines instead. */
const categoryAxis = () =>
  axis({
    grid: { display: false },
    ticks: { maxRotation: 0, minRotation: 0, autoSkip: false, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } },
  });

/** The cluster's percent per area against the peer median and the excellence group. */
export function areaChartConfig(model: ReportModel): ChartConfiguration {
  const rows = model.peers.areaComparison;
  const t = model.t;
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => wrapLabel(r.name, 15)),
      datasets: [
        {
          label: t.cluster,
          data: rows.map((r) => r.cluster),
          backgroundColor: PALETTE.navy,
          barPercentage: 0.85,
          categoryPercentage: 0.75,
        },
        {
          label: model.peers.peerLabel,
          data: rows.map((r) => r.peerMedian),
          backgroundColor: PALETTE.grey,
          barPercentage: 0.85,
          categoryPercentage: 0.75,
        },
        {
          label: model.peers.excellenceLabel,
          data: rows.map((r) => r.excellenceMedian),
          backgroundColor: PALETTE.gold,
          barPercentage: 0.85,
          categoryPercentage: 0.75,
        },
      ],
    },
    options: baseOptions(t.areaChartTitle, {
      scales: {
        x: categoryAxis(),
        y: axis({ min: 0, max: 100, ticks: { stepSize: 20, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } } }),
      },
    }),
  };
}

/** Progress since the last benchmarking: per area, % of maximum points then (grey) and now (navy). */
export function progressChartConfig(model: ReportModel): ChartConfiguration | null {
  const p = model.progress;
  if (!p) return null;
  const bars = { barPercentage: 0.85, categoryPercentage: 0.7 };
  return {
    type: 'bar',
    data: {
      labels: p.chart.map((r) => wrapLabel(r.name, 15)),
      datasets: [
        { label: p.previousLabel, data: p.chart.map((r) => r.previous), backgroundColor: PALETTE.grey, ...bars },
        { label: p.currentLabel, data: p.chart.map((r) => r.current), backgroundColor: PALETTE.navy, ...bars },
      ],
    },
    options: baseOptions(model.t.progressChartTitle, {
      scales: {
        x: categoryAxis(),
        y: axis({ min: 0, max: 100, ticks: { stepSize: 20, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } } }),
      },
    }),
  };
}

/** The cluster's position per area in one peer group: middle half, median, cluster, percentile. */
export function percentileChartConfig(model: ReportModel, groupIndex: number): ChartConfiguration {
  const g = model.peers.groups[groupIndex];
  const t = model.t;
  const labels = g.positions.map((p) => [
    ...wrapLabel(p.name, 13),
    p.percentile === null ? '' : `P${formatNumber(p.percentile, model.lang, 0)}`,
  ]);
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'line',
          label: t.cluster,
          data: g.positions.map((p) => p.cluster),
          showLine: false,
          pointStyle: 'circle',
          pointRadius: 4.5,
          pointBackgroundColor: PALETTE.navy,
          pointBorderColor: '#ffffff',
          pointBorderWidth: 1,
          borderColor: PALETTE.navy,
          backgroundColor: PALETTE.navy,
          order: 0,
        },
        {
          type: 'line',
          label: 'Median',
          data: g.positions.map((p) => p.median),
          showLine: false,
          pointStyle: 'line',
          pointRadius: 12,
          pointBorderWidth: 2,
          pointBorderColor: PALETTE.text,
          borderColor: PALETTE.text,
          backgroundColor: PALETTE.text,
          order: 1,
        },
        {
          type: 'bar',
          label: t.interquartile,
          data: g.positions.map((p) => [p.q1, p.q3]),
          backgroundColor: PALETTE.light,
          borderColor: PALETTE.grey,
          borderWidth: 1,
          barPercentage: 0.5,
          order: 2,
        },
      ],
    },
    options: baseOptions(g.title, {
      scales: {
        x: categoryAxis(),
        y: axis({ min: 0, max: 100, ticks: { stepSize: 25, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } } }),
      },
    }),
  } as ChartConfiguration;
}

/** Points per quality indicator of one area, with the Gold threshold marked. */
export function areaIndicatorsChartConfig(model: ReportModel, areaCode: string): ChartConfiguration {
  const area = model.areas.find((a) => a.code === areaCode);
  const rows = (area?.indicators ?? []).filter((i) => i.kind === 'quality');
  const t = model.t;
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.id),
      datasets: [
        {
          type: 'line',
          label: t.threshold,
          data: rows.map((r) => r.threshold),
          indexAxis: 'y',
          showLine: false,
          pointStyle: 'line',
          rotation: 90,
          pointRadius: 7,
          pointBorderWidth: 2.5,
          pointBorderColor: PALETTE.gold,
          borderColor: PALETTE.gold,
          backgroundColor: PALETTE.gold,
          order: 0,
        },
        {
          type: 'bar',
          label: t.points,
          data: rows.map((r) => r.points),
          backgroundColor: rows.map((r) => (r.minimumFailed ? PALETTE.red : r.thresholdMet ? PALETTE.navy : PALETTE.amber)),
          barPercentage: 0.7,
          order: 1,
        },
      ],
    },
    options: baseOptions('', {
      indexAxis: 'y',
      plugins: { title: { display: false }, legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        x: axis({ min: 0, max: 5, ticks: { stepSize: 1, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } } }),
        y: axis({ grid: { display: false } }),
      },
    }),
  } as ChartConfiguration;
}

/** The distribution of the Likert answers per statement, in % of its answers. */
export function likertChartConfig(model: ReportModel): ChartConfiguration {
  const rows = model.survey.likert;
  const t = model.t;
  const pct = (c: number, n: number) => (n === 0 ? 0 : Math.round((1000 * c) / n) / 10);
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.id),
      datasets: t.likert.map((label, k) => ({
        label,
        data: rows.map((r) => pct(r.counts[k], r.n)),
        backgroundColor: PALETTE.likert[k],
        barPercentage: 0.75,
      })),
    },
    options: baseOptions(t.likertChartTitle, {
      indexAxis: 'y',
      scales: {
        x: axis({ stacked: true, min: 0, max: 100, ticks: { stepSize: 20, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } } }),
        y: axis({ stacked: true, grid: { display: false } }),
      },
    }),
  };
}

/** The 0–10 recommendation question: detractors red, passives grey, promoters green. */
export function npsChartConfig(model: ReportModel): ChartConfiguration {
  const counts = model.survey.nps?.counts ?? Array.from({ length: 11 }, () => 0);
  const t = model.t;
  return {
    type: 'bar',
    data: {
      labels: counts.map((_, i) => String(i)),
      datasets: [
        {
          label: t.answers,
          data: counts,
          backgroundColor: counts.map((_, i) => (i <= 6 ? PALETTE.red : i <= 8 ? PALETTE.grey : PALETTE.green)),
          barPercentage: 0.8,
        },
      ],
    },
    options: baseOptions(`${t.npsChartTitle}${model.survey.nps ? ` · ${model.survey.nps.score}` : ''}`, {
      plugins: {
        title: {
          display: true,
          text: `${t.npsChartTitle}${model.survey.nps ? ` · ${model.survey.nps.score}` : ''}`,
          color: PALETTE.navy,
          font: { family: FONT_FAMILY, size: 10, weight: 'bold' },
          padding: { top: 0, bottom: 6 },
        },
        legend: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: axis({ grid: { display: false } }),
        y: axis({ min: 0, ticks: { precision: 0, color: PALETTE.text, font: { family: FONT_FAMILY, size: 8 } } }),
      },
    }),
  };
}

/** Every chart of the report, in page order. */
export function reportCharts(model: ReportModel): ReportChart[] {
  const charts: ReportChart[] = [{ id: 'areas', size: 'wide', config: areaChartConfig(model) }];
  for (const a of model.areas) charts.push({ id: `area-${a.code}`, size: 'area', config: areaIndicatorsChartConfig(model, a.code) });
  model.peers.groups.forEach((g, i) => charts.push({ id: `peers-${g.requested}`, size: 'half', config: percentileChartConfig(model, i) }));
  const progress = progressChartConfig(model);
  if (progress) charts.push({ id: 'progress', size: 'wide', config: progress });
  if (model.survey.run) {
    charts.push({ id: 'likert', size: 'wide', config: likertChartConfig(model) });
    if (model.survey.nps) charts.push({ id: 'nps', size: 'half', config: npsChartConfig(model) });
  }
  return charts;
}
