/**
 * The second framework (fixtures/frameworks/bw-style-1.0.0.json: Gold at 80 of 100 points, five
 * minimums) reads its own rules in the report: its Gold total and its minimum count, never the
 * default framework's 120 points and nine minimums.
 */
import { expect } from 'chai';
import bwJson from '../../fixtures/frameworks/bw-style-1.0.0.json';
import { loadFramework, type LoadedFramework } from '../../questionnaires';
import { buildReportModel, renderReport } from '../../reports';
import { demoPeerComparison } from '../../reports/demo-peers';
import type { ReportInput } from '../../reports/types';
import { score } from '../../scoring';
import { lowestValueFor } from '../../scoring/bands';
import { context, FIXED_NOW } from './fixtures/context';
import { pdfText } from './poppler';

const flat = (s: string) => s.replace(/\s+/g, ' ');

/** Every quality indicator at its Gold threshold: 72 points, below the framework's 80. */
export function bwAtThresholds(fw: LoadedFramework) {
  const def = fw.definition;
  const values: Record<string, unknown> = {};
  for (const i of def.indicators) {
    if (i.kind === 'profile') values[i.id] = i.valueType === 'nuts' ? { nuts: ['DE11'] } : i.valueType === 'code' ? i.codes![0] : 1000;
    else if (!i.surveyQuestions) {
      const target = lowestValueFor(def, i, i.scoring!.goldThreshold)!.value;
      values[i.id] = typeof target === 'string' ? Number(target.slice(1)) : target;
    }
  }
  const likert = Object.fromEntries(def.survey.questions.filter((q) => q.answer === 'likert').map((q) => [q.id, 4]));
  const yesNo = Object.fromEntries(def.survey.questions.filter((q) => q.answer === 'yes_no').map((q) => [q.id, true]));
  return {
    framework: def.id,
    requestedLabel: 'gold',
    interviewDate: '2026-05-20',
    onSite: true,
    cluster: { name: 'Neckar Mobility (fictional)', country: 'DE' },
    values,
    survey: { invited: 20, responses: Array.from({ length: 12 }, () => ({ ...likert, ...yesNo })) },
    documents: Object.fromEntries(def.checklist.map((c) => [c.id, 'accepted'])),
    assessors: [
      { role: 'lead', certification: 'gold', country: 'DE' },
      { role: 'co', certification: 'gold', country: 'CH' },
    ],
    reconciliationSigned: true,
  };
}

describe("reports: the second framework's own thresholds and minimum count", () => {
  const fw = loadFramework(bwJson);
  const s = score(fw, bwAtThresholds(fw), { asOf: '2026-05-20' });
  const ctx = {
    ...context,
    interviewDate: '2026-05-20',
    certificate: null,
    documents: fw.definition.checklist.map((c) => ({ id: c.id, status: 'accepted' as const })),
  };
  const input: ReportInput = { score: s, framework: fw, context: ctx, peers: demoPeerComparison(s, fw, ctx.cluster) };

  it('is scored below its own Gold total (the premise)', () => {
    expect(fw.definition.labelRules.gold!.minTotal).to.equal(80);
    expect(s.total.points).to.be.below(80);
    expect(s.label.awarded).to.equal(null);
  });

  it('names its Gold total and its minimum count in the model, in English and bokmål', () => {
    const en = buildReportModel(input, 'en');
    expect(en.checks.map((c) => [c.rule, c.name])).to.deep.include.members([
      ['G2', 'All 5 minimums met'],
      ['G3', 'At least 80 points'],
    ]);
    expect(en.checks.find((c) => c.rule === 'G3')!.detail).to.equal(`T = ${s.total.points} < 80`);
    expect(en.summary.paragraphs.join(' ')).to.include('Gold requires at least 80 of 100 points');
    const nb = buildReportModel(input, 'nb');
    expect(nb.checks.map((c) => [c.rule, c.name])).to.deep.include.members([
      ['G2', 'Alle 5 minstekrav oppfylt'],
      ['G3', 'Minst 80 poeng'],
    ]);
    expect(nb.summary.paragraphs.join(' ')).to.include('Gull krever minst 80 av 100 poeng');
  });

  it("prints them in the PDF, and nothing of the default framework's 120 points or nine minimums", async () => {
    const en = flat(pdfText(await renderReport(input, { lang: 'en', now: FIXED_NOW })));
    expect(en).to.include('At least 80 points').and.include('All 5 minimums met').and.include(`T = ${s.total.points} < 80`);
    for (const other of ['120', 'nine', 'At least 72']) expect(en, other).not.to.include(other);
    const nb = flat(pdfText(await renderReport(input, { lang: 'nb', now: FIXED_NOW })));
    expect(nb).to.include('Minst 80 poeng').and.include('Alle 5 minstekrav oppfylt');
    for (const other of ['120', ' ni ']) expect(nb, other).not.to.include(other);
  });
});
