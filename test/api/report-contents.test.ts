/**
 * Issue 18, item 2: the report built around the expert's narrative, on both databases. The lead's
 * narrative (summary, a strength, a weakness, an area and an indicator comment, recommendations with an
 * owner and a due date, one dropped), the participants' free-text suggestions (Q15: an e-mail address and
 * a phone number removed, identical answers once with their number) and the action plan appear in the
 * released PDF (pdftotext), the Word report (word/document.xml) and the action plan workbook (exceljs),
 * in English and bokmål; owner and due date are validated (400, nothing changed); an appendix without
 * interview notes has no notes heading.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { release } from '../support/decided';
import { expectStatus, goldInReview, JUSTIFIED, suiteWithCast } from '../support/flow';
import { binary, docxText, sheetRows } from '../support/office';
import { pdfText } from '../reports/poppler';

const EMAIL = 'kari.nordmann@example.no';
const PHONE = '+47 912 34 567';
const OWNER = 'Kari N.';
const DUE = '2027-06-30';

describe(`the report built around the narrative: verbatims and the action plan (${testDialect})`, function () {
  this.timeout(240_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  let engine: { indicator: string }[];
  const narrative = () => ({
    summary: 'Fjordtech runs a lean, member-driven cluster management.',
    strengths: ['Members trust the secretariat'],
    weaknesses: ['Few international partnerships'],
    areas: { STR: 'The strategy is written down and reviewed yearly.' },
    indicators: { 'STR-04': 'Two large members left; the regional core should be rebuilt.' },
    recommendations: [
      { indicator: engine[0].indicator, text: 'Meet every member once a year.', owner: OWNER, due: DUE },
      { indicator: null, text: 'Hold a strategy seminar with the board.', owner: 'The board' },
      ...engine.slice(1).map((r) => ({ indicator: r.indicator, text: `Dropped ${r.indicator}.`, dropped: { reason: 'Not this year.' } })),
    ],
  });

  before(async () => {
    ({ id } = await goldInReview(suite.cast));
    // two participants wrote contact details into their suggestion (Q15 is not scored: the score stays)
    const knex = suite.t.db.knex;
    const rows = await knex('survey_responses').orderBy('id').select('id', 'answers');
    const valid = rows.filter((r) => ['Q7', 'Q8', 'Q9', 'Q10'].every((q) => Number.isInteger(JSON.parse(r.answers)[q])));
    const set = (r: { id: number; answers: string }, q15: string) =>
      knex('survey_responses')
        .where({ id: r.id })
        .update({ answers: JSON.stringify({ ...JSON.parse(r.answers), Q15: q15 }) });
    await set(valid[0], `  Write to ${EMAIL} with the minutes  `);
    await set(valid[1], `Call me on ${PHONE} about the events.`);
    engine = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/narrative`), 200)).body.engine;
    expect(engine.length, 'the example has recommendations').to.be.greaterThan(1);
  });

  it('refuses a due date that is no date or no day, and an owner over 120 characters (400, nothing stored)', async () => {
    const { agents } = suite.cast;
    const put = (over: Record<string, unknown>) => {
      const b = narrative();
      b.recommendations[0] = { ...b.recommendations[0], ...over };
      return agents.lead.put(`/api/assessments/${id}/narrative`).send({ ...b, version: 0 });
    };
    for (const bad of [{ due: '2027-02-30' }, { due: '30.06.2027' }, { due: 20270630 }, { owner: 'x'.repeat(121) }]) {
      const res = await expectStatus(put(bad), 400);
      expect(res.body.error.code, JSON.stringify(bad)).to.be.a('string');
    }
    const stored = await expectStatus(agents.lead.get(`/api/assessments/${id}/narrative`), 200);
    expect(stored.body).to.include({ version: 0, seeded: true });
    const ok = await expectStatus(put({}), 200);
    expect(ok.body.narrative.recommendations[0]).to.include({ owner: OWNER, due: DUE });
    expect(ok.body.narrative.recommendations[1]).to.include({ owner: 'The board' }).and.not.have.property('due');
  });

  it('prints the narrative, the verbatims without contact details and the action plan in the released PDF (en, nb)', async () => {
    const { agents } = suite.cast;
    await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
    await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
    await release(suite.cast, id);
    const en = pdfText((await expectStatus(binary(agents.lead.get(`/api/assessments/${id}/report.pdf?lang=en`)), 200)).body);
    const flat = en.replace(/\s+/g, ' ');
    for (const s of [
      'Fjordtech runs a lean, member-driven cluster management.',
      'Members trust the secretariat',
      'The strategy is written down and reviewed yearly.',
      'Two large members left; the regional core should be rebuilt.',
      'Suggestions for improvement in the participants’ own words',
      'Write to [removed] with the minutes',
      'Call me on [removed] about the events.',
      'More matchmaking events with research partners. (',
      'Action plan',
      'Meet every member once a year.',
      'Hold a strategy seminar with the board.',
      DUE,
      OWNER,
    ])
      expect(flat, s).to.contain(s);
    expect(flat).not.to.contain(EMAIL);
    expect(flat).not.to.contain('912 34 567');
    expect(flat).not.to.contain('Dropped ');
    // the action plan closes the numbered chapters, the appendix follows; no notes were taken: no notes heading
    expect(flat.lastIndexOf('Action plan')).to.be.greaterThan(flat.lastIndexOf('Path to the next label'));
    expect(flat).not.to.contain('Interview notes');
    expect(flat).not.to.contain('No interview notes were recorded');
    const nb = pdfText((await expectStatus(binary(agents.lead.get(`/api/assessments/${id}/report.pdf?lang=nb`)), 200)).body).replace(
      /\s+/g,
      ' ',
    );
    for (const s of [
      'Handlingsplan',
      'Forslag til forbedring med deltakernes egne ord',
      'Write to [fjernet] with the minutes',
      'svar)',
      DUE,
    ])
      expect(nb, s).to.contain(s);
    expect(nb).not.to.contain('[removed]');
    expect(nb).not.to.contain('Action plan');
  });

  it('has the same in the Word report and the owner and due date in the action plan workbook', async () => {
    const { agents } = suite.cast;
    const text = await docxText((await expectStatus(binary(agents.lead.get(`/api/assessments/${id}/report.docx?lang=en`)), 200)).body);
    for (const s of [
      'Fjordtech runs a lean, member-driven cluster management.',
      'Members trust the secretariat',
      'The strategy is written down and reviewed yearly.',
      'Two large members left; the regional core should be rebuilt.',
      'Write to [removed] with the minutes',
      'More matchmaking events with research partners. (',
      '9  Action plan',
      OWNER,
      DUE,
    ])
      expect(text, s).to.contain(s);
    expect(text).not.to.contain(EMAIL);
    expect(text).not.to.contain('912 34 567');
    expect(text).not.to.contain('Interview notes');
    const rows = await sheetRows(
      (await expectStatus(binary(agents.lead.get(`/api/assessments/${id}/action-plan.xlsx?lang=en`)), 200)).body,
    );
    const header = rows[0] as string[];
    const owner = header.indexOf('Owner');
    const due = header.indexOf('Due date');
    expect(rows).to.have.length(3); // the header, the lead's two actions (the dropped ones left out)
    expect(rows[1][owner]).to.equal(OWNER);
    expect((rows[1][due] as Date).toISOString().slice(0, 10)).to.equal(DUE);
    expect(rows[2][owner]).to.equal('The board');
    expect(rows[2][due] ?? null).to.equal(null);
  });
});
