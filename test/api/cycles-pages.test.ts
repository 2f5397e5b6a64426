/**
 * Across cycles in the browser pages, without JavaScript (issue 17, items 2 and 3): the runner of an
 * assessment started from the last cycle shows last cycle's final value and the lead's note in a box of
 * its own to the lead and the co-assessor (with a keep button), to the manager once the previous one is
 * released (without it), never to a trainee; the keep button records the value as the assessor's; the
 * improvement-area page shows the areas carried from the last cycle and the lead's follow-up form.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1, pageText, release } from '../support/decided';
import { tokenIn } from '../support/pages';

describe(`across cycles: the runner's baseline and the carried areas' follow-up (${testDialect})`, function () {
  this.timeout(180_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  const flashIn = (html: string) => (/class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(html)?.slice(1) ?? []).map(pageText);
  const NOTE = 'Four service lines, each used by a third of the members.';

  /** posts a form of the page at `from` with its token; the flash on the page the redirect leads to */
  async function post(agent: request.Agent, from: string, action: string, fields: Record<string, string>) {
    const html = (await expectStatus(agent.get(from), 200)).text;
    const res = await expectStatus(
      agent
        .post(action)
        .type('form')
        .send({ _csrf: tokenIn(html), ...fields }),
      303,
    );
    return { location: res.headers.location as string, flash: flashIn((await agent.get(res.headers.location)).text) };
  }

  async function startFromLastCycle() {
    const { agents, ids } = suite.cast;
    const knex = suite.t.db.knex;
    const { id: first } = await decideExample1(suite.cast);
    await knex('improvement_areas').insert({
      assessment_id: first,
      title: 'Member services portfolio',
      description: 'Widen and measure the offer.',
      indicators: JSON.stringify(['SRV-01']),
      documents: JSON.stringify(['D-01']),
      change_described: true,
      created_by: ids.lead,
      created_at: new Date().toISOString(),
    });
    await knex('indicator_values')
      .where({ assessment_id: first, indicator_id: 'SRV-01', author_id: ids.lead, kind: 'assessor' })
      .update({ note: NOTE });
    const res = await expectStatus(
      agents.lead.post('/api/assessments').send({
        clusterId: suite.cast.clusterId,
        frameworkId: suite.cast.frameworkId,
        requestedLabel: 'silver',
        leadId: ids.lead,
        coAssessorId: ids.co,
        traineeIds: [ids.trainee],
        interviewDate: '2027-11-10',
        previousAssessmentId: first,
      }),
      201,
    );
    return { first, id: res.body.id as number };
  }

  it('shows the baseline beside the input to the assessors, not to a trainee; the manager once released; keep records it', async () => {
    const { agents, ids } = suite.cast;
    const { first, id } = await startFromLastCycle();
    const runner = (agent: request.Agent, lang = 'en') =>
      expectStatus(agent.get(`/assessments/${id}/interview?i=SRV-01&lang=${lang}`), 200);

    for (const who of ['lead', 'co'] as const) {
      const html = (await runner(agents[who])).text;
      expect(html, who).to.contain('id="baseline"').and.contain(`action="/assessments/${id}/interview/keep-baseline"`);
      const text = pageText(html);
      expect(text).to.contain(`Last cycle (assessment no. ${first})`).and.contain('Final value: L4').and.contain(NOTE);
      // a baseline, not a value: nothing is checked in the input
      expect(html).not.to.match(/name="level" value="4"[^>]*checked/);
    }
    const nb = pageText((await runner(agents.lead, 'nb')).text);
    expect(nb)
      .to.contain(`Forrige syklus (vurdering nr. ${first})`)
      .and.contain('Endelig verdi: L4')
      .and.contain('Behold verdien fra forrige syklus');

    // a trainee scores blind: neither the box nor the value nor the note
    const shadow = (await runner(agents.trainee)).text;
    expect(shadow).not.to.contain('id="baseline"');
    expect(shadow).not.to.contain(NOTE);
    expect(shadow).not.to.contain('keep-baseline');
    // the manager (self-assessment in preparation): only once the previous assessment is released, and without the keep
    expect((await runner(agents.manager)).text).not.to.contain('id="baseline"');
    await release(suite.cast, first);
    const manager = (await runner(agents.manager)).text;
    expect(manager).to.contain('id="baseline"').and.contain(NOTE);
    expect(manager).not.to.contain('keep-baseline');

    // the trainee cannot keep by posting either
    const html = (await runner(agents.lead)).text;
    const refused = await agents.trainee
      .post(`/assessments/${id}/interview/keep-baseline`)
      .type('form')
      .send({ _csrf: tokenIn((await runner(agents.trainee)).text), indicator: 'SRV-01' });
    expect(refused.status).to.be.oneOf([303, 403]);
    expect((await agents.lead.get(`/api/assessments/${id}/values`)).body.values).to.deep.equal([]);

    // the lead keeps it: its value now, audited; the box says so and offers no second keep
    expect(tokenIn(html)).not.to.equal('');
    const kept = await post(agents.lead, `/assessments/${id}/interview?i=SRV-01`, `/assessments/${id}/interview/keep-baseline`, {
      indicator: 'SRV-01',
    });
    expect(kept.location).to.equal(`/assessments/${id}/interview?i=SRV-01`);
    expect(kept.flash).to.deep.equal(['ok', "Last cycle's value of SRV-01 is kept as your value."]);
    const values = (await agents.lead.get(`/api/assessments/${id}/values`)).body.values;
    expect(
      values.map((v: { indicatorId: string; authorId: number; value: unknown }) => [v.indicatorId, v.authorId, v.value]),
    ).to.deep.equal([['SRV-01', ids.lead, 4]]);
    expect(await suite.t.db.knex('audit_log').where({ action: 'value.kept_from_baseline' })).to.have.length(1);
    const after = (await runner(agents.lead)).text;
    expect(pageText(after)).to.contain('Your value is the same.');
    expect(after).not.to.contain('id="keep-baseline"');
    expect(after).to.match(/name="level" value="4"[^>]*checked/);

    // an indicator last cycle has no value for: no box; a keep of it is flashed as an error
    expect((await expectStatus(agents.co.get(`/assessments/${id}/interview?i=SRV-09`), 200)).text).not.to.contain('id="baseline"');
    const none = await post(agents.co, `/assessments/${id}/interview?i=SRV-09`, `/assessments/${id}/interview/keep-baseline`, {
      indicator: 'SRV-09',
    });
    expect(none.flash[0]).to.equal('error');
  });

  it('shows the carried areas with the follow-up form for the lead; the follow-up is saved and shown', async () => {
    const { agents } = suite.cast;
    const { id } = await startFromLastCycle();
    const page = `/assessments/${id}/improvement-areas`;
    const areas = (await expectStatus(agents.lead.get(`/api/assessments/${id}/improvement-areas`), 200)).body;
    expect(areas).to.have.length(1);
    const ia = areas[0].id as number;

    const lead = (await expectStatus(agents.lead.get(page), 200)).text;
    expect(pageText(lead))
      .to.contain('1 area was carried from the last cycle to be followed up.')
      .and.contain('Carried from the last cycle');
    expect(pageText(lead)).to.contain('Follow-up: Not followed up yet');
    expect(lead).to.contain(`action="${page}/${ia}/followup"`);
    // the manager reads it, without the lead's form
    const manager = (await expectStatus(agents.manager.get(page), 200)).text;
    expect(pageText(manager)).to.contain('Carried from the last cycle');
    expect(manager).not.to.contain('/followup"');

    // bad input is flashed and stores nothing; a good one is saved and shown
    const empty = await post(agents.lead, page, `${page}/${ia}/followup`, { followup: 'achieved', evidence: ' ' });
    expect(empty.flash[0]).to.equal('error');
    const odd = await post(agents.lead, page, `${page}/${ia}/followup`, { followup: 'maybe', evidence: 'x' });
    expect(odd.flash[0]).to.equal('error');
    expect((await agents.lead.get(`/api/assessments/${id}/improvement-areas`)).body[0].followup).to.equal(null);
    const ok = await post(agents.lead, page, `${page}/${ia}/followup`, { followup: 'not', evidence: 'No new service line was started.' });
    expect(ok.location).to.equal(`${page}#ia-${ia}`);
    expect(ok.flash).to.deep.equal(['ok', 'Follow-up saved: not achieved.']);
    const shown = pageText((await agents.lead.get(page)).text);
    expect(shown).to.contain('Follow-up: Not achieved').and.contain('No new service line was started.');
    const nb = pageText((await agents.manager.get(`${page}?lang=nb`)).text);
    expect(nb).to.contain('Ført videre fra forrige syklus').and.contain('Oppfølging: Ikke oppnådd');
    // the manager may not post it
    const refused = await agents.manager
      .post(`${page}/${ia}/followup`)
      .type('form')
      .send({ _csrf: tokenIn(manager), followup: 'achieved', evidence: 'All done.' });
    expect(refused.status).to.equal(403);
  });
});
