/**
 * The checklist page with several files per item and review in place (issue 16, item 6), as a browser
 * without JavaScript uses it: each item lists its files with their status, a preview opens inside the
 * page (?preview=), the ticked files are reviewed at once by one form, a file is replaced or removed
 * by its own form, every form needs the page's token, and the outcome comes back as a flash; the
 * script's data (the token for the JSON API, the texts) is on the page, in the reader's language.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, pdf, suiteWithCast } from '../support/flow';
import { tokenIn } from '../support/pages';

describe(`the checklist page: several files, preview and review in place (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let id: number;
  const doc: Record<string, number> = {};
  before(async () => {
    id = await createGoldAssessment(suite.cast);
    for (const [item, name] of [
      ['D-01', 'strategy.pdf'],
      ['D-09', 'cv-kari.pdf'],
      ['D-09', 'cv-ola.pdf'],
    ]) {
      const res = await expectStatus(
        suite.cast.agents.manager.post(`/api/assessments/${id}/documents`).field('item', item).attach('file', pdf(name), name),
        201,
      );
      doc[name] = res.body.id;
    }
  });

  const flashOf = (html: string) => /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(html)?.slice(1) ?? [];
  /** the item's block of the page */
  const itemIn = (html: string, item: string) => {
    const at = html.indexOf(`id="${item}" data-item`);
    const end = html.indexOf('<li class="check-item', at);
    return html.slice(html.lastIndexOf('<li class="check-item', at), end === -1 ? undefined : end);
  };
  async function page(agent: request.Agent, query = '') {
    return (await expectStatus(agent.get(`/assessments/${id}/checklist${query}`), 200)).text;
  }
  async function post(agent: request.Agent, path: string, form: string) {
    const res = await agent.post(path).type('form').send(form);
    expect(res.status, res.text).to.equal(303);
    return { location: res.headers.location as string, flash: flashOf(await page(agent)) };
  }

  it('lists every file of an item with its own status, the item with the status of all of them', async () => {
    const html = await page(suite.cast.agents.lead);
    const d09 = itemIn(html, 'D-09');
    expect(d09).to.contain('class="check-item status-uploaded').and.contain('cv-kari.pdf').and.contain('cv-ola.pdf');
    expect(d09.match(/class="file-row"/g)).to.have.length(2);
    // the lead ticks files for the review of several at once, and reviews each one
    expect(d09).to.contain(`id="pick-${doc['cv-kari.pdf']}"`).and.contain('form="bulk-review"');
    expect(d09).to.contain(`action="/assessments/${id}/documents/${doc['cv-ola.pdf']}/review"`);
    expect(html).to.contain(`<form id="bulk-review" class="bulk-review" method="post" action="/assessments/${id}/documents/review"`);
    // the script's data: the token for the JSON API and the texts
    const data = JSON.parse(/<script type="application\/json" id="checklist-data">([^<]*)<\/script>/.exec(html)![1]);
    expect(data.csrf).to.equal(tokenIn(html));
    expect(data.t.status.accepted).to.equal('Accepted');
    expect(data.progress).to.equal('accepted');
  });

  it('shows what each role may do: the manager uploads, replaces and removes; the trainee only reads', async () => {
    const manager = await page(suite.cast.agents.manager);
    expect(manager).to.contain(`name="replaces" value="${doc['cv-kari.pdf']}"`).and.contain(`/documents/${doc['cv-kari.pdf']}/withdraw`);
    expect(manager).to.not.contain('bulk-review').and.not.contain('class="review-form"');
    const trainee = await page(suite.cast.agents.trainee);
    expect(trainee).to.contain('cv-kari.pdf');
    expect(trainee)
      .to.not.contain('bulk-review')
      .and.not.contain('class="review-form"')
      .and.not.contain('/withdraw')
      .and.not.contain('dropzone');
    await expectStatus(suite.cast.agents.otherManager.get(`/assessments/${id}/checklist`), 404);
  });

  it('opens a preview inside the page without JavaScript (?preview=), only of a file of this checklist', async () => {
    const html = await page(suite.cast.agents.trainee, `?preview=${doc['cv-ola.pdf']}`);
    expect(html).to.contain(`<iframe src="/api/assessments/${id}/documents/${doc['cv-ola.pdf']}/preview" title="Preview of cv-ola.pdf">`);
    expect(itemIn(html, 'D-09')).to.contain('class="check-item status-uploaded previewing"');
    for (const q of ['?preview=2147483000', '?preview=abc', '']) expect(await page(suite.cast.agents.trainee, q)).to.not.contain('<iframe');
  });

  it('reviews the ticked files at once from the form, all or nothing, with the token', async () => {
    const { lead } = suite.cast.agents;
    const html = await page(lead);
    const token = tokenIn(html);
    const ids = [doc['strategy.pdf'], doc['cv-kari.pdf'], doc['cv-ola.pdf']];
    // without the token: refused, nothing changes
    expect(
      (await lead.post(`/assessments/${id}/documents/review`).type('form').send(`ids=${ids[0]}&status=accepted&comment=`)).status,
    ).to.equal(403);
    // one id that is not a file of this assessment: the reason, nothing changes
    const bad = await post(
      lead,
      `/assessments/${id}/documents/review`,
      `_csrf=${token}&ids=${ids[0]}&ids=2147483000&status=accepted&comment=`,
    );
    expect(bad.flash).to.deep.equal(['error', 'Document not found.']);
    // nothing ticked: the reason
    expect((await post(lead, `/assessments/${id}/documents/review`, `_csrf=${token}&status=accepted&comment=`)).flash).to.deep.equal([
      'error',
      'Select at least one file.',
    ]);
    let statuses = (await expectStatus(lead.get(`/api/assessments/${id}/documents`), 200)).body.map((d: { status: string }) => d.status);
    expect(statuses).to.deep.equal(['uploaded', 'uploaded', 'uploaded']);
    const ok = await post(
      lead,
      `/assessments/${id}/documents/review`,
      `_csrf=${token}&ids=${ids.join('&ids=')}&status=accepted&comment=${encodeURIComponent('Seen in the interview')}`,
    );
    expect(ok).to.deep.equal({ location: `/assessments/${id}/checklist`, flash: ['ok', 'Review of D-01, D-09 saved.'] });
    statuses = (await expectStatus(lead.get(`/api/assessments/${id}/documents`), 200)).body.map((d: { status: string }) => d.status);
    expect(statuses).to.deep.equal(['accepted', 'accepted', 'accepted']);
    expect(itemIn(await page(lead), 'D-09'))
      .to.contain('class="check-item status-accepted')
      .and.contain('Seen in the interview');
  });

  it('reviews one file from its form and lands on it; a rejected CV holds its item back until it is replaced', async () => {
    const { lead, manager } = suite.cast.agents;
    const token = tokenIn(await page(lead));
    const kari = doc['cv-kari.pdf'];
    const one = await post(lead, `/assessments/${id}/documents/${kari}/review`, `_csrf=${token}&status=rejected&comment=Outdated`);
    expect(one).to.deep.equal({ location: `/assessments/${id}/checklist#doc-${kari}`, flash: ['ok', 'Review of D-09 saved.'] });
    expect(itemIn(await page(lead), 'D-09')).to.contain('class="check-item status-rejected');
    // the manager replaces it through the item's form without JavaScript
    const mToken = tokenIn(await page(manager));
    const res = await manager
      .post(`/assessments/${id}/checklist/upload`)
      .field('_csrf', mToken)
      .field('item', 'D-09')
      .field('replaces', String(kari))
      .attach('file', pdf('kari 2026'), 'cv-kari-2026.pdf');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`/assessments/${id}/checklist#D-09`);
    const d09 = itemIn(await page(manager), 'D-09');
    expect(d09).to.contain('class="check-item status-uploaded').and.contain('cv-kari-2026.pdf');
    // the old file is in the item's history, marked as replaced
    expect(d09).to.match(
      /<details class="history"><summary>Replaced and removed files \(1\)<\/summary>[\s\S]*cv-kari\.pdf[\s\S]*replaced 20/,
    );
  });

  it('removes a file from its form (with the token), in the reader’s language', async () => {
    const { manager } = suite.cast.agents;
    const html = await page(manager, '?lang=nb');
    expect(html).to.contain('Erstatt').and.contain('Fjern').and.contain('Et punkt er godkjent når alle filene er godkjent');
    const ola = doc['cv-ola.pdf'];
    expect((await manager.post(`/assessments/${id}/documents/${ola}/withdraw`).type('form').send('_csrf=bad')).status).to.equal(403);
    const done = await post(manager, `/assessments/${id}/documents/${ola}/withdraw`, `_csrf=${tokenIn(html)}`);
    expect(done.location).to.equal(`/assessments/${id}/checklist#D-09`);
    expect(done.flash).to.deep.equal(['ok', 'D-09: cv-ola.pdf er fjernet.']);
    // removed twice: the reason, in bokmål
    const again = await post(manager, `/assessments/${id}/documents/${ola}/withdraw`, `_csrf=${tokenIn(html)}`);
    expect(again.flash[0]).to.equal('error');
    expect(again.flash[1]).to.contain('erstattet eller fjernet');
    const d09 = itemIn(await page(manager), 'D-09');
    expect(d09).to.match(/cv-ola\.pdf[\s\S]*fjernet 20/);
    expect(d09.match(/class="file-row"/g)).to.have.length(1);
  });
});
