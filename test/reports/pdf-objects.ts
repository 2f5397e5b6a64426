/**
 * Reads a PDF's objects back for the PDF/A and tagging tests: the objects as written (dictionaries
 * as text, streams inflated), the string values of a key, and a check of each page's marked content.
 * Only what pdfkit writes is understood: one object per `N 0 obj … endobj`, no object streams, text
 * in hex strings (embedded fonts), one operator per line.
 */
import { inflateSync } from 'zlib';

export interface PdfObject {
  id: number;
  /** the object's text up to its stream, latin1 */
  dict: string;
  /** the stream's bytes, inflated when FlateDecode */
  stream?: Buffer;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(?:^|\n)(\d+) 0 obj\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('\nendobj', start);
    const body = text.slice(start, end);
    const s = body.indexOf('\nstream\n');
    const id = Number(m[1]);
    if (s < 0) {
      out.set(id, { id, dict: body });
      continue;
    }
    const dict = body.slice(0, s);
    const e = body.lastIndexOf('\nendstream');
    const raw = pdf.subarray(start + s + '\nstream\n'.length, start + e);
    out.set(id, { id, dict, stream: /\/Filter \/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
    re.lastIndex = end;
  }
  return out;
}

/** The value of a PDF literal string starting at `text[i]` (the opening parenthesis), decoded. */
function literalAt(text: string, i: number): string {
  let depth = 0;
  let out = '';
  const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      const n = text[++j];
      out += esc[n] ?? n;
    } else if (c === '(') {
      if (depth++ > 0) out += c;
    } else if (c === ')') {
      if (--depth === 0) break;
      out += c;
    } else out += c;
  }
  if (out.startsWith('\xfe\xff')) {
    const bytes = Buffer.from(out.slice(2), 'latin1');
    return bytes.swap16().toString('utf16le');
  }
  return out;
}

/** Every string value of `/key (…)` in the dictionary text. */
export function stringsOf(dict: string, key: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`/${key} \\(`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(dict))) out.push(literalAt(dict, m.index + m[0].length - 1));
  return out;
}

const PAINTING = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'Tj', 'TJ', "'", '"', 'Do', 'sh']);

export interface MarkedContentReport {
  /** painting operators found outside any marked-content sequence */
  unmarked: string[];
  /** sequences with an MCID opened inside another sequence */
  nested: number;
  /** the depth left open at the end (should be 0) or an EMC without its sequence (negative) */
  balance: number;
  /** the MCIDs used, in order */
  mcids: number[];
  artifacts: number;
  /** painting operators inside artifacts of pagination (running headers, page numbers) */
  pagination: number;
}

/** What a page's content stream marks: every painting operator should be inside a sequence. */
export function markedContent(content: Buffer): MarkedContentReport {
  const report: MarkedContentReport = { unmarked: [], nested: 0, balance: 0, mcids: [], artifacts: 0, pagination: 0 };
  let depth = 0;
  let pagination = false;
  // a marked-content property list (<< /MCID 3 >>) is written over several lines: one line each
  const text = content.toString('latin1').replace(/<<[\s\S]*?>>/g, (d) => d.replace(/\s+/g, ' '));
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    const op = tokens[tokens.length - 1];
    if (op === 'BDC' || op === 'BMC') {
      const mcid = /\/MCID (\d+)/.exec(line);
      if (mcid) {
        if (depth > 0) report.nested++;
        report.mcids.push(Number(mcid[1]));
      }
      if (line.startsWith('/Artifact')) report.artifacts++;
      if (depth === 0) pagination = /^\/Artifact .*\/Pagination/.test(line);
      depth++;
    } else if (op === 'EMC') {
      depth--;
      if (depth < 0) break;
    } else if (PAINTING.has(op) && depth === 0) {
      report.unmarked.push(line.trim().slice(0, 60));
    } else if (PAINTING.has(op) && pagination) {
      report.pagination++;
    }
  }
  report.balance = depth;
  return report;
}

/** The pages' objects in page order, each with its content stream. */
export function pages(objects: Map<number, PdfObject>): { page: PdfObject; content: Buffer }[] {
  const kids = /\/Type \/Pages[\s\S]*?\/Kids \[([^\]]*)\]/.exec([...objects.values()].map((o) => o.dict).join('\n'));
  const ids = [...(kids?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return ids.map((id) => {
    const page = objects.get(id) as PdfObject;
    const contentId = Number(/\/Contents (\d+) 0 R/.exec(page.dict)?.[1]);
    return { page, content: objects.get(contentId)?.stream ?? Buffer.alloc(0) };
  });
}

/** The structure parent tree: per StructParents key, the elements its MCIDs belong to (null: none). */
export function parentTree(objects: Map<number, PdfObject>): Map<number, (number | null)[]> {
  const root = [...objects.values()].find((o) => o.dict.includes('/Type /StructTreeRoot'));
  const out = new Map<number, (number | null)[]>();
  const nums = /\/Nums \[([\s\S]*)\]\s*>>/.exec(root?.dict ?? '')?.[1] ?? '';
  for (const m of nums.matchAll(/(\d+) \[([^\]]*)\]/g)) {
    const refs = [...m[2].matchAll(/(\d+) 0 R|null/g)].map((r) => (r[1] ? Number(r[1]) : null));
    out.set(Number(m[1]), refs);
  }
  return out;
}
