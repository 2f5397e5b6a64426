/**
 * More than one file per checklist item (issue 16, item 6): the CVs of a team are several uploads to
 * one item, each reviewed on its own; the item's status, which the engine scores, is accepted only when
 * every file that counts is accepted, waits while one file waits, and is rejected while a rejected file
 * stands, until the manager replaces or removes it. A document is previewed inline only when a browser
 * shows its type itself, and only that answer may be framed, by our own pages.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, pdf, suiteWithCast } from '../support/flow';

/** a 1×1 PNG */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6b9a70000000049454e44ae426082',
  'hex',
);
/** the smallest ZIP that file-type reads as a DOCX: stored [Content_Types].xml and word/document.xml */
function docx(): Buffer {
  const entry = (name: string, body: string) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(Buffer.byteLength(body), 18);
    header.writeUInt32LE(Buffer.byteLength(body), 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name), Buffer.from(body)]);
  };
  return Buffer.concat([entry('[Content_Types].xml', '<Types/>'), entry('word/document.xml', '<w:document/>')]);
}

describe(`several files per checklist item and the item's status (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let id: number;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
  });

  function upload(item: string, name: string, opts: { replaces?: number; agent?: request.Agent; data?: Buffer } = {}) {
    let req = (opts.agent ?? suite.cast.agents.manager).post(`/api/assessments/${id}/documents`).field('item', item);
    if (opts.replaces !== undefined) req = req.field('replaces', String(opts.replaces));
    return req.attach('file', opts.data ?? pdf(name), name);
  }
  const review = (docId: number, status: 'accepted' | 'rejected', comment?: string) =>
    expectStatus(suite.cast.agents.lead.post(`/api/assessments/${id}/documents/${docId}/review`).send({ status, comment }), 200);
  /** D-09's status as the engine scores it (MGT-02 needs the staff list) */
  async function scored(item = 'D-09', indicator = 'MGT-02'): Promise<string> {
    const score = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/score`), 200)).body;
    const ind = score.indicators.find((i: { id: string }) => i.id === indicator);
    return ind.evidence.documents.find((d: { id: string }) => d.id === item).status;
  }

  it('keeps every CV uploaded to one item, each awaiting its own review', async () => {
    const ids = [];
    for (const name of ['cv-kari.pdf', 'cv-ola.pdf', 'cv-ingrid.pdf']) {
      const res = await expectStatus(upload('D-09', name), 201);
      expect(res.body).to.include({ item: 'D-09', filename: name, status: 'uploaded', current: true, itemStatus: 'uploaded' });
      ids.push(res.body.id);
    }
    const list = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents`), 200)).body;
    expect(
      list.filter((d: { item: string }) => d.item === 'D-09').map((d: { id: number; current: boolean }) => [d.id, d.current]),
    ).to.deep.equal(ids.map((x) => [x, true]));
    expect(await scored()).to.equal('uploaded');
  });

  it('gives the item its status from all its files: waiting while one waits, rejected while one is rejected, else accepted', async () => {
    const files = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents`), 200)).body.filter(
      (d: { item: string }) => d.item === 'D-09',
    ) as { id: number }[];
    const [kari, ola, ingrid] = files.map((f) => f.id);
    expect((await review(kari, 'accepted')).body.itemStatus).to.equal('uploaded');
    expect((await review(ola, 'accepted')).body.itemStatus).to.equal('uploaded');
    expect(await scored()).to.equal('uploaded');
    expect((await review(ingrid, 'rejected', 'Not on the management team')).body.itemStatus).to.equal('rejected');
    expect(await scored()).to.equal('rejected');
    // the manager replaces the rejected CV: the new one waits, the old one is history
    const replaced = await expectStatus(upload('D-09', 'cv-ingrid-2026.pdf', { replaces: ingrid }), 201);
    expect(replaced.body.itemStatus).to.equal('uploaded');
    const list = (await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents`), 200)).body;
    expect(list.find((d: { id: number }) => d.id === ingrid)).to.include({ current: false, replacedBy: replaced.body.id });
    expect((await review(replaced.body.id, 'accepted')).body.itemStatus).to.equal('accepted');
    expect(await scored()).to.equal('accepted');
    // a CV added later puts the item back to review; removing it makes it accepted again
    const added = await expectStatus(upload('D-09', 'cv-new-hire.pdf'), 201);
    expect(added.body.itemStatus).to.equal('uploaded');
    expect(await scored()).to.equal('uploaded');
    // the co-assessor may not remove it, and is told so in those words
    const refused = await expectStatus(suite.cast.agents.co.post(`/api/assessments/${id}/documents/${added.body.id}/withdraw`), 403);
    expect(refused.body.error.message).to.match(/^You may not remove a document on this assessment\b/);
    const removed = await expectStatus(suite.cast.agents.manager.post(`/api/assessments/${id}/documents/${added.body.id}/withdraw`), 200);
    expect(removed.body).to.include({ current: false, replacedBy: null, itemStatus: 'accepted' });
    expect(await scored()).to.equal('accepted');
    // a replaced or removed file is not reviewed again
    const stale = await expectStatus(
      suite.cast.agents.lead.post(`/api/assessments/${id}/documents/${ingrid}/review`).send({ status: 'accepted' }),
      409,
    );
    expect(stale.body.error.code).to.equal('document_superseded');
    // every step is in the audit log
    const actions = (await suite.t.db.knex('audit_log').whereIn('action', ['document.upload', 'document.withdraw']).orderBy('id')).map(
      (e) => [e.action, JSON.parse(e.after).replaces ?? null],
    );
    expect(actions.slice(-3)).to.deep.equal([
      ['document.upload', ingrid],
      ['document.upload', null],
      ['document.withdraw', null],
    ]);
  });

  it('replaces only a file of the same item that still counts, and removes only such a file', async () => {
    const { agents } = suite.cast;
    const a = (await expectStatus(upload('D-01', 'strategy.pdf'), 201)).body.id;
    const otherItem = await expectStatus(upload('D-02', 'plan.pdf', { replaces: a }), 400);
    expect(otherItem.body.error.details).to.deep.equal([{ path: '/replaces', message: 'is a file of D-01' }]);
    expect((await expectStatus(upload('D-01', 'x.pdf', { replaces: 2147483000 }), 404)).body.error.code).to.equal('not_found');
    expect((await expectStatus(upload('D-01', 'x.pdf', { replaces: 'abc' as unknown as number }), 400)).body.error.details).to.deep.equal([
      { path: '/replaces', message: 'is not a document id' },
    ]);
    await expectStatus(agents.manager.post(`/api/assessments/${id}/documents/${a}/withdraw`), 200);
    expect((await expectStatus(agents.manager.post(`/api/assessments/${id}/documents/${a}/withdraw`), 409)).body.error.code).to.equal(
      'document_superseded',
    );
    expect((await expectStatus(upload('D-01', 'x.pdf', { replaces: a }), 409)).body.error.code).to.equal('document_superseded');
    // nothing was stored by the refused uploads
    const d01 = (await expectStatus(agents.lead.get(`/api/assessments/${id}/documents`), 200)).body.filter(
      (d: { item: string }) => d.item === 'D-01',
    );
    expect(d01.map((d: { filename: string; current: boolean }) => [d.filename, d.current])).to.deep.equal([['strategy.pdf', false]]);
    expect(await scored('D-01', 'SRV-01')).to.equal('not_provided');
  });

  it('lets whoever may upload remove a file (the manager, the lead), and nobody else', async () => {
    const { agents } = suite.cast;
    for (const [who, status] of [
      ['anonymous', 401],
      ['co', 403],
      ['trainee', 403],
      ['admin', 403],
      ['other', 404],
      ['otherManager', 404],
      ['lead', 200],
    ] as const) {
      const doc = (await expectStatus(upload('D-03', `${who}.pdf`), 201)).body.id;
      const res = await agents[who].post(`/api/assessments/${id}/documents/${doc}/withdraw`);
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).to.equal(status);
    }
  });

  it('serves a PDF and an image inline for the preview, framable by our own pages only; anything else as a download', async () => {
    const { agents } = suite.cast;
    const pdfDoc = (await expectStatus(upload('D-04', 'members.pdf'), 201)).body.id;
    const pngDoc = (await expectStatus(upload('D-04', 'chart.png', { data: PNG }), 201)).body.id;
    for (const [doc, type] of [
      [pdfDoc, 'application/pdf'],
      [pngDoc, 'image/png'],
    ] as const) {
      const res = await expectStatus(agents.trainee.get(`/api/assessments/${id}/documents/${doc}/preview`), 200);
      expect(res.headers['content-type']).to.equal(type);
      expect(res.headers['content-disposition']).to.match(/^inline; filename="/);
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['x-frame-options']).to.equal('SAMEORIGIN');
      expect(res.headers['content-security-policy']).to.equal(
        "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
      );
      // the download of the same file stays an attachment that no page may frame
      const down = await expectStatus(agents.trainee.get(`/api/assessments/${id}/documents/${doc}`), 200);
      expect(down.headers['content-disposition']).to.match(/^attachment; /);
      expect(down.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
    }
    // the pages keep their policy: nothing frames them
    const page = await expectStatus(agents.lead.get(`/assessments/${id}/checklist`), 200);
    expect(page.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).to.not.contain("frame-ancestors 'self'");
  });

  it('downloads a type the browser does not show, even from the preview address', async () => {
    const doc = (await expectStatus(upload('D-05', 'budget.docx', { data: docx() }), 201)).body;
    expect(doc.mime).to.equal('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const res = await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents/${doc.id}/preview`), 200);
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="budget.docx"/);
    expect(res.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
  });
});
