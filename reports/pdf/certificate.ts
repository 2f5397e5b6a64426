/**
 * The label certificate: one landscape page with the label, the cluster, the validity, the
 * certificate code and a QR code that leads to `<baseUrl>/verify/<code>`.
 */
import QRCode from 'qrcode';
import { countryName, fill, formatDate, texts } from '../i18n';
import type { CertificateInput, RenderOptions } from '../types';
import { drawBadge } from './badge';
import { createDocument, finish, FONT } from './document';
import { encodeRgbPng } from './png';
import { COLOR, LABEL_COLOR } from './theme';

export function verifyUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(code)}`;
}

/** The QR code as an opaque black-on-white PNG, 4 pixels per module, with the quiet zone. */
export function qrPng(text: string): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  const quiet = 4;
  const scale = 4;
  const px = (size + 2 * quiet) * scale;
  const bgra = Buffer.alloc(px * px * 4, 0xff);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + quiet) * scale + dy) * px;
        for (let dx = 0; dx < scale; dx++) bgra.fill(0, (row + (x + quiet) * scale + dx) * 4, (row + (x + quiet) * scale + dx) * 4 + 3);
      }
    }
  }
  return encodeRgbPng(bgra, px, px);
}

export async function renderCertificate(input: CertificateInput, opts: RenderOptions): Promise<Buffer> {
  const t = texts(opts.lang);
  const labelName = t.labels[input.label];
  const doc = createDocument(
    {
      title: `${t.certTitle}: ${input.cluster.name}, ${labelName}`,
      author: input.signedBy?.name ?? t.brand,
      subject: `${t.certLabelName} ${labelName}: ${input.code}`,
      keywords: ['ClusterMark', input.code, input.label].join(', '),
      lang: opts.lang === 'nb' ? 'nb-NO' : 'en-GB',
    },
    opts.now,
  );
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  const W = doc.page.width;
  const H = doc.page.height;
  const colour = LABEL_COLOR[input.label];
  const centre = (text: string, y: number, size: number, o: { bold?: boolean; color?: string; spacing?: number } = {}) => {
    doc.font(o.bold ? FONT.bold : FONT.regular).fontSize(size).fillColor(o.color ?? COLOR.ink);
    doc.text(text, 60, y, { width: W - 120, align: 'center', lineBreak: false, characterSpacing: o.spacing ?? 0 });
  };

  doc.rect(18, 18, W - 36, H - 36).lineWidth(3).strokeColor(COLOR.navy).stroke();
  doc.rect(26, 26, W - 52, H - 52).lineWidth(0.8).strokeColor(colour.fill).stroke();
  doc.rect(26, 26, W - 52, 8).fillColor(colour.fill).fill();

  centre(t.brand.toUpperCase(), 56, 11, { bold: true, color: COLOR.navy, spacing: 2 });
  centre(t.certTitle.toUpperCase(), 84, 30, { bold: true, color: COLOR.navy });
  centre(t.certHereby, 132, 11, { color: COLOR.muted });
  centre(input.cluster.name, 152, 24, { bold: true, color: COLOR.ink });
  centre([input.cluster.sector, input.cluster.region, countryName(input.cluster.country, opts.lang)].filter(Boolean).join(' · '), 186, 10, { color: COLOR.muted });
  centre(t.certHasBeen, 212, 11, { color: COLOR.muted });
  centre(`${t.certLabelName} · ${t.labelLong[input.label]}`, 230, 15, { bold: true, color: colour.dark });

  drawBadge(doc, W / 2, 338, 66, input.label, t.labelLong[input.label], t.labelMotto[input.label]);
  centre(t.labelMotto[input.label], 412, 10, { color: colour.dark });

  // validity and code, bottom left
  const x = 64;
  let y = H - 146;
  const fact = (label: string, value: string) => {
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted).text(label, x, y, { lineBreak: false });
    doc.font(FONT.bold).fontSize(11).fillColor(COLOR.ink).text(value, x + 110, y - 2, { lineBreak: false });
    y += 20;
  };
  fact(t.certIssued, formatDate(input.issued, opts.lang));
  fact(t.validUntil, formatDate(input.validUntil, opts.lang));
  fact(t.certificateCode, input.code);
  doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted)
    .text(fill(t.certFramework, { id: input.framework.id, version: input.framework.version }), x, y + 4, { lineBreak: false });

  if (input.signedBy) {
    const sx = W / 2 - 100;
    doc.moveTo(sx, H - 92).lineTo(sx + 200, H - 92).lineWidth(0.6).strokeColor(COLOR.muted).stroke();
    doc.font(FONT.bold).fontSize(10).fillColor(COLOR.ink).text(input.signedBy.name, sx, H - 86, { width: 200, align: 'center', lineBreak: false });
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted).text(input.signedBy.role, sx, H - 72, { width: 200, align: 'center', lineBreak: false });
  }

  // QR code, bottom right
  const url = verifyUrl(input.baseUrl, input.code);
  const q = 92;
  const qx = W - 64 - q;
  const qy = H - 64 - q - 14;
  doc.image(qrPng(url), qx, qy, { width: q, height: q });
  doc.link(qx, qy, q, q, url);
  doc.font(FONT.regular).fontSize(7).fillColor(COLOR.muted).text(t.certVerify, qx - 120, qy + q + 2, { width: q + 120, align: 'right', lineBreak: false });
  doc.font(FONT.regular).fontSize(7).fillColor(COLOR.navy).text(url, qx - 120, qy + q + 11, { width: q + 120, align: 'right', lineBreak: false });
  return finish(doc);
}
