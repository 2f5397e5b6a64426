/**
 * A pdfkit document set up the same way every time: the project's fonts (read once per process),
 * A4, and metadata whose dates and file ID come from the caller's date, so the same input and date
 * give the same bytes.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import PDFDocument from 'pdfkit';
import type { PdfCanvasFonts } from './pdf-canvas';

export const FONT = { regular: 'DejaVu', bold: 'DejaVu-Bold' } as const;
export const CHART_FONTS: PdfCanvasFonts = FONT;

// pdfkit's own font engine; no types are published for it, and we only hand its fonts to pdfkit.

const fontkit = require('fontkit') as { create(data: Buffer): unknown };

type Fonts = { regular: unknown; bold: unknown };
let parsed: Fonts | undefined;

/**
 * DejaVu Sans (covers æøå and the symbols we draw), shipped in reports/fonts with its licence,
 * read and parsed once per process: parsing and shaping text was most of a report's time.
 */
function fonts(): Fonts {
  if (!parsed) {
    const dir = join(__dirname, '..', 'fonts');
    parsed = {
      regular: fontkit.create(readFileSync(join(dir, 'DejaVuSans.ttf'))),
      bold: fontkit.create(readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))),
    };
  }
  return parsed;
}

/**
 * Text layouts (glyphs and positions per word) shared by every document: pdfkit keeps one cache per
 * document, so each report would shape the same words again. Bounded, since notes are free text.
 */
const LAYOUT_CACHE_LIMIT = 50_000;
const layoutCaches: Record<keyof typeof FONT, { map: Record<string, unknown>; docs: number }> = {
  regular: { map: Object.create(null), docs: 0 },
  bold: { map: Object.create(null), docs: 0 },
};

function shareLayoutCache(doc: PDFKit.PDFDocument, which: keyof typeof FONT): void {
  const cache = layoutCaches[which];
  if (++cache.docs % 100 === 0 && Object.keys(cache.map).length > LAYOUT_CACHE_LIMIT) cache.map = Object.create(null);
  doc.font(FONT[which]);
  (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font.layoutCache = cache.map;
}

export interface DocumentMeta {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  lang: string;
}

export const PAGE = { width: 595.28, height: 841.89, left: 56, right: 56, top: 72, bottom: 64 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export function createDocument(meta: DocumentMeta, now: Date, extra: { bufferPages?: boolean } = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: extra.bufferPages ?? false,
    autoFirstPage: false,
    lang: meta.lang,
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords ?? '',
      Creator: 'ClusterMark',
      Producer: 'ClusterMark (PDFKit)',
      CreationDate: now,
      ModDate: now,
    },
  });
  const f = fonts();
  doc.registerFont(FONT.regular, f.regular as Buffer);
  doc.registerFont(FONT.bold, f.bold as Buffer);
  shareLayoutCache(doc, 'bold');
  shareLayoutCache(doc, 'regular');
  return doc;
}

/** Ends the document and collects its bytes. */
export function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
