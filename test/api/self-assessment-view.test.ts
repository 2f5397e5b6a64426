/**
 * The cluster manager's self-assessment beside the assessors (issue 16, item 2): the lead's and the
 * co-assessor's interview runner shows it next to the input, in the reader's number format; the
 * trainee, who scores blind, does not see it; the score page lists it against the assessed value and
 * marks where they differ, for those who may read values only.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[^;]+;/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e] ?? e)
    .replace(/\s+/g, ' ');

describe(`the self-assessment beside the assessors (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  let id: number;

  before(async () => {
    const { agents } = suite.cast;
    id = await createGoldAssessment(suite.cast);
    // in preparation the manager records its self-assessment, kept apart from the assessors' values
    await expectStatus(agents.manager.put(`/api/assessments/${id}/values/STR-01`).send({ value: 72.5, note: 'from our member list' }), 200);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
  });

  it("shows the lead and the co-assessor the cluster's value and note beside the input, in their language", async () => {
    const { agents } = suite.cast;
    const en = await expectStatus(agents.lead.get(`/assessments/${id}/interview?i=STR-01&lang=en`), 200);
    expect(en.text).to.contain('id="self-assessment"');
    expect(text(en.text)).to.include('Self-assessment by the cluster: 72.5 %');
    expect(text(en.text)).to.include('The cluster’s note: from our member list');
    // apart from the input: the lead's own field stays empty
    expect(en.text).to.match(/id="v-pct" name="pct"[^>]*value=""/);
    const nb = await expectStatus(agents.lead.get(`/assessments/${id}/interview?i=STR-01&lang=nb`), 200);
    expect(text(nb.text)).to.include('Egenvurdering fra klyngen: 72,5 %');
    expect(text(nb.text)).not.to.include('72.5');
    const co = await expectStatus(agents.co.get(`/assessments/${id}/interview?i=STR-01&lang=en`), 200);
    expect(text(co.text)).to.include('Self-assessment by the cluster: 72.5 %');
    // another indicator without a self-assessment: no box
    const other = await expectStatus(agents.lead.get(`/assessments/${id}/interview?i=STR-02&lang=en`), 200);
    expect(other.text).not.to.contain('id="self-assessment"');
  });

  it('keeps the trainee blind: its runner shows no self-assessment', async () => {
    const { agents } = suite.cast;
    const page = await expectStatus(agents.trainee.get(`/assessments/${id}/interview?i=STR-01&lang=en`), 200);
    expect(page.text).to.contain('data-mode="shadow"');
    expect(page.text).not.to.contain('id="self-assessment"');
    expect(text(page.text)).not.to.include('72.5');
    expect(text(page.text)).not.to.include('from our member list');
    expect(text(page.text)).not.to.include('Self-assessment by the cluster');
  });

  it('lists the self-assessed against the assessed value on the score page and marks the difference', async () => {
    const { agents } = suite.cast;
    // before the lead records a value: the self-assessment with no assessed value, nothing marked
    const before = await expectStatus(agents.lead.get(`/assessments/${id}/score?lang=en`), 200);
    expect(before.text).to.contain('id="self-vs-assessed"');
    expect(before.text).to.match(/<tr data-self="STR-01">/);

    await expectStatus(agents.lead.put(`/api/assessments/${id}/values/STR-01`).send({ value: 83.9 }), 200);
    const en = await expectStatus(agents.lead.get(`/assessments/${id}/score?lang=en`), 200);
    const row = /<tr data-self="STR-01"[^>]*>[\s\S]*?<\/tr>/.exec(en.text)?.[0] ?? '';
    expect(row).to.contain('class="self-differs"');
    expect(text(row)).to.include('72.5 %');
    expect(text(row)).to.include('83.9 %');
    expect(text(row)).to.include('Differs');
    expect(text(en.text)).to.include('Self-assessment against the assessed values');
    const nb = await expectStatus(agents.co.get(`/assessments/${id}/score?lang=nb`), 200);
    const nbRow = text(/<tr data-self="STR-01"[^>]*>[\s\S]*?<\/tr>/.exec(nb.text)?.[0] ?? '');
    expect(nbRow).to.include('72,5 %');
    expect(nbRow).to.include('83,9 %');
    expect(nbRow).to.include('Avviker');
    // only STR-01 has a self-assessment
    expect(en.text.match(/data-self="/g)).to.have.length(1);
  });

  it('marks no difference where the assessed value equals the self-assessment', async () => {
    const { agents } = suite.cast;
    const other = await createGoldAssessment(suite.cast);
    await expectStatus(
      agents.manager.put(`/api/assessments/${other}/values/STR-01`).send({ value: { numerator: 15, denominator: 20 } }),
      200,
    );
    await expectStatus(agents.lead.post(`/api/assessments/${other}/transitions`).send({ to: 'interview' }), 200);
    await expectStatus(agents.lead.put(`/api/assessments/${other}/values/STR-01`).send({ value: 75 }), 200);
    const page = await expectStatus(agents.lead.get(`/assessments/${other}/score?lang=en`), 200);
    const row = /<tr data-self="STR-01"[^>]*>[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(row).not.to.contain('self-differs');
    expect(text(row)).to.include('75.0 %');
    expect(text(row)).to.include('Same');
  });
});
