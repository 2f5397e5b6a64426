/**
 * A CanvasRenderingContext2D look-alike that draws into a pdfkit document, so chart.js paints its
 * charts as PDF vectors: crisp at any zoom, no raster to encode and no alpha channel for pdfkit to
 * split (embedding RGBA PNGs was the slowest part of a report). Only what chart.js 4 calls is
 * implemented; unknown paint styles (gradients, patterns) fall back to grey.
 *
 * Canvas keeps the current path outside the graphics state and lets a path be filled and then
 * stroked; PDF consumes a path with its paint operator. So the path is recorded here and replayed
 * for each fill, stroke or clip.
 */
type Matrix = [number, number, number, number, number, number];
type PathOp = ['m', number, number] | ['l', number, number] | ['c', number, number, number, number, number, number] | ['h'];

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  globalAlpha: number;
  lineDash: number[];
  lineDashOffset: number;
  lineCap: string;
  lineJoin: string;
  ctm: Matrix;
}

export interface PdfCanvasFonts {
  regular: string;
  bold: string;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}

const colourCache = new Map<string, { rgb: [number, number, number]; alpha: number }>();

/** CSS colour → rgb + alpha; chart.js uses rgba(), rgb(), #hex and a few names. */
export function parseColour(css: string): { rgb: [number, number, number]; alpha: number } {
  const cached = colourCache.get(css);
  if (cached) return cached;
  let out: { rgb: [number, number, number]; alpha: number } = { rgb: [128, 128, 128], alpha: 1 };
  const s = css.trim().toLowerCase();
  const fn = /^rgba?\(([^)]+)\)$/.exec(s);
  if (fn) {
    const p = fn[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    out = { rgb: [p[0], p[1], p[2]], alpha: p.length > 3 ? p[3] : 1 };
  } else if (s.startsWith('#')) {
    let h = s.slice(1);
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    out = { rgb: [n(0), n(2), n(4)], alpha: h.length === 8 ? n(6) / 255 : 1 };
  } else if (s === 'transparent') {
    out = { rgb: [0, 0, 0], alpha: 0 };
  } else if (s === 'white') {
    out = { rgb: [255, 255, 255], alpha: 1 };
  } else if (s === 'black') {
    out = { rgb: [0, 0, 0], alpha: 1 };
  }
  colourCache.set(css, out);
  return out;
}

