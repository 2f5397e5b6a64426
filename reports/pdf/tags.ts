/**
 * The tagging of a document (PDF/A-2a, ISO 32000-1 §14.8): a structure tree that a screen reader
 * reads in order, and marked content that ties what is drawn to its element. Kept with the document,
 * not with the caller, so that whoever draws — the report's Flow, a chart, the badge, the
 * certificate — adds to the same tree at the same place.
 *
 * - Text and figures are drawn inside `leaf()` (one element, one marked-content sequence) or
 *   `mark()` (more content for an element already open); groups (a chapter's Sect, a Table, a TR)
 *   are `open()`ed and `close()`d around them.
 * - Everything else that is drawn — fills, rules, boxes, a raw `doc.text` no one tagged — becomes an
 *   artifact by itself: an `/Artifact` sequence is opened before the first operator drawn outside
 *   any marked content, and closed when the next tagged sequence starts or the page ends. Nothing on
 *   a page is left outside both.
 * - Marked content never spans a page break: each sequence is opened and closed around one draw.
 *   Elements (a table, a chapter) may span pages.
 * - A one-glyph bullet written as text (`•`) starts a list item (L > LI > Lbl), and the text written
 *   next becomes its body (LBody): section code that draws "bullet, then text" gets a list without
 *   knowing about tags.
 */
type Element = PDFKit.PDFStructureElement;

/** Standard structure types (ISO 32000-1 §14.8.4) this project uses. */
export type StructType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'TOC'
  | 'TOCI'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Link'
  | 'Caption';

export interface StructOptions {
  alt?: string;
  lang?: string;
  /** a header cell's scope */
  scope?: 'Column' | 'Row';
  /** a figure's box on the page: [left, top, right, bottom] in pdfkit's (top-down) coordinates */
  bbox?: [number, number, number, number];
}

interface Marking {
  tag: string;
  structContent?: unknown;
}
type Internals = PDFKit.PDFDocument & {
  page: { markings: Marking[] };
  addContent(data: string): PDFKit.PDFDocument;
};

/** bullet glyphs only: a dash alone is as often a table's or a strip's "no value" */
const BULLET = /^[•◦▪‣]$/;
const tagsByDoc = new WeakMap<PDFKit.PDFDocument, Tags>();

/** The tagging of `doc` (created by createDocument), or undefined for an untagged document. */
export function tagsOf(doc: PDFKit.PDFDocument): Tags | undefined {
  return tagsByDoc.get(doc);
}

/** The tagging of a document made by createDocument (which always tags). */
export function tagging(doc: PDFKit.PDFDocument): Tags {
  const tags = tagsByDoc.get(doc);
  if (!tags) throw new Error('not a tagged document: make it with createDocument');
  return tags;
}

/** Whether `text` is a lone bullet glyph, which the flow tags as a list item's label. */
export const isBullet = (text: string): boolean => BULLET.test(text);

