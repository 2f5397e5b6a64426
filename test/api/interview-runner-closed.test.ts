/**
 * The interview runner of a closed assessment (decided, released, cancelled) was an error page. Now
 * the lead, the co-assessor and a trainee see what they recorded, read-only, with the page that says
 * more (the score, else the calibration); the admin and the cluster manager, who recorded nothing
 * there, are sent to the score where they may read it, else to the assessment, with a flash saying
 * why; a form posted to it is refused with the reason and changes nothing.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';
import { decideExample1, pageText, release } from '../support/decided';

describe(`the interview runner of a closed assessment (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });
  let id = 0;

  const runner = (agent: request.Agent, query = '?i=STR-01') => agent.get(`/assessments/${id}/interview${query}`);
  const flashOf = (html: string) => /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(html)?.slice(1) ?? [];

  before(async () => {
    ({ id } = await decideExample1(suite.cast));
    // the trainee shadowed one value before the decision
    await suite.t.db.knex('shadow_values').insert({
      assessment_id: id,
      indicator_id: 'STR-03',
      trainee_id: suite.cast.ids.trainee,
      value: JSON.stringify(120),
      note: null,
      recorded_at: new Date().toISOString(),
    });
  });

  it('shows the lead and the co-assessor their own values read-only, with the way to the score', async () => {
    for (const who of ['lead', 'co'] as const) {
      const html = (await expectStatus(runner(suite.cast.agents[who]), 200)).text;
      expect(html, who).to.contain(
        'This assessment is decided: the values are shown as they were recorded and can no longer be changed. ' +
          `<a href="/assessments/${id}/score">See the score and the final values</a>`,
      );
      expect(html).to.contain('<fieldset class="value-fieldset" disabled>');
      expect(html).to.match(/<input id="v-num"[^>]*value="130"/);
      expect(html).to.match(/<input id="v-den"[^>]*value="155"/);
      // nothing to save: no form, no save bar, no keyboard help for saving
      expect(html).not.to.contain('id="runner-form"');
      expect(html).not.to.contain('id="save-state"');
      expect(html).not.to.contain('class="help keyboard"');
      expect(html).not.to.contain('id="v-hint"');
      // the progress counts what they recorded
      expect(html).to.match(/<strong>33<\/strong> of 33/);
    }
    const level = (await expectStatus(runner(suite.cast.agents.lead, '?i=MGT-06'), 200)).text;
    expect(level).to.match(/<input type="radio" name="level" value="4" checked>/);
  });

  it('shows a trainee the shadow values read-only, with the way to the frozen score or the calibration', async () => {
    const html = (await expectStatus(runner(suite.cast.agents.trainee, '?i=STR-03'), 200)).text;
    // which of the two the policy lets a trainee read after the decision (auth/policy.ts, readScore)
    const link = /<p class="notice read-only-notice">[^<]*<a href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(link).to.be.oneOf([`/assessments/${id}/score`, `/assessments/${id}/calibration`]);
    await expectStatus(suite.cast.agents.trainee.get(link), 200);
    expect(html).to.match(/<input id="v-count"[^>]*value="120"/);
    expect(html).to.contain('<fieldset class="value-fieldset" disabled>');
    expect(html).not.to.contain('You are shadowing'); // the comparison it announces has come
    // never the assessors' value (blind)
    expect((await expectStatus(runner(suite.cast.agents.trainee), 200)).text).not.to.match(/value="130"/);
  });

  it('sends the admin to the score and the manager (who may not read it before release) to the assessment, saying why', async () => {
    const admin = await expectStatus(runner(suite.cast.agents.admin), 303);
    expect(admin.headers.location).to.equal(`/assessments/${id}/score`);
    expect(flashOf((await suite.cast.agents.admin.get(admin.headers.location)).text)).to.deep.equal([
      'ok',
      'The interview of this assessment is closed (decided): here is its score.',
    ]);
    const manager = await expectStatus(runner(suite.cast.agents.manager), 303);
    expect(manager.headers.location).to.equal(`/assessments/${id}`);
    expect(flashOf((await suite.cast.agents.manager.get(manager.headers.location)).text)).to.deep.equal([
      'ok',
      'The interview of this assessment is closed (decided).',
    ]);
    // whoever has nothing to do with the assessment learns nothing more than before
    await expectStatus(runner(suite.cast.agents.other), 404);
    await expectStatus(runner(suite.cast.agents.otherManager), 404);
  });

  it('refuses a form posted to it, with the reason, and changes nothing', async () => {
    const page = (await runner(suite.cast.agents.lead)).text;
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
    const res = await expectStatus(
      suite.cast.agents.lead.post(`/assessments/${id}/interview`).type('form').send({ _csrf: csrf, indicator: 'STR-03', count: '12' }),
      303,
    );
    const after = (await suite.cast.agents.lead.get(res.headers.location)).text;
    expect(flashOf(after)).to.deep.equal(['error', 'A decided assessment is read-only.']);
    expect(after).to.match(/<input id="v-count"[^>]*value="130"/);
  });

  it('after the release: the manager goes to the score; in bokmål the page says it in bokmål', async () => {
    await release(suite.cast, id);
    const manager = await expectStatus(runner(suite.cast.agents.manager, '?lang=nb'), 303);
    expect(manager.headers.location).to.equal(`/assessments/${id}/score`);
    expect(flashOf((await suite.cast.agents.manager.get(manager.headers.location)).text)).to.deep.equal([
      'ok',
      'Intervjuet i denne vurderingen er avsluttet (frigitt): her er poengsummen.',
    ]);
    const nb = pageText((await expectStatus(runner(suite.cast.agents.lead, '?i=STR-01&lang=nb'), 200)).text);
    expect(nb).to.contain('Vurderingen er frigitt: verdiene vises slik de ble registrert, og kan ikke lenger endres.');
    expect(nb).to.contain('Se poengsummen og de endelige verdiene');
    // the trainee may read the score once it is released
    expect((await runner(suite.cast.agents.trainee)).text).to.contain(`<a href="/assessments/${id}/score">`);
  });

  it('shows a cancelled assessment’s runner read-only too', async () => {
    const cancelled = await createGoldAssessment(suite.cast);
    await expectStatus(suite.cast.agents.lead.post(`/api/assessments/${cancelled}/transitions`).send({ to: 'interview' }), 200);
    await expectStatus(suite.cast.agents.lead.put(`/api/assessments/${cancelled}/values/STR-03`).send({ value: 42 }), 200);
    await expectStatus(suite.cast.agents.lead.post(`/api/assessments/${cancelled}/transitions`).send({ to: 'cancelled' }), 200);
    const html = (await expectStatus(suite.cast.agents.lead.get(`/assessments/${cancelled}/interview?i=STR-03&lang=en`), 200)).text;
    expect(html).to.contain('This assessment is cancelled:');
    expect(html).to.match(/<input id="v-count"[^>]*value="42"/);
    // the score link leads to a page that answers
    const link = /<p class="notice read-only-notice">[^<]*<a href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(link).to.not.equal('');
    await expectStatus(suite.cast.agents.lead.get(link), 200);
  });
});