export class PdfCanvasContext {
  readonly canvas: { width: number; height: number; style: Record<string, string>; getContext: () => PdfCanvasContext };
  private state: State;
  private readonly stack: State[] = [];
  private path: PathOp[] = [];
  private cx = 0;
  private cy = 0;
  private startX = 0;
  private startY = 0;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    width: number,
    height: number,
    private readonly fonts: PdfCanvasFonts,
  ) {
    this.canvas = { width, height, style: {}, getContext: () => this };
    this.state = {
      fillStyle: '#000000',
      strokeStyle: '#000000',
      lineWidth: 1,
      font: '10px sans-serif',
      textAlign: 'start',
      textBaseline: 'alphabetic',
      globalAlpha: 1,
      lineDash: [],
      lineDashOffset: 0,
      lineCap: 'butt',
      lineJoin: 'miter',
      ctm: [...IDENTITY],
    };
  }

  // --- state -----------------------------------------------------------------------------------
  get fillStyle(): string {
    return this.state.fillStyle;
  }
  set fillStyle(v: string) {
    if (typeof v === 'string') this.state.fillStyle = v;
  }
  get strokeStyle(): string {
    return this.state.strokeStyle;
  }
  set strokeStyle(v: string) {
    if (typeof v === 'string') this.state.strokeStyle = v;
  }
  get lineWidth(): number {
    return this.state.lineWidth;
  }
  set lineWidth(v: number) {
    if (Number.isFinite(v) && v >= 0) this.state.lineWidth = v;
  }
  get font(): string {
    return this.state.font;
  }
  set font(v: string) {
    this.state.font = v;
  }
  get textAlign(): string {
    return this.state.textAlign;
  }
  set textAlign(v: string) {
    this.state.textAlign = v;
  }
  get textBaseline(): string {
    return this.state.textBaseline;
  }
  set textBaseline(v: string) {
    this.state.textBaseline = v;
  }
  get globalAlpha(): number {
    return this.state.globalAlpha;
  }
  set globalAlpha(v: number) {
    this.state.globalAlpha = v;
  }
  get lineDashOffset(): number {
    return this.state.lineDashOffset;
  }
  set lineDashOffset(v: number) {
    this.state.lineDashOffset = v;
  }
  get lineCap(): string {
    return this.state.lineCap;
  }
  set lineCap(v: string) {
    this.state.lineCap = v;
  }
  get lineJoin(): string {
    return this.state.lineJoin;
  }
  set lineJoin(v: string) {
    this.state.lineJoin = v;
  }
  setLineDash(d: number[]): void {
    this.state.lineDash = d.filter((x) => x > 0);
  }
  getLineDash(): number[] {
    return [...this.state.lineDash];
  }

  save(): void {
    this.stack.push({ ...this.state, lineDash: [...this.state.lineDash], ctm: [...this.state.ctm] as Matrix });
    this.doc.save();
  }

  restore(): void {
    const s = this.stack.pop();
    if (!s) return;
    this.state = s;
    this.doc.restore();
  }

  // --- transforms ------------------------------------------------------------------------------
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.state.ctm = multiply(this.state.ctm, [a, b, c, d, e, f]);
    this.doc.transform(a, b, c, d, e, f);
  }
  translate(x: number, y: number): void {
    this.transform(1, 0, 0, 1, x, y);
  }
  scale(x: number, y: number): void {
    this.transform(x, 0, 0, y, 0, 0);
  }
  rotate(r: number): void {
    this.transform(Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0);
  }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    const delta = multiply(invert(this.state.ctm), [a, b, c, d, e, f]);
    this.transform(...delta);
  }
  resetTransform(): void {
    this.setTransform(1, 0, 0, 1, 0, 0);
  }

  // --- path ------------------------------------------------------------------------------------
  beginPath(): void {
    this.path = [];
  }
  moveTo(x: number, y: number): void {
    this.path.push(['m', x, y]);
    this.cx = this.startX = x;
    this.cy = this.startY = y;
  }
  lineTo(x: number, y: number): void {
    if (this.path.length === 0) return this.moveTo(x, y);
    this.path.push(['l', x, y]);
    this.cx = x;
    this.cy = y;
  }
  closePath(): void {
    if (this.path.length === 0) return;
    this.path.push(['h']);
    this.cx = this.startX;
    this.cy = this.startY;
  }
  bezierCurveTo(a: number, b: number, c: number, d: number, x: number, y: number): void {
    if (this.path.length === 0) this.moveTo(a, b);
    this.path.push(['c', a, b, c, d, x, y]);
    this.cx = x;
    this.cy = y;
  }
  quadraticCurveTo(qx: number, qy: number, x: number, y: number): void {
    if (this.path.length === 0) this.moveTo(qx, qy);
    const { cx, cy } = this;
    this.bezierCurveTo(cx + (2 / 3) * (qx - cx), cy + (2 / 3) * (qy - cy), x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), x, y);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }
  arc(x: number, y: number, r: number, start: number, end: number, ccw = false): void {
    this.ellipse(x, y, r, r, 0, start, end, ccw);
  }
  ellipse(x: number, y: number, rx: number, ry: number, rot: number, start: number, end: number, ccw = false): void {
    let sweep = end - start;
    const full = 2 * Math.PI;
    if (!ccw && sweep < 0) sweep = (sweep % full) + full;
    if (ccw && sweep > 0) sweep = (sweep % full) - full;
    if (Math.abs(sweep) > full) sweep = ccw ? -full : full;
    const cos = Math.cos(rot);
    const sin = Math.sin(rot);
    const pt = (t: number, dx = 0, dy = 0): [number, number] => {
      const px = rx * Math.cos(t) + dx;
      const py = ry * Math.sin(t) + dy;
      return [x + px * cos - py * sin, y + px * sin + py * cos];
    };
    const [sx, sy] = pt(start);
    if (this.path.length === 0) this.moveTo(sx, sy);
    else this.lineTo(sx, sy);
    const segments = Math.max(1, Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9));
    const step = sweep / segments;
    const k = (4 / 3) * Math.tan(step / 4);
    let t = start;
    for (let i = 0; i < segments; i++) {
      const t2 = t + step;
      const [x1, y1] = pt(t, -k * rx * Math.sin(t), k * ry * Math.cos(t));
      const [x2, y2] = pt(t2, k * rx * Math.sin(t2), -k * ry * Math.cos(t2));
      const [x3, y3] = pt(t2);
      this.bezierCurveTo(x1, y1, x2, y2, x3, y3);
      t = t2;
    }
  }

  private replay(): boolean {
    if (this.path.length === 0) return false;
    const doc = this.doc;
    for (const op of this.path) {
      if (op[0] === 'm') doc.moveTo(op[1], op[2]);
      else if (op[0] === 'l') doc.lineTo(op[1], op[2]);
      else if (op[0] === 'c') doc.bezierCurveTo(op[1], op[2], op[3], op[4], op[5], op[6]);
      else doc.closePath();
    }
    return true;
  }

  private applyFill(): boolean {
    const c = parseColour(this.state.fillStyle);
    const alpha = c.alpha * this.state.globalAlpha;
    if (alpha <= 0) return false;
    this.doc.fillColor(c.rgb, alpha);
    return true;
  }

  private applyStroke(): boolean {
    const c = parseColour(this.state.strokeStyle);
    const alpha = c.alpha * this.state.globalAlpha;
    if (alpha <= 0 || this.state.lineWidth <= 0) return false;
    const doc = this.doc;
    doc.strokeColor(c.rgb, alpha).lineWidth(this.state.lineWidth);
    doc.lineCap(this.state.lineCap as 'butt').lineJoin(this.state.lineJoin as 'miter');
    if (this.state.lineDash.length > 0) doc.dash(this.state.lineDash as unknown as number, { phase: this.state.lineDashOffset });
    else doc.undash();
    return true;
  }

  fill(rule?: string): void {
    if (this.applyFill() && this.replay()) this.doc.fill(rule === 'evenodd' ? 'even-odd' : 'non-zero');
  }

  stroke(): void {
    if (this.applyStroke() && this.replay()) this.doc.stroke();
  }

  clip(): void {
    if (this.replay()) this.doc.clip();
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    if (!this.applyFill()) return;
    this.doc.rect(x, y, w, h).fill();
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    if (!this.applyStroke()) return;
    this.doc.rect(x, y, w, h).stroke();
  }

  /** The page is already white; chart.js clears before it draws. */
  clearRect(): void {}
  drawImage(): void {}

  // --- text ------------------------------------------------------------------------------------
  private useFont(): number {
    const f = this.state.font;
    const size = Number(/([\d.]+)px/.exec(f)?.[1] ?? 10);
    const bold = /\bbold\b|\b[6-9]00\b/.test(f);
    this.doc.font(bold ? this.fonts.bold : this.fonts.regular).fontSize(size);
    return size;
  }

  measureText(text: string): { width: number; actualBoundingBoxAscent: number; actualBoundingBoxDescent: number } {
    const size = this.useFont();
    return { width: this.doc.widthOfString(String(text)), actualBoundingBoxAscent: size * 0.76, actualBoundingBoxDescent: size * 0.24 };
  }

  fillText(text: string, x: number, y: number): void {
    const str = String(text);
    if (str === '' || !this.applyFill()) return;
    this.useFont();
    const width = this.doc.widthOfString(str);
    const align = this.state.textAlign;
    if (align === 'center') x -= width / 2;
    else if (align === 'right' || align === 'end') x -= width;
    const baseline = this.state.textBaseline === 'hanging' ? 'top' : this.state.textBaseline;
    const { x: docX, y: docY } = this.doc;
    this.doc.text(str, x, y, { lineBreak: false, baseline: baseline as 'alphabetic' });
    this.doc.x = docX;
    this.doc.y = docY;
  }

  strokeText(): void {}
}
