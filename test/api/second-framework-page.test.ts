/**
 * The score page of an assessment under the second framework (bw-style: Gold at 80 of 100 points,
 * five minimums) states that framework's own thresholds and minimum count, in English and bokmål.
 */
import { expect } from 'chai';
import bwJson from '../../fixtures/frameworks/bw-style-1.0.0.json';
import { loadFramework } from '../../questionnaires';
import { registerFramework } from '../../server/services/frameworks';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { pageText } from '../support/decided';
import { expectStatus, makeCast, type Cast } from '../support/flow';

describe(`the second framework's score page states its own rules (${testDialect})`, function () {
  this.timeout(60_000);
  let t: TestApp;
  let cast: Cast;
  let id: number;
  before(async () => {
    t = await testApp();
    cast = await makeCast(t);
    const row = await registerFramework(t.db.knex, loadFramework(bwJson));
    const res = await expectStatus(
      cast.agents.lead.post('/api/assessments').send({
        clusterId: cast.clusterId,
        frameworkId: row.id,
        requestedLabel: 'gold',
        leadId: cast.ids.lead,
        coAssessorId: cast.ids.co,
        interviewDate: '2026-05-20',
        onSite: true,
      }),
      201,
    );
    id = res.body.id;
  });
  after(() => t?.close());

  it('names Gold at 80 points and its 5 minimums (en), never 120 or nine', async () => {
    const page = pageText((await expectStatus(cast.agents.lead.get(`/assessments/${id}/score?lang=en`), 200)).text);
    expect(page).to.include('At least 80 points').and.include('T = 0 < 80').and.include('Gold requires at least 80 of 100 points');
    expect(page).to.match(/G2 All 5 minimums met/);
    for (const other of ['At least 120', 'nine minimums', 'of 150 points']) expect(page, other).not.to.include(other);
  });

  it('says the same in bokmål', async () => {
    const page = pageText((await expectStatus(cast.agents.lead.get(`/assessments/${id}/score?lang=nb`), 200)).text);
    expect(page).to.include('Minst 80 poeng').and.include('T = 0 < 80').and.include('Gull krever minst 80 av 100 poeng');
    expect(page).to.match(/G2 Alle 5 minstekrav oppfylt/);
    for (const other of ['Minst 120', 'ni minstekrav', 'av 150 poeng']) expect(page, other).not.to.include(other);
  });
});
