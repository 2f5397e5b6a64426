/** Reads a PDF back with poppler-utils (pdftotext, pdfinfo, pdfimages), as a reader would see it. */
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

function tmpFile(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cm-report-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return file;
}

export function pdfText(pdf: Buffer, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, tmpFile(pdf), '-'], { encoding: 'utf8' });
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', tmpFile(pdf)], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
      }),
  );
}

export interface PdfImage {
  page: number;
  type: string;
  width: number;
  height: number;
  color: string;
  comp: number;
}

export function pdfImages(pdf: Buffer): PdfImage[] {
  const out = execFileSync('pdfimages', ['-list', tmpFile(pdf)], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const c = l.trim().split(/\s+/);
      return { page: Number(c[0]), type: c[2], width: Number(c[3]), height: Number(c[4]), color: c[5], comp: Number(c[6]) };
    });
}

/** Extracts the images as PNG files and returns their paths. */
export function extractImages(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cm-images-'));
  execFileSync('pdfimages', ['-png', tmpFile(pdf), join(dir, 'img')]);
  return readdirSync(dir)
    .sort()
    .map((f) => join(dir, f));
}
