/**
 * Issue 19's Must-show (browser): the paged survey on a 390 × 844 phone with axe-core on every step —
 * the progress bar, the rule for statements 7–13 shown before submitting and counted live (Next held
 * back while too few), Next and Back between the parts, the send; and the survey management page on a
 * phone and a laptop (the link again, its QR code, the invitation text, close). Screenshots go to
 * artifacts/screenshots/survey-phone-*.png.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/app';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { createGoldAssessment, expectStatus, makeCast, type Cast } from '../support/flow';
import { LAPTOP } from '../support/browser';

describe(`the paged survey on a phone, axe-core on every step (${testDialect})`, function () {
  this.timeout(180_000);
  let cast: Cast;
  let id: number;
  let token: string;

  const s = useJourney({
    prefix: 'survey-phone',
    password: PASSWORD,
    setup: async (t) => {
      cast = await makeCast(t);
      id = await createGoldAssessment(cast);
      token = (await expectStatus(cast.agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: 30 }), 201)).body.token;
    },
  });

  const visiblePart = (page: Page) => page.locator('.survey-part:visible .part-heading').textContent();
  const progress = (page: Page) => page.locator('.survey-progress progress').evaluate((el) => (el as unknown as { value: number }).value);

  it('answers the survey one part at a time, with the rule before the send', async () => {
    const page = await s.j.phone();
    await s.j.goto(page, `/survey/${token}`);
    expect(await page.locator('.survey-progress').isVisible()).to.equal(true);
    expect(await visiblePart(page)).to.equal('Part 1 of 4');
    expect(await progress(page)).to.equal(1);
    await s.j.shot(page, 'part1', false);
    await page.check('input[name=Q1][value=companies]');
    await page.check('input[name=Q3][value=yes]');
    await page.click('.survey-part:visible .part-next');
    expect(await visiblePart(page)).to.equal('Part 2 of 4');
    await page.click('.survey-part:visible .part-back');
    expect(await visiblePart(page)).to.equal('Part 1 of 4');
    expect(await page.isChecked('input[name=Q1][value=companies]')).to.equal(true);
    await page.click('.survey-part:visible .part-next');
    await page.check('input[name=Q5][value="4"]');
    await page.click('.survey-part:visible .part-next');
    // the statements: the rule is there before anything is sent, and counts live
    expect(await visiblePart(page)).to.equal('Part 3 of 4');
    expect(await progress(page)).to.equal(3);
    expect(await page.locator('.survey-rule').textContent()).to.contain('Statements 7–13: please answer at least 4 of them');
    await page.check('input[name=Q7][value="4"]');
    await page.check('input[name=Q8][value="5"]');
    expect(await page.locator('.rule-count').textContent()).to.equal('Answered: 2 (at least 4 needed).');
    await page.click('.survey-part:visible .part-next');
    expect(await visiblePart(page)).to.equal('Part 3 of 4'); // held back: too few
    await s.j.axe(page, 'too few statements');
    await s.j.shot(page, 'rule-too-few', false);
    await page.check('input[name=Q9][value="3"]');
    await page.check('input[name=Q10][value="4"]');
    expect(await page.locator('.rule-count').textContent()).to.equal('Enough statements answered.');
    await page.click('.survey-part:visible .part-next');
    expect(await visiblePart(page)).to.equal('Part 4 of 4');
    expect(await page.locator('.survey-submit').isVisible()).to.equal(true);
    await page.check('input[name=Q14][value="9"]');
    await s.j.axe(page, 'last part');
    await s.j.shot(page, 'part4', false);
    await s.j.submit(page, '.survey-submit');
    expect(page.url()).to.match(/\/thanks$/);
    await s.j.shot(page, 'thanks');
    const n = await s.t.db.knex('surveys').where({ assessment_id: id }).first('responses');
    expect(Number(n.responses)).to.equal(1);
  });

  it('works as one long form without JavaScript', async () => {
    const page = await s.j.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false });
    await page.goto(`${s.j.base}/survey/${token}`);
    expect(await page.locator('.survey-part:visible').count()).to.equal(4);
    expect(await page.locator('.survey-progress').isVisible()).to.equal(false);
    await page.check('input[name=Q1][value=companies]');
    for (const q of ['Q7', 'Q8', 'Q9', 'Q10']) await page.check(`input[name=${q}][value="4"]`);
    await Promise.all([page.waitForNavigation(), page.click('.survey-submit')]);
    expect(page.url()).to.match(/\/thanks$/);
  });

  it('shows the manager the link again, with its QR code, invitation and close, on a phone and a laptop', async () => {
    const page = await s.j.phone();
    await s.j.signIn(page, 'manager@test.example');
    await s.j.goto(page, `/assessments/${id}`);
    await s.j.follow(page, `a[href="/assessments/${id}/survey"]`);
    expect(await page.inputValue('#survey-url-en')).to.contain(`/survey/${token}?lang=en`);
    expect(await page.locator('.qr img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).to.be.greaterThan(0);
    expect(await page.locator('#survey-invitation').inputValue()).to.contain(`/survey/${token}?lang=en`);
    expect(await page.locator('button[data-copy="survey-url-en"]').isVisible()).to.equal(true);
    await s.j.shot(page, 'manage-phone');
    await page.setViewportSize(LAPTOP);
    await s.j.axe(page, 'laptop');
    await s.j.shot(page, 'manage-laptop');
    await s.j.submit(page, `form[action="/assessments/${id}/survey/close"] button`);
    expect(await s.j.flash(page)).to.contain('The survey is closed');
    await page.setViewportSize({ width: 390, height: 844 });
    await s.j.goto(page, `/assessments/${id}/survey?lang=nb`);
    expect(await page.locator('#sm-state').textContent()).to.contain('Undersøkelsen er lukket');
    expect(await page.locator('#survey-invitation').inputValue()).to.contain('Kjære medlem');
    await s.j.shot(page, 'manage-phone-nb-closed');
    const form = await s.j.phone();
    s.j.expectedStatuses = [410];
    await form.goto(`${s.j.base}/survey/${token}`);
    expect(await form.locator('h1').textContent()).to.be.a('string');
    await s.j.shot(form, 'closed-form');
  });
});
