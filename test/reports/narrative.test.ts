/**
 * Issue 18: the report built around the expert's narrative. With a narrative the summary page prints its
 * summary and the written strengths and weaknesses, each area page its comment, and the recommendations
 * chapter the lead's list (order, wording, own additions; dropped ones left out); without one, the
 * engine's list as before. The model carries it for the DOCX too.
 */
import { expect } from 'chai';
import { buildReportModel, renderReport } from '../../reports';
import type { NarrativeInput, ReportInput } from '../../reports/types';
import { FIXED_NOW } from './fixtures/context';
import { engineInput } from './fixtures/inputs';
import { pdfInfo, pdfText } from './poppler';

export const NARRATIVE: NarrativeInput = {
  summary:
    'Fjordtech runs a lean and member-driven cluster management whose services are valued by its members.\n\nThe next step is international reach: partners abroad and projects with them.',
  strengths: ['A written strategy reviewed every year with the members', 'Stable, diversified funding'],
  weaknesses: ['Few international partnerships'],
  areas: { STR: 'The core of the cluster is regional and committed.', INT: 'Contacts abroad are personal rather than institutional.' },
  indicators: { 'STR-04': 'Half the members sit outside the region.' },
  recommendations: [],
};

function withNarrative(input: ReportInput): ReportInput {
  const engine = input.score.recommendations;
  const recs: NarrativeInput['recommendations'] = [
    { indicator: null, text: 'Open a partner desk with a Gothenburg cluster in 2027.' },
    ...engine.slice(0, 2).map((r, i) => ({ indicator: r.indicator, text: `Lead's wording no. ${i + 1} for ${r.indicator}.` })),
    ...engine
      .slice(2, 3)
      .map((r) => ({ indicator: r.indicator, text: 'Dropped engine action.', dropped: { reason: 'Already done in 2026.' } })),
  ];
  return { ...input, context: { ...input.context, narrative: { ...NARRATIVE, recommendations: recs } } };
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('reports: the expert’s narrative', function () {
  this.timeout(60_000);
  const base = engineInput('example-1-gold');
  const input = withNarrative(base);

  it('is in the report model: summary paragraphs, lists, area comments, the lead’s recommendations', () => {
    expect(base.score.recommendations.length).to.be.greaterThan(2);
    const m = buildReportModel(input, 'en');
    expect(m.narrative!.summary).to.have.length(2);
    expect(m.narrative!.strengths).to.deep.equal(NARRATIVE.strengths);
    expect(m.narrative!.dropped).to.deep.equal([
      { indicator: base.score.recommendations[2].indicator, text: 'Dropped engine action.', reason: 'Already done in 2026.' },
    ]);
    expect(m.areas.find((a) => a.code === 'STR')!.comment).to.equal(NARRATIVE.areas.STR);
    expect(m.areas.find((a) => a.code === 'MGT')!.comment).to.equal(null);
    expect(m.recommendations.map((r) => [r.rank, r.indicator, r.fromEngine])).to.deep.equal([
      [1, '', false],
      [2, base.score.recommendations[0].indicator, true],
      [3, base.score.recommendations[1].indicator, true],
    ]);
    expect(m.recommendations[1].action).to.equal(`Lead's wording no. 1 for ${base.score.recommendations[0].indicator}.`);
    expect(m.recommendations[1].priority).to.equal(base.score.recommendations[0].priority);
    const plain = buildReportModel(base, 'en');
    expect(plain.narrative).to.equal(null);
    expect(plain.recommendations.map((r) => r.indicator)).to.deep.equal(base.score.recommendations.map((r) => r.indicator));
  });

  it('prints the summary and the lists on the summary page, the comments on the area pages, the lead’s list (en and nb)', async () => {
    for (const lang of ['en', 'nb'] as const) {
      const pdf = await renderReport(input, { lang, now: FIXED_NOW });
      const pages = Array.from({ length: Number(pdfInfo(pdf).Pages) }, (_, i) => flat(pdfText(pdf, i + 1)));
      const pageOf = (s: string) => pages.findIndex((p) => p.includes(s)) + 1;
      const summary = pageOf('Fjordtech runs a lean and member-driven');
      expect(summary, lang).to.be.greaterThan(0);
      expect(pages[summary - 1])
        .to.contain('international reach')
        .and.contain('Few international partnerships');
      expect(pages[summary - 1])
        .to.contain(lang === 'en' ? 'Strengths' : 'Styrker')
        .and.contain('Stable, diversified funding');
      const str = pageOf('The core of the cluster is regional and committed.');
      expect(pages[str - 1]).to.contain(lang === 'en' ? 'The assessors’ comment' : 'Bedømmernes kommentar');
      expect(pageOf('Contacts abroad are personal')).to.be.greaterThan(str);
      // the indicator comment under its indicator among the peer strips: the area's page or the one after
      expect(pageOf('Half the members sit outside the region.')).to.be.within(str, str + 1);
      const all = pages.join(' ');
      expect(all).to.contain('Open a partner desk with a Gothenburg cluster in 2027.');
      expect(all.indexOf('Open a partner desk')).to.be.lessThan(all.indexOf("Lead's wording no. 1"));
      expect(all.indexOf("Lead's wording no. 1")).to.be.lessThan(all.indexOf("Lead's wording no. 2"));
      expect(all).to.not.contain('Dropped engine action.');
      expect(all).to.not.contain('Already done in 2026.');
    }
  });
});
