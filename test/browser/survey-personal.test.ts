/**
 * Issue 19, items 2 and 4 (browser, axe-core on every step): a personal survey link on a 390 × 844
 * phone — answer part of the survey, open the link again and find the answers restored (the draft,
 * sealed under the token on the server), then send; the link then says it has answered. And the
 * management page on a phone and a laptop: addresses pasted, the list with each address's status.
 * Screenshots go to artifacts/screenshots/survey-personal-*.png.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/app';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { createGoldAssessment, expectStatus, makeCast, type Cast } from '../support/flow';
import { LAPTOP, PHONE } from '../support/browser';

describe(`a personal survey link on a phone: save and resume (${testDialect})`, function () {
  this.timeout(180_000);
  let cast: Cast;
  let id: number;
  let link: string;

  const s = useJourney({
    prefix: 'survey-personal',
    password: PASSWORD,
    setup: async (t) => {
      cast = await makeCast(t);
      id = await createGoldAssessment(cast);
      await expectStatus(
        cast.agents.manager
          .post(`/api/assessments/${id}/survey/participants`)
          .send({ emails: ['kari@example.org', 'ola@example.org'], lang: 'en' }),
        201,
      );
      // the invitation still queued: its link is in the outbox row until it is sent
      const mail = await t.db.knex('mail_outbox').where({ recipient: 'kari@example.org' }).first();
      link = new URL(JSON.parse(mail.payload).url as string).pathname;
    },
  });

  const visiblePart = (page: Page) => page.locator('.survey-part:visible .part-heading').textContent();
  /** Next or Back, waiting for the draft to be saved on the server */
  async function move(page: Page, which: 'next' | 'back') {
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/draft') && r.request().method() === 'POST' && r.status() === 204),
      page.click(`.survey-part:visible .part-${which}`),
    ]);
  }

  it('answers part, opens the link again and finds the answers, then sends once', async () => {
    const page = await s.j.phone();
    await s.j.goto(page, `${link}?lang=en`);
    expect(await page.locator('main').textContent()).to.contain('This link is yours alone');
    await page.check('input[name=Q1][value=companies]');
    await page.check('input[name=Q3][value=yes]');
    await move(page, 'next');
    await page.check('input[name=Q5][value="4"]');
    await move(page, 'next');
    await page.check('input[name=Q7][value="2"]');
    await move(page, 'back');
    // nothing readable on the server: the draft is sealed
    const draft = await s.t.db.knex('survey_drafts').where({ assessment_id: id }).first();
    expect(draft.sealed).not.to.contain('companies');

    // the respondent comes back later (a new tab from the mail's link)
    const again = await s.j.phone();
    await s.j.goto(again, `${link}?lang=en`);
    expect(await again.locator('.notice').textContent()).to.contain('Welcome back');
    expect(await visiblePart(again)).to.equal('Part 1 of 4');
    expect(await again.isChecked('input[name=Q1][value=companies]')).to.equal(true);
    expect(await again.isChecked('input[name=Q3][value=yes]')).to.equal(true);
    await s.j.shot(again, 'resumed', false);
    await again.click('.survey-part:visible .part-next');
    expect(await again.isChecked('input[name=Q5][value="4"]')).to.equal(true);
    await again.click('.survey-part:visible .part-next');
    expect(await again.isChecked('input[name=Q7][value="2"]')).to.equal(true);
    await s.j.shot(again, 'resumed-statements', false);
    for (const q of ['Q8', 'Q9', 'Q10']) await again.check(`input[name=${q}][value="4"]`);
    await again.click('.survey-part:visible .part-next');
    await s.j.submit(again, '.survey-submit');
    expect(again.url()).to.match(/\/thanks$/);
    expect(await s.t.db.knex('survey_drafts').where({ assessment_id: id })).to.have.length(0);
    const n = await s.t.db.knex('surveys').where({ assessment_id: id }).first('responses');
    expect(Number(n.responses)).to.equal(1);

    // the link has answered: it says so
    s.j.expectedStatuses = [410];
    await s.j.goto(again, `${link}?lang=en`);
    expect(await again.locator('main').textContent()).to.contain('You have answered this survey already');
    s.j.expectedStatuses = [];
  });

  it('saves without JavaScript too (Save and continue later)', async () => {
    const mail = await s.t.db.knex('mail_outbox').where({ recipient: 'ola@example.org' }).first();
    const other = new URL(JSON.parse(mail.payload).url as string).pathname;
    const page = await s.j.newPage({ viewport: PHONE, isMobile: true, javaScriptEnabled: false });
    await page.goto(`${s.j.base}${other}?lang=nb`);
    await page.check('input[name=Q1][value=companies]');
    await Promise.all([page.waitForNavigation(), page.click('.save-later')]);
    expect(await page.locator('.notice').textContent()).to.contain('Svarene dine så langt er lagret');
    await page.goto(`${s.j.base}${other}?lang=nb`);
    expect(await page.isChecked('input[name=Q1][value=companies]')).to.equal(true);
  });

  it('shows the manager the personal links with their status, on a phone and a laptop', async () => {
    const page = await s.j.phone();
    await s.j.signIn(page, 'manager@test.example');
    await s.j.goto(page, `/assessments/${id}/survey`);
    await page.fill('#addresses', 'liv@example.org\n"Per Hansen" <per@example.org>, kari@example.org');
    await s.j.submit(page, 'form.personal-form button[type=submit]');
    expect(await s.j.flash(page))
      .to.contain('2 invitations are on the way')
      .and.contain('kari@example.org (invited already)');
    expect(await page.locator('#sm-personal-counts').textContent()).to.contain('4 invited by personal link: 1 answered');
    const rows = await page.locator('table.personal-list tbody tr').allTextContents();
    expect(rows.find((r) => r.includes('kari@example.org'))).to.contain('answered');
    expect(await page.locator('#every-days').isVisible()).to.equal(true);
    // no horizontal scrolling at 390 px
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(390);
    await s.j.shot(page, 'manage-phone');
    await s.j.submit(page, `form[action="/assessments/${id}/survey/remind"] button`);
    expect(await s.j.flash(page)).to.contain('3 reminders are on the way');
    await page.setViewportSize(LAPTOP);
    await s.j.goto(page, `/assessments/${id}/survey`);
    await page.selectOption('#every-days', '7');
    await s.j.submit(page, `form[action="/assessments/${id}/survey/schedule"] button`);
    expect(await s.j.flash(page)).to.contain('The reminder schedule is saved');
    await s.j.shot(page, 'manage-laptop');
    await s.j.goto(page, `/assessments/${id}/survey?lang=nb`);
    expect(await page.locator('#sm-personal-h').textContent()).to.equal('Personlige lenker');
  });
});
