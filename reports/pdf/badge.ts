/**
 * The label medallion drawn on the cover and the certificate (vector, no image files); in a tagged
 * document a Figure whose text alternative is the words it shows.
 */
import type { LabelName } from '../../questionnaires/schema';
import { FONT } from './document';
import { tagsOf } from './tags';
import { COLOR, LABEL_COLOR } from './theme';

export function drawBadge(
  doc: PDFKit.PDFDocument,
  cx: number,
  cy: number,
  r: number,
  label: LabelName | null,
  text: string,
  motto: string,
  /** the words on the ring, in the document's language (the catalogue's badgeTop and badgeBottom) */
  ring: { top: string; bottom: string },
): void {
  const draw = () => drawMedallion(doc, cx, cy, r, label, text, motto, ring);
  const tags = tagsOf(doc);
  if (!tags) return draw();
  const alt = motto ? `${ring.top} ${ring.bottom}: ${text}` : text;
  tags.leaf('Figure', draw, { alt, bbox: [cx - r, cy - r, cx + r, cy + r] });
}

function drawMedallion(
  doc: PDFKit.PDFDocument,
  cx: number,
  cy: number,
  r: number,
  label: LabelName | null,
  text: string,
  motto: string,
  ring: { top: string; bottom: string },
): void {
  const c = label ? LABEL_COLOR[label] : { fill: '#cbd2d9', dark: COLOR.muted };
  doc.save();
  doc.circle(cx, cy, r).fillColor(c.fill).fill();
  doc
    .circle(cx, cy, r * 0.86)
    .lineWidth(Math.max(1, r * 0.025))
    .strokeColor('#ffffff')
    .stroke();
  doc
    .circle(cx, cy, r * 0.8)
    .lineWidth(0.6)
    .strokeColor('#ffffff')
    .stroke();
  // a ring of small stars, as on a seal
  for (let i = 0; i < 12; i++) {
    const a = (i * Math.PI) / 6;
    star(doc, cx + Math.cos(a) * r * 0.93, cy + Math.sin(a) * r * 0.93, r * 0.035);
  }
  if (label) {
    const size = text.length > 6 ? r * 0.22 : r * 0.3;
    doc.font(FONT.bold).fontSize(size).fillColor('#ffffff');
    doc.text(text, cx - r, cy - size * 0.62, { width: 2 * r, align: 'center', lineBreak: false });
  } else {
    // no label: the words, wrapped inside the inner ring
    const size = r * 0.15;
    doc.font(FONT.bold).fontSize(size).fillColor('#ffffff');
    const h = doc.heightOfString(text, { width: r * 1.3, align: 'center' });
    doc.text(text, cx - r * 0.65, cy - h / 2, { width: r * 1.3, align: 'center' });
  }
  if (motto) {
    doc
      .font(FONT.regular)
      .fontSize(r * 0.085)
      .fillColor('#ffffff');
    doc.text(ring.top, cx - r, cy - r * 0.42, { width: 2 * r, align: 'center', lineBreak: false, characterSpacing: 0.6 });
    doc.text(ring.bottom, cx - r, cy + r * 0.34, { width: 2 * r, align: 'center', lineBreak: false, characterSpacing: 0.6 });
  }
  doc.restore();
  void c.dark;
}

function star(doc: PDFKit.PDFDocument, x: number, y: number, r: number): void {
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.45;
    pts.push([x + Math.cos(a) * rr, y + Math.sin(a) * rr]);
  }
  doc
    .polygon(...pts)
    .fillColor('#ffffff')
    .fill();
}
