/**
 * A pdfkit document set up the same way every time: the project's fonts (read once per process),
 * A4, and metadata whose dates and file ID come from the caller's date, so the same input and date
 * give the same bytes.
 *
 * Archival and accessible (issue 18): every document is PDF/A-2a — PDF 1.7, the fonts embedded,
 * an sRGB output intent, XMP metadata that repeats the document information — and tagged: the
 * catalogue names the language and a structure tree (a Document element at its root, see tags.ts)
 * holds everything drawn that is not an artifact.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import PDFDocument from 'pdfkit';
import type { PdfCanvasFonts } from './pdf-canvas';
import { Tags, tagsOf } from './tags';

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
  const info = {
    Title: clean(meta.title),
    // an empty entry is left out of both the information and the XMP (PDF/A wants them to agree)
    ...(meta.author ? { Author: clean(meta.author) } : {}),
    ...(meta.subject ? { Subject: clean(meta.subject) } : {}),
    ...(meta.keywords ? { Keywords: clean(meta.keywords) } : {}),
    Creator: 'ClusterMark',
    Producer: 'ClusterMark (PDFKit)',
    CreationDate: now,
    ModDate: now,
  };
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: extra.bufferPages ?? false,
    autoFirstPage: false,
    pdfVersion: '1.7',
    subset: 'PDF/A-2a',
    tagged: true,
    lang: meta.lang,
    displayTitle: true,
    info,
    // no default font: pdfkit would parse Helvetica's metrics for every document, and we use our own
    font: null as unknown as string,
  });
  // pdfkit's own XMP leaves the values unescaped (a cluster called "A & B" would break the packet)
  // and has no xmp:ModifyDate for the ModDate that PDF/A asks to find in both places
  (doc as unknown as { _addInfo(): void })._addInfo = () => doc.appendXML(xmp(info, meta.lang));
  const f = fonts();
  doc.registerFont(FONT.regular, f.regular as Buffer);
  doc.registerFont(FONT.bold, f.bold as Buffer);
  shareLayoutCache(doc, 'bold');
  shareLayoutCache(doc, 'regular');
  const root = doc.struct('Document');
  doc.addStructure(root);
  new Tags(doc, root);
  batchWrites(doc);
  batchPageContent(doc);
  return doc;
}

type ContentPage = { write(chunk: string | Uint8Array): unknown; end(): unknown };

/**
 * pdfkit writes each drawing operator to the page's content stream on its own, as a new byte array
 * (some 30,000 small arrays per report, most of a report's garbage); the operators of a page are
 * kept as text here and written once, as one line each, when the page ends (or before any binary
 * chunk, to keep the order). The content stream's bytes are the same.
 */
function batchPageContent(doc: PDFKit.PDFDocument): void {
  doc.on('pageAdded', () => {
    const page = (doc as unknown as { page: ContentPage }).page;
    const write = page.write.bind(page);
    const end = page.end.bind(page);
    let pending: string[] = [];
    const flush = () => {
      if (pending.length) write(pending.join('\n'));
      pending = [];
    };
    page.write = (chunk) => {
      if (typeof chunk === 'string') return void pending.push(chunk);
      flush();
      return write(chunk);
    };
    page.end = () => {
      flush();
      return end();
    };
  });
}

type Writer = { _write(data: string | Uint8Array): void; push(chunk: Uint8Array | null): boolean; _offset: number };

/**
 * pdfkit hands every line of every object to the stream on its own (a tagged report has a thousand
 * small structure elements: some 5,000 pushes); the bytes are collected here and handed on in 64 KB
 * pieces, the offsets of the cross-reference table counted as before.
 */
function batchWrites(doc: PDFKit.PDFDocument): void {
  const w = doc as unknown as Writer;
  const push = w.push.bind(w);
  let pending: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (size > 0) push(pending.length === 1 ? pending[0] : Buffer.concat(pending, size));
    pending = [];
    size = 0;
  };
  w._write = (data) => {
    const bytes =
      typeof data === 'string' ? Buffer.from(`${data}\n`, 'latin1') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    pending.push(bytes);
    size += bytes.length;
    w._offset += bytes.length;
    if (size >= 65_536) flush();
  };
  w.push = (chunk) => {
    if (chunk === null) flush();
    return chunk === null ? push(null) : push(chunk);
  };
}

/** Without the control characters XML 1.0 cannot carry, so the information and the XMP agree. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const xmpDate = (d: Date) => `${d.toISOString().split('.')[0]}Z`;

/** The XMP packet's descriptions: the document information again, and the language. */
function xmp(
  info: {
    Title: string;
    Author?: string;
    Subject?: string;
    Keywords?: string;
    Creator: string;
    Producer: string;
    CreationDate: Date;
    ModDate: Date;
  },
  lang: string,
): string {
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt>`;
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${xmpDate(info.CreationDate)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(info.ModDate)}</xmp:ModifyDate>`,
    `<xmp:CreatorTool>${esc(info.Creator)}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(info.Title)}</dc:title>`,
    ...(info.Author ? [`<dc:creator><rdf:Seq><rdf:li>${esc(info.Author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    ...(info.Subject ? [`<dc:description>${alt(info.Subject)}</dc:description>`] : []),
    `<dc:language><rdf:Bag><rdf:li>${esc(lang)}</rdf:li></rdf:Bag></dc:language>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${esc(info.Producer)}</pdf:Producer>`,
    ...(info.Keywords ? [`<pdf:Keywords>${esc(info.Keywords)}</pdf:Keywords>`] : []),
    '</rdf:Description>',
  ].join('\n');
}

/** Ends the document and collects its bytes. */
export function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    tagsOf(doc)?.closeAll();
    doc.end();
  });
}
