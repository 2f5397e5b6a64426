/**
 * The report shows the label checks that decided (the requested label's and, when it was not
 * awarded, the fallback's), and its advice names the documents that hold points down (issue 14, hole 7).
 */
import { expect } from 'chai';
import { defaultFramework } from '../../questionnaires';
import { buildReportModel, renderReport } from '../../reports';
import { demoPeerComparison } from '../../reports/demo-peers';
import type { ReportInput } from '../../reports/types';
import { score } from '../../scoring';
import { context, FIXED_NOW } from './fixtures/context';
import { engineInput, evidence } from './fixtures/inputs';
import { pdfText } from './poppler';

const flat = (s: string) => s.replace(/\s+/g, ' ');

/** Example 1 (Gold at 120) with some document statuses replaced. */
function goldWithDocuments(documents: Record<string, string>): ReportInput {
  const framework = defaultFramework();
  const ev = evidence('example-1-gold') as Record<string, any>;
  const s = score(framework, { ...ev, documents: { ...ev.documents, ...documents } }, { asOf: ev.interviewDate });
  const ctx = { ...context, certificate: s.label.awarded ? context.certificate : null };
  return { score: s, framework, context: ctx, peers: demoPeerComparison(s, framework, ctx.cluster) };
}

describe('reports: the checks that decided the label', () => {
  it('a Gold request awarded Gold shows Gold’s checks, not Silver’s S1/S4 as “Not met” (model and PDF)', async () => {
    const input = engineInput('example-1-gold');
    expect(input.score.label.checks.filter((c) => !c.passed).map((c) => c.rule)).to.include.members(['S1', 'S4']);
    for (const lang of ['en', 'nb'] as const) {
      expect(
        buildReportModel(input, lang).checks.map((c) => c.rule),
        lang,
      ).to.deep.equal(['G1', 'G2', 'G3', 'G4', 'G5']);
    }
    const text = flat(pdfText(await renderReport(input, { lang: 'en', now: FIXED_NOW })));
    expect(text).to.include('At least 120 points');
    for (const silver of ['18–24 months since the last label', 'Three validated improvement areas', 'no earlier label'])
      expect(text, silver).not.to.include(silver);
  });

  it('a Bronze request shows Bronze’s checks and says nothing of Gold’s 120 points outside the path (model and PDF)', async () => {
    const input = engineInput('example-3-no-label');
    expect(input.score.label.requested).to.equal('bronze');
    const model = buildReportModel(input, 'en');
    expect(model.checks.map((c) => c.rule)).to.deep.equal(['B1', 'B2', 'B3', 'E1', 'E2', 'E3', 'E4']);
    expect(model.summary.paragraphs.join(' ')).not.to.match(/Gold requires/);
    expect(model.paths.map((p) => p.title)).to.include('Path to Gold');
    const text = flat(pdfText(await renderReport(input, { lang: 'en', now: FIXED_NOW })));
    for (const gold of ['At least 120 points', 'Gold requires at least 120']) expect(text, gold).not.to.include(gold);
    const nb = flat(pdfText(await renderReport(input, { lang: 'nb', now: FIXED_NOW })));
    for (const gold of ['Minst 120 poeng', 'Gull krever minst 120']) expect(nb, gold).not.to.include(gold);
  });

  it('a Gold request still says what Gold requires', () => {
    expect(buildReportModel(engineInput('example-1-gold'), 'en').summary.paragraphs.join(' ')).to.include(
      'Gold requires at least 120 of 150 points',
    );
  });
});

describe('reports: advice names the documents holding points down', () => {
  it('SRV-08 at 7 with D-03 and D-11 not accepted: “Have D-03 and D-11 accepted”, target 7, in en and nb', () => {
    const input = goldWithDocuments({ 'D-03': 'rejected', 'D-11': 'uploaded' });
    const en = buildReportModel(input, 'en');
    const nb = buildReportModel(input, 'nb');
    expect(en.recommendations.find((r) => r.indicator === 'SRV-08')!.action).to.equal('Have D-03 and D-11 accepted');
    expect(nb.recommendations.find((r) => r.indicator === 'SRV-08')!.action).to.equal('Få D-03 og D-11 godkjent');
    const paths = (m: typeof en) => m.paths.flatMap((p) => p.improvements).filter((i) => i.indicator === 'SRV-08');
    expect(paths(en)).to.have.length.greaterThan(0);
    for (const im of paths(en)) expect([im.targetValue, im.action]).to.deep.equal(['7', 'Have D-03 and D-11 accepted']);
    for (const im of paths(nb)) expect([im.targetValue, im.action]).to.deep.equal(['7', 'Få D-03 og D-11 godkjent']);
    expect(en.recommendations.map((r) => r.action).join(' ')).not.to.include('Build the service portfolio out');
  });

  it('the PDF’s recommended actions say so too', async () => {
    const text = pdfText(await renderReport(goldWithDocuments({ 'D-03': 'rejected', 'D-11': 'uploaded' }), { lang: 'en', now: FIXED_NOW }));
    const actions = flat(text.slice(text.lastIndexOf('Recommended actions')));
    expect(actions).to.match(/SRV-08 7 0 4 4 × 3 = 12 \+4 Have D-03 and D-11 accepted/);
    expect(actions).not.to.include('Build the service portfolio out');
  });

  it('D-11 not provided: “Provide D-11 and have it accepted” / “Last opp D-11 og få det godkjent”', () => {
    const input = goldWithDocuments({ 'D-11': 'not_provided' });
    expect(buildReportModel(input, 'en').recommendations.find((r) => r.indicator === 'SRV-08')!.action).to.equal(
      'Provide D-11 and have it accepted',
    );
    expect(buildReportModel(input, 'nb').recommendations.find((r) => r.indicator === 'SRV-08')!.action).to.equal(
      'Last opp D-11 og få det godkjent',
    );
  });

  it('a level held by D-08 (§1.3.2): the explanation in nb says so, the action asks for D-08', () => {
    const input = goldWithDocuments({ 'D-08': 'rejected' });
    const nb = buildReportModel(input, 'nb');
    const srv05 = nb.areas.flatMap((a) => a.indicators).find((r) => r.id === 'SRV-05')!;
    expect(srv05.explanation).to.equal(
      'L4 er registrert, men dokumentet D-08, som nivåkravene viser til, er ikke godkjent, så den teller som L2: 2 av 5 poeng; gullterskelen (4 poeng) er ikke nådd.',
    );
    expect(nb.recommendations.find((r) => r.indicator === 'SRV-05')!.action).to.equal('Få D-08 godkjent');
    expect(buildReportModel(input, 'en').recommendations.find((r) => r.indicator === 'SRV-05')!.action).to.equal('Have D-08 accepted');
  });
});
