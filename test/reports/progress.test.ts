/**
 * The report's chapter "Progress since the last benchmarking": present after the peer comparison
 * only when the input carries progress (then the later chapters move one number on), absent otherwise
 * (the chapters and their numbers stay as they were), in English and Norwegian.
 */
import { expect } from 'chai';
import { renderReport } from '../../reports';
import { progressChartConfig } from '../../reports/charts';
import { buildReportModel } from '../../reports/model';
import type { ReportInput } from '../../reports/types';
import { progressBetween } from '../../scoring/progress';
import { FIXED_NOW } from './fixtures/context';
import { engineInput } from './fixtures/inputs';
import { pdfText } from './poppler';

const flat = (s: string) => s.replace(/\s+/g, ' ');
/** a change as the report writes it, with a real minus sign */
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');

function withProgress(): ReportInput {
  const now = engineInput('example-1-gold');
  const before = engineInput('example-2-bronze-fallback').score;
  const progress = progressBetween(
    before,
    now.score,
    { previous: { total: 35.5, 'area:STR': 20 }, current: { total: 81, 'area:STR': 64.5 }, clusters: 130, source: 'test' },
    { previousAssessmentId: 1 },
  );
  return { ...now, progress };
}

describe('reports: progress since the last benchmarking', () => {
  const input = withProgress();
  const p = input.progress!;

  it('the model words the progress and puts its chapter after the peer comparison', () => {
    const m = buildReportModel(input, 'en');
    expect(m.sections.indexOf('progress')).to.equal(m.sections.indexOf('peers') + 1);
    expect(p.total.pointsChange).to.not.equal(0);
    expect(m.progress!.total.change).to.equal(signed(p.total.pointsChange!));
    expect(m.progress!.total).to.include({ percentileThen: 'P35.5', percentileNow: 'P81', percentileChange: '+45.5' });
    expect(m.progress!.areas.find((a) => a.key === 'STR')!.percentileChange).to.equal('+44.5');
    const chart = progressChartConfig(m)!;
    expect(chart.data.datasets.map((d) => d.data)).to.deep.equal([p.areas.map((a) => a.previousPercent), p.areas.map((a) => a.percent)]);
    // the summary's pointer to the recommendations follows the numbering
    const plain = buildReportModel(engineInput('example-1-gold'), 'en');
    expect(plain.progress).to.equal(null);
    expect(plain.sections).to.not.include('progress');
    expect(progressChartConfig(plain)).to.equal(null);
    if (m.summary.chapterNote) expect(m.summary.chapterNote).to.not.equal(plain.summary.chapterNote);
  });

  it('prints the chapter with its tables, listed in the contents (en)', async () => {
    const text = flat(pdfText(await renderReport(input, { lang: 'en', now: FIXED_NOW })));
    expect(text.split('Progress since the last benchmarking').length - 1).to.be.at.least(2);
    expect(text).to.include('5 Progress since the last benchmarking');
    expect(text).to.include('9 Path to the next label');
    expect(text).to.include('Points by area, % of maximum: last and this benchmarking');
    expect(text).to.include('By area');
    expect(text).to.include('By indicator');
    expect(text).to.include(
      `Total: ${p.total.previousPoints} → ${p.total.points} points (${signed(p.total.pointsChange!)}); peer percentile P35.5 → P81.`,
    );
    expect(text).to.include('all benchmarked clusters in the benchmark database as it stands for this benchmarking (130 clusters)');
  });

  it('prints it in Norwegian, with no English', async () => {
    const text = flat(pdfText(await renderReport(input, { lang: 'nb', now: FIXED_NOW })));
    expect(text).to.include('5 Framgang siden forrige benchmarking');
    expect(text).to.include('Per område');
    expect(text).to.include('Per indikator');
    expect(text).to.include('persentil i sammenligningsgruppen P35,5 → P81');
    for (const en of ['Progress since', 'By area', 'By indicator', 'Then', 'Peer percentile', 'This benchmarking'])
      expect(text).to.not.include(en);
  });

  it('a report without progress keeps its chapters and numbers', async () => {
    const text = flat(pdfText(await renderReport(engineInput('example-1-gold'), { lang: 'en', now: FIXED_NOW })));
    expect(text).to.not.include('Progress since the last benchmarking');
    expect(text).to.include('8 Path to the next label');
  });
});
