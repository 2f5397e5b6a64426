/**
 * The cluster page in a real browser on the demo data (Fjordtech's cycles: an earlier Bronze, the Gold
 * that supersedes it, the Gold's renewal in preparation), with axe-core on every page: the admin
 * reaches it from the dashboard and starts the next assessment from it (the form names the last
 * decided assessment as previousAssessmentId); the lead reads it on a phone; the manager in Norwegian
 * from the assessment page's link. Screenshots go to artifacts/screenshots/ (git-ignored).
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { useJourney } from '../support/journey';
import { DEMO_PASSWORD } from '../../fixtures/demo';

describe(`the cluster page in a real browser, axe-core on every page (${testDialect})`, function () {
  this.timeout(180_000);

  const s = useJourney({ prefix: 'cluster', password: DEMO_PASSWORD, env: { DEMO: '1' } });

  it('the admin opens it from the dashboard: the Gold valid, the Bronze superseded by it, and starts the next assessment', async () => {
    const page = await s.j.newPage();
    await s.j.signIn(page, 'admin@clustermark.test');
    await s.j.follow(page, '#clusters a[href="/clusters/1"]');
    expect(page.url()).to.equal(`${s.base}/clusters/1`);
    const timeline = await page.textContent('#labels');
    expect(timeline)
      .to.match(/Gold\s*Valid/)
      .and.to.match(/Bronze\s*Superseded/);
    expect(timeline).to.contain('Superseded on 14 March 2026 by the Gold label');
    expect(await page.textContent('#renewal')).to.contain('Renew by 31 March 2028');
    expect(await page.textContent('#next-assessment')).to.contain('It starts from assessment no. 1');
    await s.j.shot(page, 'admin');

    await page.selectOption('#nx-lead', { label: (await page.locator('#nx-lead option', { hasText: 'Gold' }).first().textContent())! });
    await page.fill('#nx-date', '2028-01-20');
    await s.j.submit(page, '#next-assessment button[type=submit]');
    const id = Number(/\/assessments\/(\d+)$/.exec(page.url())?.[1]);
    expect(id).to.be.greaterThan(5);
    const made = await s.t.db.knex('assessment_cycles').where({ assessment_id: id }).first('previous_assessment_id');
    expect(Number(made.previous_assessment_id)).to.equal(1);
    // its cluster name leads back to the cluster page, which lists it as started from the Gold
    await s.j.follow(page, 'a[href="/clusters/1"]');
    expect(await page.textContent('#cycles')).to.contain(`${id} started from no. 1`);
  });

  it('the lead reads it on a phone, and the manager in Norwegian (no start form for the manager)', async () => {
    const phone = await s.j.phone();
    await s.j.signIn(phone, 'lead@clustermark.test');
    await s.j.goto(phone, '/clusters/1');
    expect(await phone.textContent('#cycles')).to.contain('Label decided');
    // nothing wider than the phone
    expect(await phone.evaluate('document.documentElement.scrollWidth')).to.be.at.most(390);
    await s.j.shot(phone, 'lead-phone');

    const page = await s.j.newPage({ locale: 'nb-NO' });
    await s.j.signIn(page, 'manager@clustermark.test');
    await s.j.goto(page, '/assessments/1?lang=nb');
    await s.j.follow(page, 'a[href="/clusters/1"]');
    const text = (await page.textContent('main')) ?? '';
    expect(text).to.contain('Merkehistorikk').and.to.contain('Erstattet').and.to.contain('Forny innen 31. mars 2028');
    expect(text).to.not.contain('Label history');
    expect(await page.locator('#next-assessment').count()).to.equal(0);
    await s.j.shot(page, 'manager-nb');
  });
});
