/**
 * The checklist's upload form without JavaScript: it posts the file with the form's token, is stored
 * by the same service as the JSON API (type judged by content, the checklist item checked, the upload
 * limit), and the outcome comes back as a flash on the checklist.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, pdf, suiteWithCast } from '../support/flow';
import { tokenIn } from '../support/pages';

describe(`the checklist's upload form without JavaScript (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast({ MAX_UPLOAD_MB: '1' });
  let id: number;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
  });

  /** posts `file` for `item` from the checklist page as `agent`; the flash it then shows (as HTML) */
  async function upload(agent: request.Agent, item: string, file: { name: string; data: Buffer } | null, token?: string) {
    const page = await expectStatus(agent.get(`/assessments/${id}/checklist`), 200);
    expect(page.text).to.contain(`action="/assessments/${id}/checklist/upload"`).and.contain('<noscript><button type="submit"');
    let req = agent
      .post(`/assessments/${id}/checklist/upload`)
      .field('_csrf', token ?? tokenIn(page.text))
      .field('item', item);
    if (file) req = req.attach('file', file.data, file.name);
    const res = await req;
    if (res.status !== 303) return { status: res.status, flash: null };
    const next = await agent.get(res.headers.location);
    return {
      status: 303,
      location: res.headers.location,
      flash: /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(next.text)?.slice(1) ?? [],
    };
  }
  const docs = async () =>
    (await suite.cast.agents.lead.get(`/api/assessments/${id}/documents`)).body as { item: string; filename: string }[];

  it('stores the file against its item and says so', async () => {
    const r = await upload(suite.cast.agents.manager, 'D-01', { name: 'strategy 2026.pdf', data: pdf('form upload') });
    expect(r).to.deep.include({
      status: 303,
      location: `/assessments/${id}/checklist#D-01`,
      flash: ['ok', 'D-01: strategy 2026.pdf uploaded.'],
    });
    expect((await docs()).map((d) => [d.item, d.filename])).to.deep.equal([['D-01', 'strategy 2026.pdf']]);
  });

  it('refuses what the API refuses, with the reason, and stores nothing', async () => {
    const m = suite.cast.agents.manager;
    expect((await upload(m, 'D-02', { name: 'notes.pdf', data: Buffer.from('plain text, not a PDF') })).flash).to.deep.equal([
      'error',
      'This file type is not accepted: upload PDF, PNG, JPEG or an office document (DOCX, XLSX, PPTX, ODT, ODS).',
    ]);
    expect((await upload(m, 'D-99', { name: 'x.pdf', data: pdf('x') })).flash).to.deep.equal([
      'error',
      '&quot;D-99&quot; is not an item of the documentation checklist.',
    ]);
    expect((await upload(m, 'D-02', null)).flash).to.deep.equal(['error', 'A file is required (field &quot;file&quot;).']);
    const big = Buffer.concat([pdf('big'), Buffer.alloc(1024 * 1024 + 10, 32)]);
    expect((await upload(m, 'D-02', { name: 'big.pdf', data: big })).flash).to.deep.equal([
      'error',
      'The file is larger than the upload limit.',
    ]);
    expect((await docs()).map((d) => d.item)).to.deep.equal(['D-01']);
  });

  it('needs the form token and an uploader', async () => {
    const { agents } = suite.cast;
    expect((await upload(agents.manager, 'D-02', { name: 'x.pdf', data: pdf('no token') }, 'f'.repeat(64))).status).to.equal(403);
    // a trainee may see the checklist but not upload: refused before the body is read
    const res = await agents.trainee
      .post(`/assessments/${id}/checklist/upload`)
      .field('_csrf', 'x')
      .field('item', 'D-02')
      .attach('file', pdf('trainee'), 'x.pdf');
    expect(res.status).to.be.oneOf([403, 404]);
    expect((await docs()).map((d) => d.item)).to.deep.equal(['D-01']);
  });
});
