/**
 * Issue 18, item 4: the editable exports. report.docx has the report's chapters, the cluster and the
 * recommendations (its word/document.xml, unzipped); action-plan.xlsx read back with exceljs has the
 * header and a row per recommendation; both are read as report.pdf is (the manager only after the
 * release) and after the release come from the print frozen at release.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { catalogue } from '../../messages';
import { testDialect } from '../support/db';
import { decideExample1, release } from '../support/decided';
import { expectStatus, goldInReview, suiteWithCast } from '../support/flow';
import { binary, docxText, sheetRows } from '../support/office';

describe(`editable exports: report.docx and action-plan.xlsx (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  let recs: { indicator: string; gap: number; priority: number }[];
  const get = (who: 'lead' | 'co' | 'manager' | 'otherManager' | 'admin', path: string) =>
    binary(suite.cast.agents[who].get(`/api/assessments/${id}/${path}`));

  before(async () => {
    ({ id } = await decideExample1(suite.cast));
    recs = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/score`), 200)).body.recommendations;
    expect(recs.length, 'the example has recommendations').to.be.greaterThan(0);
  });

  it('refuses the manager before the release and another cluster’s manager always (404); a bad lang is a 400', async () => {
    for (const path of ['report.docx', 'action-plan.xlsx']) {
      await expectStatus(get('manager', path), 403);
      await expectStatus(get('otherManager', path), 404);
      const bad = await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/${path}?lang=de`), 400);
      expect(bad.body.error.code).to.be.a('string');
    }
    await expectStatus(suite.cast.agents.lead.get(`/api/assessments/999999/report.docx`), 404);
  });

  it('gives the lead a Word report with the chapters, the cluster and the recommendations, as an attachment', async () => {
    const res = await expectStatus(get('lead', 'report.docx?lang=en'), 200);
    expect(res.headers['content-type']).to.contain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).to.equal(`attachment; filename="clustermark-report-${id}-en.docx"`);
    const text = await docxText(res.body as Buffer);
    const c = catalogue('en');
    for (const chapter of [c.summary, c.checks, c.areaOverview, c.peers, c.survey, c.documents, c.recommendedActions, c.path, c.appendix])
      expect(text, chapter).to.contain(chapter);
    expect(text).to.contain('Isarsensor Cluster');
    for (const r of recs) expect(text, r.indicator).to.contain(r.indicator);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const images = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(images.length, 'charts as images').to.be.greaterThan(5);
  });

  it('gives an action plan with a row per recommendation, in English and in Norwegian', async () => {
    const res = await expectStatus(get('co', 'action-plan.xlsx?lang=en'), 200);
    expect(res.headers['content-type']).to.contain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).to.equal(`attachment; filename="clustermark-action-plan-${id}-en.xlsx"`);
    const rows = await sheetRows(res.body as Buffer);
    const en = catalogue('en');
    expect(rows[0]).to.include.members([
      en.indicator,
      en.actionPlanOwner,
      en.actionPlanDue,
      en.actionPlanGap,
      en.priority,
      en.actionPlanGain,
    ]);
    expect(rows.slice(1).map((r) => r[1])).to.deep.equal(recs.map((r) => r.indicator));
    const col = (h: string) => (rows[0] as string[]).indexOf(h);
    rows.slice(1).forEach((r, i) => {
      expect(r[col(en.actionPlanGap)]).to.equal(recs[i].gap);
      expect(r[col(en.priority)]).to.equal(recs[i].priority);
      expect(r[col(en.actionPlanOwner)] ?? '').to.equal('');
      expect(r[col(en.actionPlanDue)] ?? null).to.equal(null);
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).to.equal(true);

    const nb = await sheetRows((await expectStatus(get('lead', 'action-plan.xlsx?lang=nb'), 200)).body as Buffer);
    const c = catalogue('nb');
    expect(nb[0]).to.include.members(['Indikator', 'Ansvarlig', 'Frist', c.actionPlanGap, c.actionPlanGain]);
    expect(nb[0]).not.to.include.members([en.actionPlanOwner, en.actionPlanDue]);
    expect(nb.length).to.equal(recs.length + 1);
  });

  it('gives the Norwegian Word report in Norwegian', async () => {
    const text = await docxText((await expectStatus(get('lead', 'report.docx?lang=nb'), 200)).body as Buffer);
    const c = catalogue('nb');
    for (const chapter of [c.summary, c.recommendedActions, c.appendix]) expect(text, chapter).to.contain(chapter);
    expect(text).not.to.contain(catalogue('en').recommendedActions);
  });

  it('links both from the score page and the assessment page, in the page’s language', async () => {
    for (const page of [`/assessments/${id}/score?lang=nb`, `/assessments/${id}?lang=nb`]) {
      const html = (await expectStatus(suite.cast.agents.lead.get(page), 200)).text;
      expect(html, page).to.contain(`href="/api/assessments/${id}/report.docx?lang=nb"`);
      expect(html, page).to.contain(`href="/api/assessments/${id}/action-plan.xlsx?lang=nb"`);
      expect(html, page).to.contain(catalogue('nb').downloadActionPlan);
    }
  });

  it('prints the expert’s narrative: the summary, strengths and weaknesses, the area comment, the lead’s recommendations', async () => {
    const { agents } = suite.cast;
    const { id: draft } = await goldInReview(suite.cast);
    const seed = (await expectStatus(agents.lead.get(`/api/assessments/${draft}/narrative`), 200)).body;
    const [first, second, ...rest] = seed.narrative.recommendations;
    await expectStatus(
      agents.lead.put(`/api/assessments/${draft}/narrative`).send({
        version: seed.version,
        summary: 'Isarsensor runs a lean, member-driven cluster management.\n\nIts board meets monthly.',
        strengths: ['A clear strategy with measurable goals'],
        weaknesses: ['Few international partnerships'],
        areas: { STR: 'The strategy is written down and reviewed yearly.' },
        recommendations: [
          { ...second, text: `${second.text} (reworded)` },
          first,
          ...rest.slice(0, 1).map((r: object) => ({ ...r, dropped: { reason: 'Already in the 2026 work plan.' } })),
          { indicator: null, text: 'Open a partner office in Gothenburg.' },
        ],
      }),
      200,
    );
    const text = await docxText((await expectStatus(binary(agents.lead.get(`/api/assessments/${draft}/report.docx?lang=en`)), 200)).body);
    const c = catalogue('en');
    for (const s of [
      'Isarsensor runs a lean, member-driven cluster management.',
      'Its board meets monthly.',
      c.narrativeStrengths,
      'A clear strategy with measurable goals',
      'Few international partnerships',
      c.narrativeAreaComment,
      'The strategy is written down and reviewed yearly.',
      `${second.text} (reworded)`,
      'Open a partner office in Gothenburg.',
    ])
      expect(text, s).to.contain(s);
    expect(text).not.to.contain(rest[0].text);
    expect(text.indexOf(`${second.text} (reworded)`)).to.be.lessThan(text.indexOf(first.text));

    const rows = await sheetRows((await expectStatus(binary(agents.lead.get(`/api/assessments/${draft}/action-plan.xlsx`)), 200)).body);
    const col = (h: string) => (rows[0] as string[]).indexOf(h);
    const actions = rows.slice(1).map((r) => r[col(c.action)]);
    expect(actions).to.deep.equal([`${second.text} (reworded)`, first.text, 'Open a partner office in Gothenburg.']);
    const own = rows[rows.length - 1];
    expect(own[col(c.actionPlanGap)] ?? null, 'no figures for the lead’s own').to.equal(null);
    expect(rows[1][col(c.indicator)]).to.equal(second.indicator);
  });

  it('after the release: the manager may download both; the Word report is kept byte for byte, from the print frozen at release', async () => {
    await release(suite.cast, id);
    const first = (await expectStatus(get('manager', 'report.docx?lang=en'), 200)).body as Buffer;
    expect(await docxText(first)).to.contain('Isarsensor Cluster');
    await expectStatus(get('manager', 'action-plan.xlsx'), 200);
    await suite.t.db.knex('clusters').where({ id: suite.cast.clusterId }).update({ name: 'Renamed Cluster' });
    await expectStatus(suite.cast.agents.admin.patch(`/api/users/${suite.cast.ids.co}`).send({ certification: 'bronze' }), 200);
    const again = (await expectStatus(get('lead', 'report.docx?lang=en'), 200)).body as Buffer;
    expect(Buffer.compare(again, first), 'the same bytes').to.equal(0);
    // the Norwegian one, drawn for the first time now, is drawn from the same frozen print
    const nb = await docxText((await expectStatus(get('manager', 'report.docx?lang=nb'), 200)).body as Buffer);
    expect(nb).to.contain('Isarsensor Cluster');
    expect(nb).not.to.contain('Renamed Cluster');
    const row = await suite.t.db.knex('released_files').where({ assessment_id: id, kind: 'report.docx' }).count({ n: '*' }).first();
    expect(Number(row!.n)).to.equal(2);
  });
});
