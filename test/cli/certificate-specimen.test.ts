/**
 * `clustermark report --certificate` draws a certificate from an evidence file: nothing registers it,
 * so it is a specimen and says so (en, nb), with no code that looks registered and no QR code.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../server/cli';
import { pdfImages, pdfInfo, pdfText } from '../reports/poppler';

const ROOT = path.resolve(__dirname, '../..');
const GOLD = path.join(ROOT, 'fixtures/evidence/example-1-gold.json');
const REGISTERED_LOOKING = /CM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/;

async function report(lang: 'en' | 'nb') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-specimen-'));
  const files = { report: path.join(dir, 'report.pdf'), cert: path.join(dir, 'cert.pdf') };
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  out.on('data', (c) => (stdout += c));
  err.resume();
  const code = await main(['report', GOLD, '-o', files.report, '--lang', lang, '--certificate', files.cert], out, err);
  expect(code).to.equal(0);
  return { stdout, report: fs.readFileSync(files.report), cert: fs.readFileSync(files.cert) };
}

describe('command line: the certificate from an evidence file is a specimen', function () {
  this.timeout(60_000);

  it('says "SPECIMEN — not a registered certificate" and shows SPECIMEN for the code, with no QR code (en)', async () => {
    const r = await report('en');
    const text = pdfText(r.cert).replace(/\s+/g, ' ');
    expect(text).to.contain('SPECIMEN — not a registered certificate');
    expect(text).to.match(/Certificate code SPECIMEN/);
    expect(text).to.contain('Isarsensor Cluster'); // still the certificate of that evidence
    expect(text).not.to.match(REGISTERED_LOOKING);
    expect(text).not.to.contain('/verify/');
    expect(pdfImages(r.cert)).to.have.length(0);
    expect(JSON.stringify(pdfInfo(r.cert))).not.to.match(REGISTERED_LOOKING);
    expect(r.stdout).to.contain('specimen').and.not.match(REGISTERED_LOOKING);
    // the report names no certificate code either
    expect(pdfText(r.report)).not.to.match(REGISTERED_LOOKING);
  });

  it('says "PRØVEEKSEMPLAR — ikke et registrert sertifikat" in the nb version', async () => {
    const r = await report('nb');
    const text = pdfText(r.cert).replace(/\s+/g, ' ');
    expect(text).to.contain('PRØVEEKSEMPLAR — ikke et registrert sertifikat');
    // the notice at the top, the notice in the box where the QR code would be, and the code itself
    expect(text).to.contain('Sertifikatkode');
    expect(text.split('PRØVEEKSEMPLAR').length - 1).to.be.at.least(3);
    expect(text).not.to.match(REGISTERED_LOOKING);
    expect(pdfImages(r.cert)).to.have.length(0);
  });
});
