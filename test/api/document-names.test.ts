/**
 * Uploaded file names keep their UTF-8 letters (æøå), through the API and the checklist page's form;
 * a download is named by the type its content was judged to be, never by the uploader's extension.
 */
import { expect } from 'chai';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, pdf, suiteWithCast } from '../support/flow';
import { attachmentHeader, downloadName } from '../../server/services/documents';

/** The name a browser saves a download under: RFC 5987's filename* when present (RFC 6266). */
function savedName(disposition: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  return /filename="([^"]*)"/.exec(disposition)![1];
}

describe(`document file names (${testDialect})`, function () {
  this.timeout(60_000);
  const suite = suiteWithCast();
  let id: number;
  before(async () => {
    id = await createGoldAssessment(suite.cast);
  });

  it('keeps æøå of an uploaded file name (JSON API), and the download carries it', async () => {
    const up = await expectStatus(
      suite.cast.agents.manager
        .post(`/api/assessments/${id}/documents`)
        .field('item', 'D-01')
        .attach('file', pdf('utf8'), 'Årsrapport for Ørland og Ærø.pdf'),
      201,
    );
    expect(up.body.filename).to.equal('Årsrapport for Ørland og Ærø.pdf');
    const down = await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents/${up.body.id}`), 200);
    expect(savedName(down.headers['content-disposition'])).to.equal('Årsrapport for Ørland og Ærø.pdf');
    expect(down.headers['content-disposition']).to.match(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/);
  });

  it('keeps æøå through the checklist page’s upload form', async () => {
    const m = suite.cast.agents.manager;
    const page = await expectStatus(m.get(`/assessments/${id}/checklist`), 200);
    const token = /name="_csrf" value="([0-9a-f]+)"/.exec(page.text)![1];
    await expectStatus(
      m
        .post(`/assessments/${id}/checklist/upload`)
        .field('_csrf', token)
        .field('item', 'D-02')
        .attach('file', pdf('form'), 'Økonomi – året.pdf'),
      303,
    );
    const docs = (await suite.cast.agents.lead.get(`/api/assessments/${id}/documents`)).body as { item: string; filename: string }[];
    expect(docs.find((d) => d.item === 'D-02')?.filename).to.equal('Økonomi – året.pdf');
  });

  it('names a download by the type its content was judged to be: poly.html holding a PDF is saved as poly.pdf', async () => {
    const up = await expectStatus(
      suite.cast.agents.manager
        .post(`/api/assessments/${id}/documents`)
        .field('item', 'D-03')
        .attach('file', pdf('<html><script>alert(1)</script>'), 'poly.html'),
      201,
    );
    expect(up.body.mime).to.equal('application/pdf');
    const down = await expectStatus(suite.cast.agents.lead.get(`/api/assessments/${id}/documents/${up.body.id}`), 200);
    expect(down.headers['content-type']).to.match(/^application\/pdf/);
    expect(savedName(down.headers['content-disposition'])).to.equal('poly.pdf');
    expect(/filename="([^"]*)"/.exec(down.headers['content-disposition'])?.[1]).to.equal('poly.pdf');
  });

  it('download names: the extension follows the type; the ASCII fallback has no quote, backslash or non-ASCII', () => {
    expect(downloadName('report.final.docx', 'application/pdf')).to.equal('report.final.pdf');
    expect(downloadName('scan', 'image/png')).to.equal('scan.png');
    expect(downloadName('.htaccess', 'image/jpeg')).to.equal('document.jpg');
    expect(attachmentHeader('a "b" \\ æ.pdf')).to.equal(
      `attachment; filename="a _b_ _ _.pdf"; filename*=UTF-8''a%20%22b%22%20%5C%20%C3%A6.pdf`,
    );
  });
});
