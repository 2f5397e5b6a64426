/**
 * Progress since the last benchmarking (issue 17, item 4) through the API, the score page and the
 * report: an assessment started from a decided one (FRAMEWORK.md example 1) scores different values;
 * its score has a `progress` block (points and peer percentile, per indicator, per area, total), the
 * score page and the report show it, in English and Norwegian. Without a previous cycle there is none.
 * Released, the report prints the progress frozen at release: new peers change nothing.
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { seedPeers } from '../../server/demo';
import { testDialect } from '../support/db';
import { EXAMPLE_1, expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1, pageText, release } from '../support/decided';
import { binary } from '../support/office';

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
const flat = (s: string) => s.replace(/\s+/g, ' ');

interface Row {
  key: string;
  previousPoints: number | null;
  points: number | null;
  pointsChange: number | null;
  previousPercentile: number | null;
  percentile: number | null;
  percentileChange: number | null;
}

describe(`progress since the last benchmarking (${testDialect})`, function () {
  this.timeout(240_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let first: number;
  let second: number;
  const body = (extra: Record<string, unknown>) => ({
    clusterId: suite.cast.clusterId,
    frameworkId: suite.cast.frameworkId,
    requestedLabel: 'gold',
    leadId: suite.cast.ids.lead,
    coAssessorId: suite.cast.ids.co,
    traineeIds: [suite.cast.ids.trainee],
    interviewDate: '2028-03-14',
    onSite: true,
    ...extra,
  });

  before(async () => {
    // a peer pool large enough for percentiles
    await seedPeers(suite.t.db.knex, { count: 60, seed: 17, asOf: '2026-03-01' });
    ({ id: first } = await decideExample1(suite.cast));
    const { agents } = suite.cast;
    second = (await expectStatus(agents.lead.post('/api/assessments').send(body({ previousAssessmentId: first })), 201)).body.id;
    // this cycle: example 1's values, but fewer participants (STR-03) and a weaker financial control (SRV-04)
    const values = { ...EXAMPLE_1.values, 'STR-03': 20, 'SRV-04': 2 };
    for (const [indicator, value] of Object.entries(values))
      await expectStatus(agents.lead.put(`/api/assessments/${second}/values/${indicator}`).send({ value }), 200);
  });

  it('GET …/score has the progress from the decided cycle to this one; none without a previous cycle', async () => {
    const { agents } = suite.cast;
    const before = (await expectStatus(agents.lead.get(`/api/assessments/${first}/score`), 200)).body;
    expect(before.progress).to.equal(null);
    const now = (await expectStatus(agents.lead.get(`/api/assessments/${second}/score`), 200)).body;
    const p = now.progress;
    expect(p.previous).to.include({ assessmentId: first, label: 'gold', asOf: before.asOf });
    expect(p.peers.group).to.equal('all');
    expect(p.peers.clusters).to.be.at.least(60);

    expect(p.total).to.include({ previousPoints: before.total.points, points: now.total.points });
    expect(p.total.pointsChange).to.equal(now.total.points - before.total.points);
    expect(p.total.pointsChange).to.be.below(0);
    // both cycles placed among the same peers: the lower total has the lower percentile
    expect(p.total.previousPercentile).to.be.a('number');
    expect(p.total.percentile).to.be.a('number');
    expect(p.total.percentileChange).to.be.below(0);

    const byKey = new Map<string, Row>(p.indicators.map((r: Row) => [r.key, r]));
    for (const id of ['STR-03', 'SRV-04']) {
      const r = byKey.get(id)!;
      const was = before.indicators.find((i: { id: string }) => i.id === id).points;
      const is = now.indicators.find((i: { id: string }) => i.id === id).points;
      expect(r, id).to.include({ previousPoints: was, points: is, pointsChange: is - was });
      expect(r.pointsChange, id).to.be.below(0);
    }
    const str = p.areas.find((a: Row) => a.key === 'STR');
    const strNow = now.areas.find((a: { code: string }) => a.code === 'STR').points;
    const strBefore = before.areas.find((a: { code: string }) => a.code === 'STR').points;
    expect(str).to.include({ previousPoints: strBefore, points: strNow, pointsChange: strNow - strBefore });
    expect(p.areas.map((a: Row) => a.key)).to.deep.equal(now.areas.map((a: { code: string }) => a.code));
  });

  it('is read under the score right: the manager does not read it before release', async () => {
    await expectStatus(suite.cast.agents.manager.get(`/api/assessments/${second}/score`), 403);
    await expectStatus(suite.cast.agents.trainee.get(`/api/assessments/${second}/score`), 403);
  });

  it('the score page shows it with its chart and tables (en, nb); the first cycle has none', async () => {
    const { agents } = suite.cast;
    const html = (await expectStatus(agents.lead.get(`/assessments/${second}/score?lang=en`), 200)).text;
    expect(html).to.contain('id="progress-chart"');
    expect(html).to.contain('id="progress-chart-config"');
    const text = flat(pageText(html));
    expect(text).to.contain('Progress since the last benchmarking');
    expect(text).to.contain('By area');
    expect(html).to.match(
      /data-progress="STR-03"><th scope="row">STR-03 [^<]+<\/th><td class="num">\d+<\/td><td class="num">\d+ \/ \d+<\/td><td class="num progress-change down">−\d/,
    );
    const nb = flat(pageText((await expectStatus(agents.lead.get(`/assessments/${second}/score?lang=nb`), 200)).text));
    expect(nb).to.contain('Framgang siden forrige benchmarking');
    expect(nb).to.contain('Per indikator');
    for (const en of ['Progress since', 'By area', 'By indicator', 'This benchmarking', 'Percentile then']) expect(nb).to.not.contain(en);
    const plain = (await expectStatus(agents.lead.get(`/assessments/${first}/score?lang=en`), 200)).text;
    expect(plain).to.not.contain('progress-chart');
    expect(pageText(plain)).to.not.contain('Progress since the last benchmarking');
  });

  it('the report has the chapter; released, it prints the progress frozen at release', async () => {
    const { agents } = suite.cast;
    const live = flat(pdfText((await expectStatus(binary(agents.lead.get(`/api/assessments/${second}/report.pdf?lang=en`)), 200)).body));
    expect(live).to.contain('5 Progress since the last benchmarking');
    expect(live).to.contain('Points by area, % of maximum: last and this benchmarking');
    const firstReport = flat(
      pdfText((await expectStatus(binary(agents.lead.get(`/api/assessments/${first}/report.pdf?lang=en`)), 200)).body),
    );
    expect(firstReport).to.not.contain('Progress since the last benchmarking');

    // a third cycle from the first, decided and released
    const { id: third } = await decideExample1(suite.cast, { previousAssessmentId: first });
    await release(suite.cast, third);
    const pdf = async () =>
      (await expectStatus(binary(agents.manager.get(`/api/assessments/${third}/report.pdf?lang=en`)), 200)).body as Buffer;
    const score = async () => (await expectStatus(agents.manager.get(`/api/assessments/${third}/score`), 200)).body.progress;
    const before = { pdf: await pdf(), progress: await score() };
    expect(flat(pdfText(before.pdf))).to.contain('Progress since the last benchmarking');
    expect(before.progress.total.pointsChange).to.equal(0); // the same values as the first cycle
    // more peers: the live percentiles move (the second cycle, not released), the released report and its progress do not
    const livePercentiles = async () => {
      const p = (await expectStatus(agents.lead.get(`/api/assessments/${second}/score`), 200)).body.progress;
      return [p.total.previousPercentile, p.total.percentile, ...p.areas.map((a: Row) => a.percentile)];
    };
    const liveBefore = await livePercentiles();
    await seedPeers(suite.t.db.knex, { count: 80, seed: 18, asOf: '2027-03-01' });
    expect(await livePercentiles()).to.not.deep.equal(liveBefore);
    const after = { pdf: await pdf(), progress: await score() };
    expect(after.progress).to.deep.equal(before.progress);
    expect(Buffer.compare(after.pdf, before.pdf), 'report bytes').to.equal(0);
  });
});
