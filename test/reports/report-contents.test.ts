/**
 * Issue 18, item 2, on the report itself: each indicator's percentile strip among its peer groups (PDF
 * and Word), the survey's free-text answers scrubbed, sorted and counted, and none under 3 answers (one
 * line says why), nothing of them from a print frozen before they were kept; the interview notes'
 * heading only when there are notes.
 */
import { expect } from 'chai';
import { renderReport } from '../../reports';
import { renderReportDocx } from '../../reports/docx/report';
import { buildReportModel } from '../../reports/model';
import { collectVerbatims, REMOVED, scrub } from '../../reports/verbatims';
import { docxText } from '../support/office';
import { FIXED_NOW } from './fixtures/context';
import { NARRATED, narratedInput } from './fixtures/narrated';
import { pdfText } from './poppler';

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('report contents: percentile strips, verbatims, action plan, appendix', function () {
  this.timeout(60_000);

  it('scrubs e-mail addresses, phone numbers and links, and keeps years and short numbers', () => {
    expect(scrub(`  Mail ${NARRATED.email}\nor call ${NARRATED.phone}  `)).to.equal(`Mail ${REMOVED} or call ${REMOVED}`);
    expect(scrub('See https://survey.example/s/abc123?t=x now')).to.equal(`See ${REMOVED} now`);
    expect(scrub('Call 22 33 44 55 or 0047 22334455')).to.equal(`Call ${REMOVED} or ${REMOVED}`);
    expect(scrub('The 2024-2026 strategy; 12 events, 150 members')).to.equal('The 2024-2026 strategy; 12 events, 150 members');
    expect(scrub(`${NARRATED.email}`)).to.equal('');
  });

  it('collects the valid responses’ answers sorted by their text, identical ones once with their number, none under 3', () => {
    const input = narratedInput();
    const [v] = input.context.verbatims!;
    expect(v.question).to.equal('Q15');
    expect(v.answered).to.equal(5);
    expect(v.answers.map((a) => a.text)).to.deep.equal([
      'A shared lab for prototypes.',
      'More matchmaking events with research partners.',
      `Please call me on ${REMOVED} about the events`,
      `Write to ${REMOVED} with the minutes.`,
    ]);
    expect(v.answers[1].count).to.equal(2);
    // an invalid response (too few statements answered) does not count
    const few = collectVerbatims(input.framework, [
      { Q7: 4, Q8: 4, Q9: 4, Q10: 4, Q15: 'One' },
      { Q7: 4, Q8: 4, Q9: 4, Q10: 4, Q15: 'Two' },
      { Q7: 4, Q15: 'Three, but not valid' },
    ]);
    expect(few).to.deep.equal([{ question: 'Q15', answered: 2, answers: [] }]);
  });

  it('prints the strips, the verbatims and the plan in the PDF and the Word report; under 3 answers one line and none', async () => {
    const input = narratedInput();
    const pdf = flat(pdfText(await renderReport(input, { lang: 'en', now: FIXED_NOW })));
    const model = buildReportModel(input, 'en');
    const str04 = model.areas[0].indicators.find((r) => r.id === 'STR-04')!;
    expect(str04.peers.map((p) => p.key)).to.include('all');
    expect(model.areas[0].peerGroups[0]).to.deep.equal({ key: 'all', label: 'All benchmarked clusters' });
    const strip = flat(str04.peers[0].text);
    expect(strip).to.match(/^P\d{1,3} of \d+ · median /);
    for (const s of [
      'Position of each indicator among its peers',
      strip,
      `The assessors’ comment: ${NARRATED.indicatorComment}`,
      'Please call me on [removed] about the events',
      'More matchmaking events with research partners. (2 answers)',
      NARRATED.due,
      NARRATED.added,
    ])
      expect(pdf, s).to.contain(s);
    expect(pdf).not.to.contain(NARRATED.email);
    expect(pdf).not.to.contain('912 34 567');
    const docx = flat(await docxText(await renderReportDocx(input, { lang: 'nb', now: FIXED_NOW })));
    const nbModel = buildReportModel(input, 'nb');
    for (const s of [
      'Hver indikators plassering blant sammenlignbare klynger',
      nbModel.areas[0].indicators.find((r) => r.id === 'STR-04')!.peers[0].text.replace(/\s+/g, ' '),
      NARRATED.indicatorComment,
      'Please call me on [fjernet] about the events',
      '(2 svar)',
      'Handlingsplan',
      NARRATED.owner,
      NARRATED.due,
    ])
      expect(docx, s).to.contain(s);

    const two = narratedInput('example-1-gold', ['Only one.', 'Only two.']);
    const twoPdf = flat(pdfText(await renderReport(two, { lang: 'en', now: FIXED_NOW })));
    expect(twoPdf).to.contain('Fewer than 3 participants answered this question');
    expect(twoPdf).not.to.contain('Only one.');
    const twoDocx = await docxText(await renderReportDocx(two, { lang: 'en', now: FIXED_NOW }));
    expect(twoDocx).to.contain('Fewer than 3 participants answered this question');
    expect(twoDocx).not.to.contain('Only two.');
  });

  it('prints no verbatims from a print frozen before they were kept, and no strips without peer figures', async () => {
    const input = narratedInput();
    const old = { ...input, context: { ...input.context, verbatims: undefined }, peers: { ...input.peers, indicators: {} } };
    const text = flat(pdfText(await renderReport(old, { lang: 'en', now: FIXED_NOW })));
    expect(text).not.to.contain('own words');
    expect(text).not.to.contain('Position of each indicator');
    // the indicator comment is still printed under its indicator
    expect(text).to.contain(NARRATED.indicatorComment);
  });

  it('has the interview notes’ heading only with notes, and no page saying there are none', async () => {
    const input = narratedInput();
    const decision = { decidedBy: 'Berit Lund', decidedAt: '2026-03-20T10:00:00.000Z', justification: 'All accepted.', confirmations: [] };
    const none = { ...input, context: { ...input.context, interviewNotes: {}, decision } };
    const text = flat(pdfText(await renderReport(none, { lang: 'en', now: FIXED_NOW })));
    expect(text).to.contain('Decided by Berit Lund');
    expect(text).not.to.contain('Interview notes');
    expect(text).not.to.contain('No interview notes were recorded');
    const withNotes = { ...input, context: { ...input.context, interviewNotes: { 'STR-01': 'Members meet monthly.' }, decision } };
    const notes = flat(pdfText(await renderReport(withNotes, { lang: 'en', now: FIXED_NOW })));
    expect(notes).to.contain('Interview notes');
    expect(notes).to.contain('Members meet monthly.');
  });
});
