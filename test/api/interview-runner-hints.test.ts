/**
 * The interview runner's hints before any error (issue 16, item 5): the expected format, range and
 * unit of each value type from the framework and the catalogue in both languages; SRV-07's fields and
 * SRV-08's categories as checkboxes whose ticks give the count and come back with the note; the
 * indicator's documents linked to their checklist items with their status; the progress panel that
 * folds and the keyboard help that only the script shows.
 */
import { expect } from 'chai';
import { defaultFramework, type Indicator } from '../../questionnaires';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, pdf, suiteWithCast } from '../support/flow';
import { countList, inputHint } from '../../server/web/pages/interview';
import { joinListNote, splitListNote } from '../../server/services/noteText';
import { tokenIn } from '../support/pages';

const fw = defaultFramework();
const indicator = (id: string) => fw.definition.indicators.find((i) => i.id === id)!;

describe('the runner hints: from the framework definition and the catalogue', () => {
  it('gives every recordable value type but a choice of codes a hint, worded in each language', () => {
    const types = new Map<string, Indicator>();
    for (const i of fw.definition.indicators) if (!types.has(i.valueType)) types.set(i.valueType, i);
    for (const [type, ind] of types) {
      const [en, nb] = [inputHint(ind, 'en', false), inputHint(ind, 'nb', false)];
      if (type === 'code' || type.startsWith('survey_')) {
        expect(en, type).to.equal(null);
        continue;
      }
      expect(en, type).to.be.a('string').and.not.equal(nb);
      expect(nb, type)
        .to.be.a('string')
        .and.not.match(/\{\w+\}/);
    }
    expect(inputHint(indicator('STR-06'), 'en', false))
      .to.contain('One to three NACE Rev. 2 divisions')
      .and.contain('C26');
    expect(inputHint(indicator('STR-06'), 'nb', false)).to.contain('Én til tre NACE Rev. 2-næringer');
    expect(inputHint(indicator('STR-07'), 'en', false)).to.contain('NO08');
    // the unit and the maximum come from the framework
    expect(inputHint(indicator('STR-03'), 'en', false)).to.equal('A whole number, 0 or more (committed participants).');
    expect(inputHint(indicator('STR-03'), 'nb', false)).to.equal('Et helt tall, 0 eller mer (forpliktede deltakere).');
    expect(inputHint(indicator('SRV-08'), 'en', false)).to.equal('A whole number from 0 to 8 (service categories of the list C1–C8).');
    expect(inputHint(indicator('SRV-07'), 'en', true)).to.contain('at most 6');
    expect(inputHint(indicator('SRV-07'), 'nb', true)).to.contain('høyst 6');
  });

  it('lists SRV-07’s six fields and SRV-08’s eight categories, for those indicators only', () => {
    expect(countList(indicator('SRV-07'), 'en')?.map((x) => x.code)).to.deep.equal(['F1', 'F2', 'F3', 'F4', 'F5', 'F6']);
    expect(countList(indicator('SRV-08'), 'nb')?.map((x) => x.code)).to.deep.equal(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8']);
    expect(countList(indicator('SRV-07'), 'nb')?.[0].text).to.equal('Innovasjon og FoU-samarbeid');
    expect(countList(indicator('SRV-06'), 'en')).to.equal(null);
    expect(countList(indicator('STR-03'), 'en')).to.equal(null);
    // another framework's SRV-07 with another maximum is not this list
    expect(countList({ ...indicator('SRV-07'), maxValue: 5 }, 'en')).to.equal(null);
  });

  it('keeps the ticks at the start of the note and reads them back', () => {
    const codes = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'];
    expect(joinListNote(['F1', 'F3'], 'strategy p. 4')).to.equal('[F1 F3]\nstrategy p. 4');
    expect(joinListNote(['F2'], '')).to.equal('[F2]');
    expect(joinListNote([], 'text')).to.equal('text');
    expect(splitListNote('[F1 F3]\nstrategy p. 4\nsecond line', codes)).to.deep.equal({
      ticked: ['F1', 'F3'],
      text: 'strategy p. 4\nsecond line',
    });
    expect(splitListNote('[F2]', codes)).to.deep.equal({ ticked: ['F2'], text: '' });
    // a note of the assessor's own that starts with brackets is text
    for (const note of ['[F7] no such field', '[see D-01] page 4', '[F1 F3] on the same line', ''])
      expect(splitListNote(note, codes)).to.deep.equal({ ticked: [], text: note });
  });
});

describe(`the runner page: hints, counted lists, documents (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  let id = 0;
  const page = async (indicatorId: string, lang = 'en') =>
    (await expectStatus(suite.cast.agents.lead.get(`/assessments/${id}/interview?i=${indicatorId}&lang=${lang}`), 200)).text;
  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

  before(async () => {
    id = await createGoldAssessment(suite.cast);
  });

  it('shows the hint under the value’s legend and ties it to the inputs', async () => {
    const html = await page('STR-06');
    expect(html).to.match(/<p class="help input-hint" id="v-hint">One to three NACE Rev\. 2 divisions/);
    expect(html).to.match(/<input id="v-nace"[^>]* aria-describedby="v-hint">/);
    expect(await page('STR-06', 'nb')).to.contain('Én til tre NACE Rev. 2-næringer, hver med bokstaven');
    const pct = await page('STR-01');
    for (const input of ['v-pct', 'v-num', 'v-den'])
      expect(pct).to.match(new RegExp(`<input id="${input}"[^>]* aria-describedby="v-hint">`));
    expect(await page('SRV-06')).to.contain('A whole number, 0 or more (KPIs).');
    expect(await page('MGT-02')).to.contain('Full-time equivalents with at most two decimals');
    expect(await page('STR-02')).to.match(/role="radiogroup" aria-label="Maturity levels" aria-describedby="v-hint"/);
    // a choice of codes needs none
    expect(await page('MGT-07')).not.to.contain('id="v-hint"');
  });

  it('links the indicator’s documents to their checklist items, with their status and whether the points need them', async () => {
    const before = await page('MGT-06');
    expect(before).to.contain(`<a href="/assessments/${id}/checklist#D-07">D-07 Governance statute and organisation chart</a>`);
    expect(before).to.contain(`<a href="/assessments/${id}/checklist#D-08">D-08 Governing-body minutes</a>`);
    expect(before).to.match(
      /D-07 Governance[^<]*<\/a> <span class="badge doc-not_provided">Not provided<\/span> <span class="muted">\(required for the points\)/,
    );
    expect(before).to.match(
      /D-08 Governing-body minutes<\/a> <span class="badge doc-not_provided">Not provided<\/span> <span class="muted">\(supporting\)/,
    );
    await expectStatus(
      suite.cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', 'D-07').attach('file', pdf('D-07'), 'D-07.pdf'),
      201,
    );
    expect(await page('MGT-06')).to.match(/D-07 Governance[^<]*<\/a> <span class="badge doc-uploaded">/);
    expect(await page('MGT-06', 'nb')).to.contain('(kreves for poengene)');
    // an indicator without documents lists none
    expect(await page('INT-05')).not.to.contain('class="doc-mini"');
  });

  it('shows SRV-07’s fields as checkboxes; without JavaScript the ticks give the count and return with the note', async () => {
    const form = await page('SRV-07');
    expect(form.match(/<input type="checkbox" id="v-item-F\d" name="item" value="F\d" data-item>/g)).to.have.length(6);
    expect(form)
      .to.contain('Which of them apply?')
      .and.contain('Alignment with a named regional or national smart-specialisation strategy');
    expect((await page('SRV-08', 'nb')).match(/name="item"/g)).to.have.length(8);

    const res = await expectStatus(
      suite.cast.agents.lead
        .post(`/assessments/${id}/interview`)
        .type('form')
        .send(
          `_csrf=${tokenIn(form)}&indicator=SRV-07&version=${versionIn(form)}&item=F1&item=F3&item=F5&item=F9&count=&note=${encodeURIComponent('strategy p. 4')}`,
        ),
      303,
    );
    expect(res.headers.location).to.equal(`/assessments/${id}/interview?i=SRV-07`);
    const values = (await suite.cast.agents.lead.get(`/api/assessments/${id}/values`)).body.values as {
      indicatorId: string;
      value: unknown;
      note: string;
    }[];
    expect(values.find((v) => v.indicatorId === 'SRV-07')).to.include({ value: 3, note: '[F1 F3 F5]\nstrategy p. 4' });

    const again = await page('SRV-07');
    for (const code of ['F1', 'F3', 'F5']) expect(again).to.contain(`value="${code}" data-item checked>`);
    for (const code of ['F2', 'F4', 'F6']) expect(again).to.contain(`value="${code}" data-item>`);
    expect(again).to.match(/<textarea id="v-note"[^>]*>strategy p\. 4<\/textarea>/);
    expect(again).to.match(/<input id="v-count" name="count"[^>]*value="3"/);
  });

  it('reads the ticks of a value saved through the API (as the script sends it) and leaves a plain note alone', async () => {
    await expectStatus(suite.cast.agents.lead.put(`/api/assessments/${id}/values/SRV-08`).send({ value: 2, note: '[C2 C7]' }), 200);
    const html = await page('SRV-08');
    expect(html).to.contain('value="C2" data-item checked>').and.contain('value="C7" data-item checked>');
    expect(html).to.match(/<textarea id="v-note"[^>]*><\/textarea>/);
    await expectStatus(suite.cast.agents.lead.put(`/api/assessments/${id}/values/SRV-06`).send({ value: 4, note: '[see D-13] p. 2' }), 200);
    expect(await page('SRV-06')).to.match(/<textarea id="v-note"[^>]*>\[see D-13\] p\. 2<\/textarea>/);
  });

  it('folds the progress panel in a disclosure and leaves the keyboard help to the script', async () => {
    const html = await page('STR-01');
    expect(html).to.match(/<details class="runner-progress" id="runner-progress" open>\s*<summary>/);
    expect(html).to.contain('<p class="help keyboard" hidden>');
    const css = (await expectStatus(suite.cast.agents.lead.get('/static/app.css'), 200)).text;
    expect(css).to.match(/@media \(hover: none\), \(pointer: coarse\) \{\s*\.help\.keyboard \{\s*display: none;/);
  });
});