export class Tags {
  private readonly stack: Element[];
  /** the list being written by bullets (L) and its item waiting for a body (LI), if any */
  private list: { l: Element; depth: number; item: Element | null } | null = null;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    readonly root: Element,
  ) {
    this.stack = [root];
    tagsByDoc.set(doc, this);
    ambientArtifacts(doc as Internals);
  }

  /**
   * Closes what is open on the page (the ambient artifact) before a sequence starts: sequences are
   * not nested here, and pdfkit closes them itself only for an MCID other than 0.
   */
  private closeSequences(): void {
    const markings = (this.doc as Internals).page.markings;
    while (markings.length > 0) this.doc.endMarkedContent();
  }

  private get parent(): Element {
    return this.stack[this.stack.length - 1];
  }

  private create(type: StructType, o: StructOptions = {}): Element {
    const el = this.doc.struct(type, o as Parameters<PDFKit.PDFDocument['struct']>[1]);
    this.parent.add(el);
    return el;
  }

  /** Opens an element under the current one; what follows goes inside it until `close()`. */
  open(type: StructType, o: StructOptions = {}): Element {
    this.endList();
    const el = this.create(type, o);
    this.stack.push(el);
    return el;
  }

  /**
   * An element placed under the current one now, in reading order, and filled later with `reopen`
   * (the report's contents, drawn once every chapter's page is known).
   */
  reserve(type: StructType, o: StructOptions = {}): Element {
    this.endList();
    return this.create(type, o);
  }

  /** Makes a reserved element the current one again; `close()` ends it. */
  reopen(el: Element): void {
    this.endList();
    this.stack.push(el);
  }

  /** Closes the innermost open element. */
  close(): void {
    this.endList();
    if (this.stack.length > 1) this.stack.pop()?.end();
  }

  /** Closes every element down to the document (the end of a chapter, of the document). */
  closeAll(): void {
    while (this.stack.length > 1) this.close();
  }

  /** `draw` inside an element of `type` under the current one, with the children it opens. */
  group<T>(type: StructType, draw: () => T, o: StructOptions = {}): T {
    this.open(type, o);
    try {
      return draw();
    } finally {
      this.close();
    }
  }

  /** One element of `type` holding what `draw` paints as its content (one sequence per function). */
  leaf(type: StructType, draw: (() => void) | (() => void)[], o: StructOptions = {}): Element {
    this.endList();
    const el = this.create(type, o);
    for (const d of Array.isArray(draw) ? draw : [draw]) this.mark(el, d);
    el.end();
    return el;
  }

  /** Adds what `draw` paints as further content of `el` (which must not have been ended). */
  mark(el: Element, draw: () => void): void {
    const doc = this.doc;
    this.closeSequences();
    const content = doc.markStructureContent((el as unknown as { dictionary: { data: { S: string } } }).dictionary.data.S);
    try {
      draw();
    } finally {
      doc.endMarkedContent();
    }
    el.add(content);
  }

  /**
   * Text the flow writes: a paragraph (or heading, cell…) — unless it is a lone bullet glyph, which
   * starts a list item, or the text right after one, which is that item's body.
   */
  text(type: StructType, draw: () => void): void {
    if (type === 'P' && this.list?.item && this.list.depth === this.stack.length) {
      const item = this.list.item;
      this.list.item = null;
      const body = this.doc.struct('LBody');
      item.add(body);
      this.mark(body, draw);
      body.end();
      item.end();
      return;
    }
    if (type === 'Lbl') return this.bulletLabel(draw);
    // a header cell written on its own heads its row (a key figure's label, a fact's name)
    this.leaf(type, draw, type === 'TH' ? { scope: 'Row' } : {});
  }

  /** A list item whose body `draw` paints (a paragraph that starts with its bullet; a line of pieces). */
  listItem(draw: (() => void) | (() => void)[]): void {
    const list = this.ensureList();
    const item = this.doc.struct('LI');
    list.add(item);
    const body = this.doc.struct('LBody');
    item.add(body);
    for (const d of Array.isArray(draw) ? draw : [draw]) this.mark(body, d);
    body.end();
    item.end();
  }

  private bulletLabel(draw: () => void): void {
    const list = this.ensureList();
    const item = this.doc.struct('LI');
    list.add(item);
    const label = this.doc.struct('Lbl');
    item.add(label);
    this.mark(label, draw);
    label.end();
    if (this.list) this.list.item = item;
  }

  private ensureList(): Element {
    if (this.list && this.list.depth === this.stack.length) {
      this.list.item?.end(); // a label still waiting for its body gets none
      this.list.item = null;
      return this.list.l;
    }
    this.endList();
    const l = this.create('L');
    this.list = { l, depth: this.stack.length, item: null };
    return l;
  }

  /** Ends the list being written by bullets, if any (anything else drawn tagged ends it). */
  endList(): void {
    if (!this.list) return;
    this.list.item?.end();
    this.list.l.end();
    this.list = null;
  }

  /** What `draw` paints as an artifact of `type` (running headers and page numbers: 'Pagination'). */
  artifact(draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
    const doc = this.doc;
    this.closeSequences();
    doc.markContent('Artifact', { type });
    try {
      draw();
    } finally {
      doc.endMarkedContent();
    }
  }
}

/**
 * Opens an `/Artifact` sequence before any operator drawn outside marked content (see the header).
 * Marked-content operators themselves pass through; Tags closes the open sequence when the next
 * tagged one starts, pdfkit at the end of the page.
 */
function ambientArtifacts(doc: Internals): void {
  const addContent = doc.addContent.bind(doc);
  doc.addContent = (data: string) => {
    if (doc.page.markings.length === 0 && data !== 'EMC' && !data.endsWith(' BDC') && !data.endsWith(' BMC')) {
      doc.markContent('Artifact');
    }
    return addContent(data);
  };
}
