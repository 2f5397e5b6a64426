/**
 * The flow of a report page: a cursor that moves down the page, breaks to a new page when the next
 * block does not fit, and draws headings, paragraphs, key figures and tables in the house style.
 */
import { CONTENT_WIDTH, FONT, PAGE } from './document';
import { COLOR, SIZE } from './theme';

export type Cell = string | { text: string; color?: string; bold?: boolean; fill?: string };
export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

const PAD = 3.5;
const FLOW_ON_ROOM = 260;
const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);

export class Flow {
  y: number = PAGE.top;
  readonly left = PAGE.left;
  readonly width = CONTENT_WIDTH;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  get bottom(): number {
    return PAGE.height - PAGE.bottom;
  }

  /** the 0-based index of the current page */
  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Breaks the page unless `height` still fits; true when it broke. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  gap(h: number): void {
    this.y += h;
  }

  textHeight(text: string, width: number, size: number, bold = false): number {
    this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap: 1 });
  }

  /** Writes text at the cursor without any automatic page break (the caller made room). */
  write(
    text: string,
    x: number,
    y: number,
    width: number,
    o: { size?: number; bold?: boolean; color?: string; align?: 'left' | 'right' | 'center' } = {},
  ): void {
    const doc = this.doc;
    doc
      .font(o.bold ? FONT.bold : FONT.regular)
      .fontSize(o.size ?? SIZE.body)
      .fillColor(o.color ?? COLOR.ink);
    doc.text(text, x, y, { width, align: o.align ?? 'left', lineGap: 1 });
  }

  /**
   * A chapter title: on a new page, or (`flowOn`) below the previous chapter when at least
   * `FLOW_ON_ROOM` points are left, so short chapters do not leave near-empty pages.
   */
  chapter(number: string, title: string, flowOn = false): void {
    if (flowOn && this.y + FLOW_ON_ROOM <= this.bottom) this.y += 22;
    else this.newPage();
    const doc = this.doc;
    this.write(number, this.left, this.y, 40, { size: SIZE.h1, bold: true, color: COLOR.gold });
    this.write(title, this.left + 34, this.y, this.width - 34, { size: SIZE.h1, bold: true, color: COLOR.navy });
    this.y += 28;
    doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(1.2)
      .strokeColor(COLOR.navy)
      .stroke();
    this.y += 14;
    doc.outline.addItem(`${number} ${title}`);
    doc.addNamedDestination(`chapter-${number}`);
  }

  heading(text: string, keepWith = 60): void {
    this.ensure(22 + keepWith);
    this.write(text, this.left, this.y, this.width, { size: SIZE.h2, bold: true, color: COLOR.navy });
    this.y += this.textHeight(text, this.width, SIZE.h2, true) + 5;
  }

  paragraph(text: string, o: { size?: number; color?: string; bold?: boolean; after?: number } = {}): void {
    const size = o.size ?? SIZE.body;
    const h = this.textHeight(text, this.width, size, o.bold);
    this.ensure(h);
    this.write(text, this.left, this.y, this.width, { size, color: o.color, bold: o.bold });
    this.y += h + (o.after ?? 6);
  }

  /** A row of boxed key figures: small label above a large value. */
  keyFigures(items: { label: string; value: string; color?: string }[]): void {
    const h = 46;
    const gap = 8;
    this.ensure(h);
    const w = (this.width - gap * (items.length - 1)) / items.length;
    items.forEach((it, i) => {
      const x = this.left + i * (w + gap);
      this.doc.roundedRect(x, this.y, w, h, 4).fillColor(COLOR.zebra).fill();
      this.doc
        .rect(x, this.y, 3, h)
        .fillColor(it.color ?? COLOR.navy)
        .fill();
      this.write(it.label, x + 10, this.y + 7, w - 14, { size: SIZE.small, color: COLOR.muted });
      this.write(it.value, x + 10, this.y + 20, w - 14, { size: 15, bold: true, color: it.color ?? COLOR.navy });
    });
    this.y += h + 12;
  }

  /** A table with a repeated header row; widths are fractions of the content width. */
  table(columns: Column[], rows: Cell[][], o: { size?: number; zebra?: boolean } = {}): void {
    const size = o.size ?? SIZE.table;
    const widths = columns.map((c) => c.width * this.width);
    const heightOf = (cells: Cell[], bold: boolean) =>
      Math.max(
        ...cells.map((c, i) => this.textHeight(cellText(c), widths[i] - 2 * PAD, size, bold || (typeof c !== 'string' && !!c.bold))),
      ) +
      2 * PAD;
    const header = columns.map((c) => c.header);
    const headerHeight = heightOf(header, true);
    const drawRow = (cells: Cell[], h: number, isHeader: boolean, zebra: boolean) => {
      let x = this.left;
      if (isHeader) this.doc.rect(this.left, this.y, this.width, h).fillColor(COLOR.headerFill).fill();
      else if (zebra) this.doc.rect(this.left, this.y, this.width, h).fillColor(COLOR.zebra).fill();
      cells.forEach((c, i) => {
        const cell = typeof c === 'string' ? { text: c } : c;
        if (cell.fill) this.doc.rect(x, this.y, widths[i], h).fillColor(cell.fill).fill();
        this.write(cell.text, x + PAD, this.y + PAD, widths[i] - 2 * PAD, {
          size,
          bold: isHeader || cell.bold,
          color: isHeader ? '#ffffff' : (cell.color ?? COLOR.ink),
          align: columns[i].align,
        });
        x += widths[i];
      });
      this.y += h;
      if (!isHeader) {
        this.doc
          .moveTo(this.left, this.y)
          .lineTo(this.left + this.width, this.y)
          .lineWidth(0.4)
          .strokeColor(COLOR.rule)
          .stroke();
      }
    };
    this.ensure(headerHeight + 2 * (size + 2 * PAD));
    drawRow(header, headerHeight, true, false);
    rows.forEach((r, i) => {
      const h = heightOf(r, false);
      if (this.ensure(h)) drawRow(header, headerHeight, true, false);
      drawRow(r, h, false, o.zebra !== false && i % 2 === 1);
    });
    this.y += 10;
  }
}
