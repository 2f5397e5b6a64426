/**
 * What a released report and certificate print is frozen at release (DESIGN.md, lifecycle): a later
 * change to an assessor's certification, country or name, or to the cluster's name, does not change
 * them; the PDFs stay the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1, release } from '../support/decided';
import { binary } from '../support/office';

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

describe(`a released report and certificate print what held at release (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id: number;
  const pdfs = async () => ({
    report: (await expectStatus(binary(suite.cast.agents.manager.get(`/api/assessments/${id}/report.pdf?lang=en`)), 200)).body as Buffer,
    certificate: (await expectStatus(binary(suite.cast.agents.manager.get(`/api/assessments/${id}/certificate.pdf?lang=en`)), 200))
      .body as Buffer,
  });
  const patchUser = (userId: number, body: Record<string, unknown>) =>
    expectStatus(suite.cast.agents.admin.patch(`/api/users/${userId}`).send(body), 200);

  before(async () => {
    ({ id } = await decideExample1(suite.cast));
  });

  it('takes the print at release, not at the decision', async () => {
    // between the decision and the release the co-assessor's country changes: the release prints the new one
    await patchUser(suite.cast.ids.co, { country: 'SE' });
    await release(suite.cast, id);
    const text = pdfText((await pdfs()).report);
    expect(text).to.match(/co\s+Co-assessor · Silver-certified · Sweden/);
    expect(text).not.to.contain('Austria');
  });

  it("prints the same after the lead's certification, country and name and the cluster's name change", async () => {
    const before = await pdfs();
    const reportText = pdfText(before.report);
    expect(reportText).to.match(/lead\s+Lead assessor · Gold-certified · Germany/);
    expect(reportText).to.contain('Isarsensor Cluster');
    const certText = pdfText(before.certificate);
    expect(certText).to.contain('Isarsensor Cluster');
    expect(certText).to.match(/\blead\b/);

    await patchUser(suite.cast.ids.lead, { certification: 'silver', country: 'FR' });
    const knex = suite.t.db.knex;
    await knex('users').where({ id: suite.cast.ids.lead }).update({ name: 'Renamed Lead' });
    await knex('clusters').where({ id: suite.cast.clusterId }).update({ name: 'Renamed Cluster' });

    const after = await pdfs();
    const afterText = pdfText(after.report);
    expect(afterText).to.match(/lead\s+Lead assessor · Gold-certified · Germany/);
    for (const later of ['Silver-certified · France', 'Renamed Lead', 'Renamed Cluster']) {
      expect(afterText, later).not.to.contain(later);
      expect(pdfText(after.certificate), later).not.to.contain(later);
    }
    expect(Buffer.compare(after.report, before.report), 'report bytes').to.equal(0);
    expect(Buffer.compare(after.certificate, before.certificate), 'certificate bytes').to.equal(0);
    // the Norwegian report is drawn from the same frozen print
    expect(
      pdfText((await expectStatus(binary(suite.cast.agents.lead.get(`/api/assessments/${id}/report.pdf?lang=nb`)), 200)).body),
    ).to.contain('Isarsensor Cluster');
  });
});
