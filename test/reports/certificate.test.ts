import { expect } from 'chai';
import { loadImage, createCanvas } from 'canvas';
import QRCode from 'qrcode';
import { renderCertificate, verifyUrl } from '../../reports';
import { certificate, FIXED_NOW } from './fixtures/context';
import { extractImages, pdfImages, pdfInfo, pdfText } from './poppler';

describe('reports/renderCertificate', () => {
  let pdf: Buffer;
  before(async () => {
    pdf = await renderCertificate(certificate, { lang: 'en', now: FIXED_NOW });
  });

  it('is one page with the label, the cluster, the validity and the code', () => {
    expect(pdfInfo(pdf).Pages).to.equal('1');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).to.include('CERTIFICATE');
    expect(text).to.include('Havteknologiklyngen Møre og Romsdal');
    expect(text).to.include('Cluster Management Excellence Label · GOLD');
    expect(text).to.include('31 March 2028');
    expect(text).to.include('CM-2026-0042-GOLD');
    expect(text).to.include('https://clustermark.example/verify/CM-2026-0042-GOLD');
  });

  it('carries a QR code image that encodes the verification address', async () => {
    const images = pdfImages(pdf);
    expect(images).to.have.length(1);
    expect(images[0].width).to.equal(images[0].height);
    const img = await loadImage(extractImages(pdf)[0]);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { size, data } = QRCode.create(verifyUrl(certificate.baseUrl, certificate.code), { errorCorrectionLevel: 'M' }).modules;
    const cell = img.width / (size + 8);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const [r] = ctx.getImageData(Math.floor((x + 4.5) * cell), Math.floor((y + 4.5) * cell), 1, 1).data;
        expect(r < 128, `module ${x},${y}`).to.equal(Boolean(data[y * size + x]));
      }
    }
  });

  it('gives the same bytes for the same input and date', async () => {
    const again = await renderCertificate(certificate, { lang: 'en', now: FIXED_NOW });
    expect(again.equals(pdf)).to.equal(true);
    expect(pdfInfo(pdf).CreationDate).to.equal('2026-04-20T09:00:00Z');
  });

  it('is written in Norwegian in the nb version', async () => {
    const nb = pdfText(await renderCertificate(certificate, { lang: 'nb', now: FIXED_NOW })).replace(/\s+/g, ' ');
    expect(nb).to.include('SERTIFIKAT');
    expect(nb).to.include('Gyldig til');
    expect(nb).to.include('31. mars 2028');
    expect(nb).to.include('GULL');
  });
});
