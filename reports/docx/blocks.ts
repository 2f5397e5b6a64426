/**
 * The building blocks of the Word report: paragraphs, headings, key figures, tables with a header row
 * and chart images, in the PDF's colours and sizes (half-points for docx), so the chapters read alike.
 */
import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { CHART_SIZES, type ReportChart } from '../charts';
import { chartPng } from '../pdf/chart-draw';
import { COLOR } from '../pdf/theme';

export type Block = Paragraph | Table;
export type Cell = string | { text: string; color?: string; bold?: boolean };
export interface Column {
  header: string;
  /** share of the table's width, 0–1 */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** docx wants colours without the '#' */
const hex = (c: string) => c.replace('#', '');
/** PDF points → docx half-points */
const half = (pt: number) => Math.round(pt * 2);

export const FONT = 'DejaVu Sans';
/** text width of an A4 page with the margins below, in twentieths of a point */
export const TEXT_WIDTH = 9638;

/** Lines of a text as runs separated by breaks (docx ignores '\n' inside a run). */
function runs(text: string, o: { bold?: boolean; color?: string; size?: number } = {}): TextRun[] {
  return text.split('\n').map(
    (line, i) =>
      new TextRun({
        text: line,
        bold: o.bold,
        color: o.color ? hex(o.color) : undefined,
        size: o.size ? half(o.size) : undefined,
        break: i > 0 ? 1 : undefined,
      }),
  );
}

export function para(text: string, o: { bold?: boolean; color?: string; size?: number; after?: number; bullet?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: runs(text, o),
    spacing: { after: (o.after ?? 6) * 20 },
    bullet: o.bullet ? { level: 0 } : undefined,
  });
}

export function heading(text: string, level: 1 | 2 | 3, pageBreakBefore = false): Paragraph {
  const lv = level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3;
  return new Paragraph({ heading: lv, pageBreakBefore, children: [new TextRun({ text })] });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const RULE = { style: BorderStyle.SINGLE, size: 4, color: hex(COLOR.rule) };

/** A row of key figures: label small and muted above the value large and bold, as in the PDF. */
export function keyFigures(items: { label: string; value: string; color?: string }[]): Table {
  const w = Math.floor(TEXT_WIDTH / items.length);
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: items.map(() => w),
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: [
      new TableRow({
        children: items.map(
          (it) =>
            new TableCell({
              width: { size: w, type: WidthType.DXA },
              shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(COLOR.zebra) },
              margins: { top: 80, bottom: 80, left: 120, right: 120 },
              children: [
                new Paragraph({ children: runs(it.label, { size: 8, color: COLOR.muted }) }),
                new Paragraph({ children: runs(it.value, { size: 14, bold: true, color: it.color ?? COLOR.navy }) }),
              ],
            }),
        ),
      }),
    ],
  });
}

const align = (a: Column['align']) => (a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT);

/** A table with a navy header row (repeated on every page; none when `withHeader` is false) and thin rules between the rows. */
export function table(columns: Column[], rows: Cell[][], size = 8, withHeader = true): Table {
  const widths = columns.map((c) => Math.round(c.width * TEXT_WIDTH));
  const cell = (c: Cell, i: number, header: boolean) => {
    const o = typeof c === 'string' ? { text: c } : c;
    return new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: hex(COLOR.headerFill) } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: align(columns[i].align),
          children: runs(o.text, header ? { bold: true, color: '#ffffff', size } : { bold: o.bold, color: o.color, size }),
        }),
      ],
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: RULE, bottom: RULE, left: NONE, right: NONE, insideHorizontal: RULE, insideVertical: NONE },
    rows: [
      ...(withHeader ? [new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c.header, i, true)) })] : []),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

/** Space after a table (Word joins a table and the next paragraph otherwise). */
export const spacer = (): Paragraph => new Paragraph({ spacing: { after: 120 }, children: [] });

/** One of the report's charts as a 2× PNG (the PDF's 'png' path), at its nominal size in points. */
export function chartImage(chart: ReportChart | undefined, alt: string): Paragraph | null {
  if (!chart) return null;
  const { width, height } = CHART_SIZES[chart.size];
  // docx sizes images in pixels at 96 dpi; one chart point is 4/3 px
  const px = (pt: number) => Math.round((pt * 4) / 3);
  const children: ParagraphChild[] = [
    new ImageRun({
      type: 'png',
      data: chartPng(chart),
      transformation: { width: px(width), height: px(height) },
      altText: { name: chart.id, title: alt, description: alt },
    }),
  ];
  return new Paragraph({ spacing: { after: 160 }, children });
}
