/**
 * The label certificate: one landscape page with the label, the cluster, the framework by its title,
 * the validity, the certificate code, the issuing body, the signature lines (the lead's; for Gold the
 * co-assessor's too) with the date, and a QR code that leads to `<baseUrl>/verify/<code>`.
 * PDF/A-2a and tagged like the report (document.ts): the title an H1, the lines paragraphs, the
 * badge and the QR code figures (the QR code inside the link it carries), the facts a table of row
 * headers; the frame and the specimen's watermark are artifacts.
 */
import QRCode from 'qrcode';
import { countryName, fill, formatDate, texts } from '../i18n';
import type { CertificateInput, RenderOptions } from '../types';
import { drawBadge } from './badge';
import { createDocument, finish, FONT } from './document';
import { encodeRgbPng } from './png';
import { tagging, type StructType } from './tags';
import { COLOR, LABEL_COLOR } from './theme';

/**
 * A specimen: a certificate drawn from an evidence file by the CLI (`report --certificate`), whose
 * code was never registered. It says so across the page, shows no code that could pass for a
 * registered one and has no QR code or verification address. (Kept here, not in i18n.ts: only the
 * specimen uses them.)
 */
const SPECIMEN = {
  en: {
    word: 'SPECIMEN',
    notice: 'SPECIMEN — not a registered certificate',
    note: 'Made from an evidence file, not issued: no register knows it.',
  },
  nb: {
    word: 'PRØVEEKSEMPLAR',
    notice: 'PRØVEEKSEMPLAR — ikke et registrert sertifikat',
    note: 'Laget fra en evidensfil, ikke utstedt: det finnes ikke i noe register.',
  },
} as const;

export interface CertificateOptions extends RenderOptions {
  /** a specimen (see SPECIMEN): the code is not shown and no QR code is drawn */
  specimen?: boolean;
}

/**
 * The signer's role in the certificate's language: an assessor role ('lead', 'co'); the English
 * 'Lead assessor' some callers still pass is read as 'lead'.
 */
function signerRole(role: string, t: ReturnType<typeof texts>): string {
  const key = role === 'Lead assessor' ? 'lead' : role;
  return t.roles[key] ?? role;
}

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

