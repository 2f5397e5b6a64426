/**
 * The flow of a report page: a cursor that moves down the page, breaks to a new page when the next
 * block does not fit, and draws headings, paragraphs, key figures and tables in the house style.
 *
 * It also tags what it draws (see tags.ts), so the chapters need not know: a chapter is a Sect with
 * an H1, `heading` an H2, `paragraph` and `write` a P (a paragraph that starts with a bullet, or a
 * lone bullet written before its text, a list item), `keyFigures` and `table` a Table with header
 * cells (TH) and data cells (TD). Fills, rules and a table header repeated after a page break are
 * artifacts.
 */
import { CONTENT_WIDTH, FONT, PAGE } from './document';
import { isBullet, tagging, type StructType, type Tags } from './tags';
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
/** a paragraph written as a list item: its bullet, then at least one space */
const BULLET_LINE = /^[•◦▪‣]\s/;

export interface WriteOptions {
  size?: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'right' | 'center';
  /** the structure element the text is (default P; a lone bullet glyph: a list item's label) */
  tag?: StructType;
}

export class Flow {
  y: number = PAGE.top;
  readonly left = PAGE.left;
  readonly width = CONTENT_WIDTH;

  /** the document's tagging (created with it by createDocument) */
  readonly tags: Tags;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.tags = tagging(doc);
  }

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

  /**
   * Writes text at (x, y) without any automatic page break (the caller made room), tagged as a
   * paragraph unless `o.tag` says otherwise (a lone bullet: a list item's label, and the text
   * written next its body).
   */
  write(text: string, x: number, y: number, width: number, o: WriteOptions = {}): void {
    this.tags.text(o.tag ?? (isBullet(text) ? 'Lbl' : 'P'), () => this.draw(text, x, y, width, o));
  }

  /** Draws text with no tag of its own: inside marked content opened by the caller, or an artifact. */
  draw(text: string, x: number, y: number, width: number, o: WriteOptions = {}): void {
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
    // the chapter is a section of the document: what follows belongs to it until the next chapter
    this.tags.closeAll();
    this.tags.open('Sect');
    this.tags.leaf('H1', [
      () => this.draw(number, this.left, this.y, 40, { size: SIZE.h1, bold: true, color: COLOR.gold }),
      () => this.draw(title, this.left + 34, this.y, this.width - 34, { size: SIZE.h1, bold: true, color: COLOR.navy }),
    ]);
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
    this.write(text, this.left, this.y, this.width, { size: SIZE.h2, bold: true, color: COLOR.navy, tag: 'H2' });
    this.y += this.textHeight(text, this.width, SIZE.h2, true) + 5;
  }

  /** A paragraph across the width (tagged P, a list item when it starts with a bullet, or `tag`: a subheading's H3). */
  paragraph(text: string, o: { size?: number; color?: string; bold?: boolean; after?: number; tag?: StructType } = {}): void {
    const size = o.size ?? SIZE.body;
    const h = this.textHeight(text, this.width, size, o.bold);
    this.ensure(h);
    const draw = () => this.draw(text, this.left, this.y, this.width, { size, color: o.color, bold: o.bold });
    if (BULLET_LINE.test(text) && !o.tag) this.tags.listItem(draw);
    else this.tags.text(o.tag ?? 'P', draw);
    this.y += h + (o.after ?? 6);
  }

  /** A row of boxed key figures: small label above a large value (tagged as a table, a row each). */
  keyFigures(items: { label: string; value: string; color?: string }[]): void {
    const h = 46;
    const gap = 8;
    this.ensure(h);
    const w = (this.width - gap * (items.length - 1)) / items.length;
    this.tags.open('Table');
    items.forEach((it, i) => {
      const x = this.left + i * (w + gap);
      this.doc.roundedRect(x, this.y, w, h, 4).fillColor(COLOR.zebra).fill();
      this.doc
        .rect(x, this.y, 3, h)
        .fillColor(it.color ?? COLOR.navy)
        .fill();
      this.tags.group('TR', () => {
        this.write(it.label, x + 10, this.y + 7, w - 14, { size: SIZE.small, color: COLOR.muted, tag: 'TH' });
        this.write(it.value, x + 10, this.y + 20, w - 14, { size: 15, bold: true, color: it.color ?? COLOR.navy, tag: 'TD' });
      });
    });
    this.tags.close();
    this.y += h + 12;
  }

  /**
   * A table with a header row, repeated (as an artifact) after a page break; widths are fractions
   * of the content width. Tagged Table > TR > TH (scope Column) / TD.
   */
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
    /** `kind`: the header (TH), a repeat of it (artifact), a body row (TD) */
    const drawRow = (cells: Cell[], h: number, kind: 'header' | 'repeat' | 'body', zebra: boolean) => {
      const isHeader = kind !== 'body';
      let x = this.left;
      if (isHeader) this.doc.rect(this.left, this.y, this.width, h).fillColor(COLOR.headerFill).fill();
      else if (zebra) this.doc.rect(this.left, this.y, this.width, h).fillColor(COLOR.zebra).fill();
      if (kind !== 'repeat') this.tags.open('TR');
      cells.forEach((c, i) => {
        const cell = typeof c === 'string' ? { text: c } : c;
        if (cell.fill) this.doc.rect(x, this.y, widths[i], h).fillColor(cell.fill).fill();
        const cx = x;
        const draw = () =>
          this.draw(cell.text, cx + PAD, this.y + PAD, widths[i] - 2 * PAD, {
            size,
            bold: isHeader || cell.bold,
            color: isHeader ? '#ffffff' : (cell.color ?? COLOR.ink),
            align: columns[i].align,
          });
        if (kind === 'repeat') this.tags.artifact(draw, 'Pagination');
        else this.tags.leaf(isHeader ? 'TH' : 'TD', draw, isHeader ? { scope: 'Column' } : {});
        x += widths[i];
      });
      if (kind !== 'repeat') this.tags.close();
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
    this.tags.open('Table');
    drawRow(header, headerHeight, 'header', false);
    rows.forEach((r, i) => {
      const h = heightOf(r, false);
      if (this.ensure(h)) drawRow(header, headerHeight, 'repeat', false);
      drawRow(r, h, 'body', o.zebra !== false && i % 2 === 1);
    });
    this.tags.close();
    this.y += 10;
  }
}
