/**
 * The Gold reconciliation (FRAMEWORK.md G5) and the checked decision, through the API and the pages:
 * a discrepancy defaults to the lower value, an agreed value needs a reason (audited), both assessors
 * sign the record as it stands (a later change leaves a signature stale, and G5 reads only signatures
 * that stand), and a decision needs a justification, kept with it.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { expectStatus, goldInReview, JUSTIFIED, suiteWithCast } from '../support/flow';
import { pdfText } from '../reports/poppler';
import { tokenIn, flashIn } from '../support/pages';

interface Row {
  indicator: string;
  lead: { value: unknown } | null;
  co: { value: unknown } | null;
  lower: unknown;
  agreed: { value: unknown; reason: string } | null;
  final: unknown;
  basis: string;
  discrepancy: boolean;
}
interface Record_ {
  rows: Row[];
  discrepancies: number;
  recordHash: string;
  signed: boolean;
  signatures: { role: string; current: boolean; via: string }[];
  pending: { role: string }[];
}

describe(`the Gold reconciliation and the checked decision (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  const record = async (agent: request.Agent, id: number) =>
    (await expectStatus(agent.get(`/api/assessments/${id}/reconciliation`), 200)).body as Record_;
  const g5 = async (id: number) => {
    const score = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/score`), 200)).body;
    return score.label.checks.find((c: { rule: string }) => c.rule === 'G5').passed as boolean;
  };

  /** Gold in review with the co-assessor one level below the lead on INT-04 (4 against 3). */
  async function withDiscrepancy() {
    const { id } = await goldInReview(suite.cast);
    await expectStatus(suite.cast.agents.co.put(`/api/assessments/${id}/values/INT-04`).send({ value: 3, note: 'two partners only' }), 200);
    return id;
  }

  it('lists a discrepancy with the lower value as its default; an agreed value needs a reason and is audited', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    const before = await record(agents.co, id);
    expect(before.discrepancies).to.equal(1);
    const row = before.rows.find((r) => r.indicator === 'INT-04')!;
    expect(row).to.include({ basis: 'lower', lower: 3, final: 3, discrepancy: true });
    expect(row.lead!.value).to.equal(4);
    expect(before.rows.filter((r) => r.basis === 'same').length).to.be.greaterThan(20);

    const noReason = await expectStatus(agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4 }), 400);
    expect(noReason.body.error.code).to.equal('invalid_input');
    const shortReason = await expectStatus(agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4, reason: '  x ' }), 400);
    expect(shortReason.body.error.message).to.contain('at least 3 characters');
    expect((await record(agents.lead, id)).rows.find((r) => r.indicator === 'INT-04')!.agreed).to.equal(null);
    // the co-assessor may read and sign, not set the agreed value
    await expectStatus(agents.co.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4, reason: 'we agree' }), 403);

    await expectStatus(
      agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4, reason: 'The minutes show four partners.' }),
      200,
    );
    const after = (await record(agents.lead, id)).rows.find((r) => r.indicator === 'INT-04')!;
    expect(after).to.include({ basis: 'agreed', final: 4 });
    expect(after.agreed).to.deep.equal({ ...after.agreed, value: 4, reason: 'The minutes show four partners.' });
    const audit = await suite.t.db.knex('audit_log').where({ action: 'value.agreed' }).orderBy('id', 'desc').first();
    expect(JSON.parse(audit.after)).to.deep.equal({ value: 4, reason: 'The minutes show four partners.' });

    // withdrawn: the lower value counts again
    await expectStatus(agents.lead.delete(`/api/assessments/${id}/agreed/INT-04`), 200);
    expect((await record(agents.lead, id)).rows.find((r) => r.indicator === 'INT-04')).to.include({ basis: 'lower', final: 3 });
    await expectStatus(agents.lead.delete(`/api/assessments/${id}/agreed/INT-04`), 404);
  });

  it('needs both signatures on the record as it stands for G5; a change leaves a signature stale', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    await expectStatus(agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4, reason: 'Four partners.' }), 200);
    expect(await g5(id)).to.equal(false);
    const read = await record(agents.co, id);
    const co = (
      await expectStatus(agents.co.post(`/api/assessments/${id}/reconciliation/signatures`).send({ recordHash: read.recordHash }), 201)
    ).body as Record_;
    expect(co.signed).to.equal(false);
    expect(co.pending.map((p) => p.role)).to.deep.equal(['lead']);
    expect(await g5(id)).to.equal(false);
    // the lead changes the agreed value's reason: the co-assessor's signature no longer stands
    await expectStatus(agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4, reason: 'Four signed partners.' }), 200);
    const changed = await record(agents.lead, id);
    expect(changed.signatures.map((s) => [s.role, s.current])).to.deep.equal([['co', false]]);
    // signing what one read before the change is refused
    const stale = await expectStatus(
      agents.co.post(`/api/assessments/${id}/reconciliation/signatures`).send({ recordHash: read.recordHash }),
      409,
    );
    expect(stale.body.error.code).to.equal('record_changed');
    await expectStatus(agents.co.post(`/api/assessments/${id}/reconciliation/signatures`).send({ recordHash: changed.recordHash }), 201);
    const both = (await expectStatus(agents.lead.post(`/api/assessments/${id}/reconciliation/signatures`).send({}), 201)).body as Record_;
    expect(both.signed).to.equal(true);
    expect(both.signatures.map((s) => [s.role, s.current, s.via]).sort()).to.deep.equal([
      ['co', true, 'api'],
      ['lead', true, 'api'],
    ]);
    expect(await g5(id)).to.equal(true);
    const signs = await suite.t.db.knex('audit_log').where({ action: 'reconciliation.sign', entity_id: String(id) });
    expect(signs).to.have.length(3);
  });

  it('lets only the assessors sign, in review, and only a Gold assessment has a record', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    await expectStatus(agents.trainee.post(`/api/assessments/${id}/reconciliation/signatures`).send({}), 403);
    await expectStatus(agents.manager.post(`/api/assessments/${id}/reconciliation/signatures`).send({}), 403);
    await expectStatus(agents.admin.post(`/api/assessments/${id}/reconciliation/signatures`).send({}), 403);
    await expectStatus(agents.other.get(`/api/assessments/${id}/reconciliation`), 404);
    await expectStatus(agents.trainee.get(`/api/assessments/${id}/reconciliation`), 403);
    await expectStatus(agents.admin.get(`/api/assessments/${id}/reconciliation`), 200);
    const bad = await expectStatus(agents.lead.post(`/api/assessments/${id}/reconciliation/signatures`).send({ recordHash: 'nope' }), 400);
    expect(bad.body.error.code).to.equal('invalid_input');
    // back in the interview, nothing is signed
    await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
    const early = await expectStatus(agents.co.post(`/api/assessments/${id}/reconciliation/signatures`).send({}), 409);
    expect(early.body.error.code).to.equal('invalid_state');
    const silver = await agents.lead.post('/api/assessments').send({
      clusterId: suite.cast.clusterId,
      frameworkId: suite.cast.frameworkId,
      requestedLabel: 'silver',
      leadId: suite.cast.ids.lead,
      interviewDate: '2026-03-14',
    });
    expect((await expectStatus(agents.lead.get(`/api/assessments/${silver.body.id}/reconciliation`), 409)).body.error.code).to.equal(
      'not_gold',
    );
  });

  it('decides only with a justification, kept with the decision; the confirmations sign the record for whoever had not', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    await expectStatus(agents.lead.put(`/api/assessments/${id}/agreed/INT-04`).send({ value: 4, reason: 'Four partners.' }), 200);
    const none = await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send({}), 400);
    expect(none.body.error.code).to.equal('invalid_input');
    const short = await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send({ justification: 'ok' }), 400);
    expect(short.body.error.message).to.contain('at least 10 characters');
    expect(await suite.t.db.knex('decision_confirmations').where({ assessment_id: id })).to.have.length(0);
    await expectStatus(agents.co.post(`/api/assessments/${id}/reconciliation/signatures`).send({}), 201);
    await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send({ justification: 'Lead: every rule checked.' }), 202);
    const decided = await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
    expect(decided.body.label).to.equal('gold');
    const row = await suite.t.db.knex('decisions').where({ assessment_id: id }).first();
    expect(row.justification).to.equal(JUSTIFIED.justification);
    expect(
      JSON.parse(row.confirmations)
        .map((c: { role: string; justification: string }) => [c.role, c.justification])
        .sort(),
    ).to.deep.equal([
      ['co', JUSTIFIED.justification],
      ['lead', 'Lead: every rule checked.'],
    ]);
    // the report's appendix: the justifications, the discrepancy with its reason, both signatures (en and nb)
    const buffer = (res: request.Response) => res.body as Buffer;
    const pdfOf = async (lang: string) =>
      pdfText(
        buffer(
          await expectStatus(
            agents.lead
              .get(`/api/assessments/${id}/report.pdf?lang=${lang}`)
              .buffer(true)
              .parse((r, cb) => {
                const chunks: Buffer[] = [];
                r.on('data', (c: Buffer) => chunks.push(c));
                r.on('end', () => cb(null, Buffer.concat(chunks)));
              }),
            200,
          ),
        ),
      ).replace(/\s+/g, ' ');
    const en = await pdfOf('en');
    expect(en).to.contain('Lead: every rule checked.').and.contain(JUSTIFIED.justification);
    expect(en).to.contain('Four partners.').and.contain('INT-04');
    expect(en)
      .to.match(/Signed: Lead assessor lead, .* UTC/)
      .and.match(/Signed: Co-assessor co, .* UTC/);
    const nb = await pdfOf('nb');
    expect(nb).to.contain('Avgjørelsen').and.contain('Avstemming av de to assessorenes verdier').and.contain('avtalt: Four partners.');
    const rec = await record(agents.lead, id);
    expect(rec.signed).to.equal(true);
    expect(rec.signatures.map((s) => [s.role, s.via]).sort()).to.deep.equal([
      ['co', 'api'],
      ['lead', 'decision'],
    ]);
  });

  it('shows the record on a page where the lead agrees a value with a reason and both sign, in English and bokmål', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    const url = `/assessments/${id}/reconciliation`;
    const post = async (agent: request.Agent, action: string, fields: Record<string, string>) => {
      const html = (await expectStatus(agent.get(url), 200)).text;
      const body = new URLSearchParams({ _csrf: tokenIn(html), ...fields });
      const res = await expectStatus(agent.post(action).type('form').send(body.toString()), 303);
      return flashIn((await agent.get(res.headers.location)).text);
    };
    const page = (await expectStatus(agents.lead.get(url), 200)).text;
    expect(page).to.contain('1 discrepancy').and.contain('lower value (default)').and.contain('two partners only');
    expect((await agents.lead.get(`/assessments/${id}`)).text).to.contain(`href="${url}"`);
    // no reason: refused, nothing stored
    expect(await post(agents.lead, `${url}/agreed`, { indicator: 'INT-04', choice: 'lead', reason: '' })).to.deep.equal([
      'error',
      'An agreed value needs a reason of at least 3 characters.',
    ]);
    expect(
      await post(agents.lead, `${url}/agreed`, { indicator: 'INT-04', choice: 'lead', reason: 'The minutes show four.' }),
    ).to.deep.equal(['ok', 'The agreed value of INT-04 is saved.']);
    expect((await record(agents.lead, id)).rows.find((r) => r.indicator === 'INT-04')).to.include({ final: 4, basis: 'agreed' });
    // another value typed in
    expect(
      (await post(agents.lead, `${url}/agreed`, { indicator: 'INT-04', choice: 'other', level: '3', reason: 'Three after all.' }))[0],
    ).to.equal('ok');
    expect((await record(agents.lead, id)).rows.find((r) => r.indicator === 'INT-04')!.final).to.equal(3);
    // the co-assessor has no agreement form, and a post is refused
    const coPage = (await expectStatus(agents.co.get(url), 200)).text;
    expect(coPage).not.to.contain(`action="${url}/agreed"`);
    expect((await post(agents.co, `${url}/agreed`, { indicator: 'INT-04', choice: 'co', reason: 'mine' }))[0]).to.equal('error');
    // signing needs the box ticked
    expect((await post(agents.co, `${url}/sign`, { recordHash: (await record(agents.co, id)).recordHash }))[0]).to.equal('error');
    expect(await post(agents.co, `${url}/sign`, { recordHash: (await record(agents.co, id)).recordHash, confirm: 'yes' })).to.deep.equal([
      'ok',
      'Your signature is recorded.',
    ]);
    await post(agents.lead, `${url}/sign`, { recordHash: (await record(agents.lead, id)).recordHash, confirm: 'yes' });
    const signed = (await expectStatus(agents.lead.get(url), 200)).text;
    expect(signed).to.contain('Both assessors signed the record as it stands.');
    expect(signed).not.to.contain('action="' + `${url}/sign"`);
    const nb = (await expectStatus(agents.co.get(`${url}?lang=nb`), 200)).text;
    expect(nb).to.contain('Avstemming').and.contain('Begge assessorene har signert protokollen slik den står.').and.contain('avtalt');
    await expectStatus(agents.trainee.get(url), 403);
  });

  it('checks before the decision: what is open, the label it would give; the decision form keeps the justification when refused', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    const url = `/assessments/${id}/check`;
    const page = (await expectStatus(agents.lead.get(url), 200)).text;
    // the lower value of INT-04 leaves 119 points (G3) and G5 fails until both sign: Bronze, and the check says why
    expect(page).to.contain('Check before the decision').and.contain('Would be awarded:').and.contain('label-bronze');
    expect(page).to.contain('data-rule="G3"').and.contain('T = 119 &lt; 120');
    expect(page).to.contain('The reconciliation record is not signed by').and.contain('data-rule="G5"');
    expect(page).to.contain('Every checklist document is accepted').and.contain('Every indicator has a value');
    const post = async (fields: Record<string, string>) => {
      const body = new URLSearchParams({ _csrf: tokenIn((await agents.lead.get(url)).text), ...fields });
      return agents.lead.post(`/assessments/${id}/decision`).type('form').send(body.toString());
    };
    const unconfirmed = await expectStatus(post({ justification: 'Checked with the co-assessor.' }), 400);
    expect(unconfirmed.text).to.contain('Tick the box to confirm the decision.').and.contain('Checked with the co-assessor.</textarea>');
    const short = await expectStatus(post({ justification: 'short', confirm: 'yes' }), 400);
    expect(short.text).to.contain('at least 10 characters').and.contain('>short</textarea>');
    expect(await suite.t.db.knex('decision_confirmations').where({ assessment_id: id })).to.have.length(0);
    const ok = await expectStatus(post({ justification: 'Checked with the co-assessor.', confirm: 'yes' }), 303);
    expect(ok.headers.location).to.equal(`/assessments/${id}`);
    expect((await suite.t.db.knex('decision_confirmations').where({ assessment_id: id }).first()).justification).to.equal(
      'Checked with the co-assessor.',
    );
    const nb = (await expectStatus(agents.co.get(`${url}?lang=nb`), 200)).text;
    expect(nb).to.contain('Kontroll før avgjørelsen').and.contain('Bekreftelse trengs fortsatt fra');
    await expectStatus(agents.manager.get(url), 403);
    await expectStatus(agents.trainee.get(url), 403);
  });

  it('asks before cancelling', async () => {
    const { agents } = suite.cast;
    const id = await withDiscrepancy();
    const url = `/assessments/${id}/cancel`;
    const html = (await expectStatus(agents.lead.get(url), 200)).text;
    expect(html).to.contain('Cancel this assessment?');
    const send = (fields: Record<string, string>) =>
      agents.lead
        .post(url)
        .type('form')
        .send(new URLSearchParams({ _csrf: tokenIn(html), ...fields }).toString());
    expect((await expectStatus(send({}), 303)).headers.location).to.equal(url);
    expect((await expectStatus(agents.lead.get(`/api/assessments/${id}`), 200)).body.state).to.equal('review');
    expect((await expectStatus(send({ confirm: 'yes' }), 303)).headers.location).to.equal(`/assessments/${id}`);
    expect((await expectStatus(agents.lead.get(`/api/assessments/${id}`), 200)).body.state).to.equal('cancelled');
    await expectStatus(agents.co.get(url), 403);
  });
});
