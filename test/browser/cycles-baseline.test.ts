/**
 * Across cycles in a real browser (issue 17, items 2 and 3), axe-core on every page: the lead of an
 * assessment started from the last cycle sees last cycle's final value and note beside the input,
 * picks another level (the runner saves it on leaving the input) and then keeps last cycle's value
 * after all: the kept value wins and no "leave the page?" prompt stops it; the co-assessor sees the box
 * on a phone; a trainee sees none; the lead follows a carried improvement area up in Norwegian.
 * Screenshots go to artifacts/screenshots/ (git-ignored).
 */
import { expect } from 'chai';
import { PASSWORD } from '../support/app';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { expectStatus, makeCast, type Cast } from '../support/flow';
import { decideExample1 } from '../support/decided';

describe(`across cycles in a real browser: the baseline and the follow-up (${testDialect})`, function () {
  this.timeout(180_000);
  let cast: Cast;
  let id = 0;
  let first = 0;
  const NOTE = 'Four service lines, each used by a third of the members.';

  const s = useJourney({
    prefix: 'cycles',
    password: PASSWORD,
    env: { SURVEY_RATE_LIMIT: '1000' },
    setup: async (t) => {
      cast = await makeCast(t);
      ({ id: first } = await decideExample1(cast));
      await t.db.knex('improvement_areas').insert({
        assessment_id: first,
        title: 'Member services portfolio',
        description: 'Widen and measure the offer.',
        indicators: JSON.stringify(['SRV-01']),
        documents: JSON.stringify(['D-01']),
        change_described: true,
        created_by: cast.ids.lead,
        created_at: new Date().toISOString(),
      });
      await t.db
        .knex('indicator_values')
        .where({ assessment_id: first, indicator_id: 'SRV-01', author_id: cast.ids.lead, kind: 'assessor' })
        .update({ note: NOTE });
      const created = await expectStatus(
        cast.agents.lead.post('/api/assessments').send({
          clusterId: cast.clusterId,
          frameworkId: cast.frameworkId,
          requestedLabel: 'silver',
          leadId: cast.ids.lead,
          coAssessorId: cast.ids.co,
          traineeIds: [cast.ids.trainee],
          interviewDate: '2027-11-10',
          previousAssessmentId: first,
        }),
        201,
      );
      id = created.body.id;
    },
  });

  const stored = async () =>
    ((await cast.agents.lead.get(`/api/assessments/${id}/values`)).body.values as { indicatorId: string; value: unknown }[]).map((v) => [
      v.indicatorId,
      v.value,
    ]);

  it('the lead sees the baseline, types another level, then keeps last cycle’s value: the kept one is stored', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, 'lead@test.example');
    await s.j.goto(page, `/assessments/${id}/interview?i=SRV-01`);
    const box = (await page.textContent('#baseline'))!;
    expect(box).to.contain(`Last cycle (assessment no. ${first})`).and.contain('Final value: L4').and.contain(NOTE);
    expect(await stored()).to.deep.equal([]);
    await s.j.shot(page, 'runner-baseline');

    await page.check('input[name="level"][value="2"]');
    // leaving the input for the button saves L2 first; the keep lands after it
    await s.j.submit(page, '#keep-baseline button');
    expect(await s.j.flash(page)).to.contain("Last cycle's value of SRV-01 is kept as your value.");
    expect(page.url()).to.contain(`/assessments/${id}/interview?i=SRV-01`);
    expect(await stored()).to.deep.equal([['SRV-01', 4]]);
    expect(await page.isChecked('input[name="level"][value="4"]')).to.equal(true);
    expect(await page.textContent('#baseline')).to.contain('Your value is the same.');
    expect(await page.locator('#keep-baseline').count()).to.equal(0);
    await s.j.shot(page, 'runner-kept');
  });

  it('the co-assessor sees the box on a phone; a trainee sees none', async () => {
    const phone = await s.j.phone();
    await s.j.signIn(phone, 'co@test.example');
    await s.j.goto(phone, `/assessments/${id}/interview?i=SRV-01`);
    await phone.locator('#baseline').scrollIntoViewIfNeeded();
    expect(await phone.textContent('#baseline')).to.contain(NOTE);
    expect(await phone.locator('#keep-baseline button').isVisible()).to.equal(true);
    expect(await phone.evaluate('document.documentElement.scrollWidth'), 'no sideways scrolling').to.be.at.most(390);
    await s.j.shot(phone, 'runner-baseline-phone', false);

    const trainee = await s.j.newPage();
    await s.j.signIn(trainee, 'trainee@test.example');
    await s.j.goto(trainee, `/assessments/${id}/interview?i=SRV-01`);
    expect(await trainee.locator('#baseline').count()).to.equal(0);
    expect(await trainee.content()).not.to.contain(NOTE);
  });

  it('the lead follows the carried area up in Norwegian', async () => {
    const page = await s.j.newPage({ locale: 'nb-NO' });
    await s.j.signIn(page, 'lead@test.example');
    await s.j.goto(page, `/assessments/${id}/improvement-areas?lang=nb`);
    const [ia] = (await cast.agents.lead.get(`/api/assessments/${id}/improvement-areas`)).body;
    const section = `#ia-${ia.id}`;
    expect(await page.textContent(section))
      .to.contain('Ført videre fra forrige syklus')
      .and.contain('Ikke fulgt opp ennå');
    await page.check(`${section}-followup input[name="followup"][value="partly"]`);
    await page.fill(`#ia-${ia.id}-evidence`, 'To av fire tjenestelinjer rapporterer nå bruk.');
    await s.j.submit(page, `${section}-followup button[type=submit]`);
    expect(await s.j.flash(page)).to.contain('Oppfølgingen er lagret: delvis oppnådd.');
    expect(await page.textContent(`${section}-followup`))
      .to.contain('Delvis oppnådd')
      .and.contain('To av fire tjenestelinjer');
    await page.locator(`${section}-followup`).scrollIntoViewIfNeeded();
    await s.j.shot(page, 'followup-nb', false);
    const stored = (await cast.agents.lead.get(`/api/assessments/${id}/improvement-areas`)).body[0];
    expect(stored).to.include({ carriedFrom: ia.carriedFrom, followup: 'partly' });
  });
});