export async function renderCertificate(input: CertificateInput, opts: CertificateOptions): Promise<Buffer> {
  const t = texts(opts.lang);
  const specimen = opts.specimen ? SPECIMEN[opts.lang] : null;
  const code = specimen ? specimen.word : input.code;
  const labelName = t.labels[input.label];
  const doc = createDocument(
    {
      title: `${specimen ? `${specimen.word}: ` : ''}${t.certTitle}: ${input.cluster.name}, ${labelName}`,
      author: (input.signers ?? (input.signedBy ? [input.signedBy] : [])).map((s) => s.name).join(', ') || t.brand,
      subject: `${t.certLabelName} ${labelName}: ${specimen ? specimen.notice : code}`,
      keywords: ['ClusterMark', code, input.label].join(', '),
      lang: opts.lang === 'nb' ? 'nb-NO' : 'en-GB',
    },
    opts.now,
  );
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  const tags = tagging(doc);
  const W = doc.page.width;
  const H = doc.page.height;
  const colour = LABEL_COLOR[input.label];
  const centre = (text: string, y: number, size: number, o: { bold?: boolean; color?: string; spacing?: number; tag?: StructType } = {}) =>
    tags.leaf(o.tag ?? 'P', () => {
      doc
        .font(o.bold ? FONT.bold : FONT.regular)
        .fontSize(size)
        .fillColor(o.color ?? COLOR.ink);
      doc.text(text, 60, y, { width: W - 120, align: 'center', lineBreak: false, characterSpacing: o.spacing ?? 0 });
    });

  doc
    .rect(18, 18, W - 36, H - 36)
    .lineWidth(3)
    .strokeColor(COLOR.navy)
    .stroke();
  doc
    .rect(26, 26, W - 52, H - 52)
    .lineWidth(0.8)
    .strokeColor(colour.fill)
    .stroke();
  doc
    .rect(26, 26, W - 52, 8)
    .fillColor(colour.fill)
    .fill();

  centre(t.brand.toUpperCase(), 56, 11, { bold: true, color: COLOR.navy, spacing: 2 });
  centre(t.certTitle.toUpperCase(), 84, 30, { bold: true, color: COLOR.navy, tag: 'H1' });
  centre(t.certHereby, 132, 11, { color: COLOR.muted });
  centre(input.cluster.name, 152, 24, { bold: true, color: COLOR.ink });
  centre([input.cluster.sector, input.cluster.region, countryName(input.cluster.country, opts.lang)].filter(Boolean).join(' · '), 186, 10, {
    color: COLOR.muted,
  });
  centre(t.certHasBeen, 212, 11, { color: COLOR.muted });
  centre(`${t.certLabelName} · ${t.labelLong[input.label]}`, 230, 15, { bold: true, color: colour.dark });

  drawBadge(doc, W / 2, 338, 66, input.label, t.labelLong[input.label], t.labelMotto[input.label], {
    top: t.badgeTop,
    bottom: t.badgeBottom,
  });
  centre(t.labelMotto[input.label], 412, 10, { color: colour.dark });
  // the framework by its title in the certificate's language (older prints: by its id)
  const frameworkTitle = input.framework.title?.[opts.lang] ?? input.framework.id;
  centre(fill(t.certFramework, { title: frameworkTitle, version: input.framework.version }), 428, 8.5, { color: COLOR.muted });

  // validity, code and issuing body, bottom left
  const x = 64;
  let y = H - 146;
  const fact = (label: string, value: string) => {
    tags.group('TR', () => {
      tags.leaf('TH', () => doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted).text(label, x, y, { lineBreak: false }), {
        scope: 'Row',
      });
      tags.leaf('TD', () =>
        doc
          .font(FONT.bold)
          .fontSize(11)
          .fillColor(COLOR.ink)
          .text(value, x + 90, y - 2, { width: 160, lineBreak: false, ellipsis: true }),
      );
    });
    y += 20;
  };
  tags.group('Table', () => {
    fact(t.certIssued, formatDate(input.issued, opts.lang));
    fact(t.validUntil, formatDate(input.validUntil, opts.lang));
    fact(t.certificateCode, code);
    fact(t.certIssuedBy, input.issuer ?? t.brand);
  });

  // the signature lines: name, role and date under each (both assessors for Gold)
  const signers = input.signers ?? (input.signedBy ? [input.signedBy] : []);
  const sw = 160;
  const gapX = 20;
  const sx0 = signers.length > 1 ? 330 : W / 2 - sw / 2;
  signers.forEach((s, i) => {
    const sx = sx0 + i * (sw + gapX);
    const ly = H - 112;
    doc
      .moveTo(sx, ly)
      .lineTo(sx + sw, ly)
      .lineWidth(0.6)
      .strokeColor(COLOR.muted)
      .stroke();
    // one paragraph per signer: the name, then the role and the date
    tags.leaf('P', [
      () =>
        doc
          .font(FONT.bold)
          .fontSize(10)
          .fillColor(COLOR.ink)
          .text(s.name, sx, ly + 6, { width: sw, align: 'center', lineBreak: false, ellipsis: true }),
      () =>
        doc
          .font(FONT.regular)
          .fontSize(8)
          .fillColor(COLOR.muted)
          .text(fill(t.certSignature, { role: signerRole(s.role, t), date: formatDate(input.issued, opts.lang) }), sx, ly + 20, {
            width: sw,
            align: 'center',
            lineBreak: false,
          }),
    ]);
  });

  if (specimen) {
    drawSpecimen(doc, specimen, W, H);
    return finish(doc);
  }

  // QR code, bottom right
  const url = verifyUrl(input.baseUrl, input.code);
  const q = 92;
  const qx = W - 64 - q;
  const qy = H - 64 - q - 14;
  // the QR code is a figure inside the link it carries; the words under it say where it leads
  const link = tags.open('Link');
  tags.leaf('Figure', () => doc.image(qrPng(url), qx, qy, { width: q, height: q }), {
    alt: `${t.certVerify} ${url}`,
    bbox: [qx, qy, qx + q, qy + q],
  });
  doc.link(qx, qy, q, q, url, { structParent: link, Contents: new String(url) } as unknown as PDFKit.Mixins.AnnotationOption);
  tags.close();
  tags.leaf('P', () =>
    doc
      .font(FONT.regular)
      .fontSize(7)
      .fillColor(COLOR.muted)
      .text(t.certVerify, qx - 120, qy + q + 2, { width: q + 120, align: 'right', lineBreak: false }),
  );
  tags.leaf('P', () =>
    doc
      .font(FONT.regular)
      .fontSize(7)
      .fillColor(COLOR.navy)
      .text(url, qx - 120, qy + q + 11, { width: q + 120, align: 'right', lineBreak: false }),
  );
  return finish(doc);
}

/**
 * The specimen's marks: a notice in a red band at the top and at the bottom right (paragraphs), a
 * diagonal watermark (an artifact: the notices say it in words).
 */
function drawSpecimen(doc: PDFKit.PDFDocument, specimen: (typeof SPECIMEN)[keyof typeof SPECIMEN], W: number, H: number): void {
  const tags = tagging(doc);
  const red = '#b3261e';
  tags.artifact(() => {
    doc.save();
    doc.rotate(-28, { origin: [W / 2, H / 2] });
    doc.font(FONT.bold).fontSize(78);
    const size = Math.min(78, (78 * 0.8 * W) / doc.widthOfString(specimen.word));
    doc.fontSize(size).fillColor(red).fillOpacity(0.13);
    doc.text(specimen.word, 0, H / 2 - size * 0.56, { width: W, align: 'center', lineBreak: false });
    doc.restore();
  });
  doc.fillOpacity(1);
  doc
    .rect(26, 34, W - 52, 16)
    .fillColor(red)
    .fill();
  tags.leaf('P', () =>
    doc
      .font(FONT.bold)
      .fontSize(9)
      .fillColor('#ffffff')
      .text(specimen.notice, 26, 38, { width: W - 52, align: 'center', lineBreak: false }),
  );
  const bx = W - 64 - 230;
  const by = H - 64 - 92 - 14;
  doc.rect(bx, by, 230, 92).lineWidth(1.2).strokeColor(red).stroke();
  tags.leaf('P', () =>
    doc
      .font(FONT.bold)
      .fontSize(11)
      .fillColor(red)
      .text(specimen.notice, bx + 10, by + 18, { width: 210, align: 'center' }),
  );
  tags.leaf('P', () =>
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(COLOR.muted)
      .text(specimen.note, bx + 10, by + 56, { width: 210, align: 'center' }),
  );
}
