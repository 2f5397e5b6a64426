/**
 * The flow tags what it draws (issue 18, item 6): section code that only calls the flow gets
 * headings, paragraphs, lists and tables in the structure tree, a table that breaks over pages stays
 * one table with one header row (the repeats are artifacts), and marked content never crosses a page.
 */
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createDocument, finish } from '../../reports/pdf/document';
import { Flow } from '../../reports/pdf/layout';
import { FIXED_NOW } from './fixtures/context';
import { markedContent, pages, pdfObjects } from './pdf-objects';
import { pdfText } from './poppler';

function structText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cm-flow-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
}

const ROWS = 120;

async function sample(): Promise<Buffer> {
  const doc = createDocument({ title: 'Flow', author: 'Test', subject: 'Tags', lang: 'en-GB' }, FIXED_NOW, { bufferPages: true });
  const flow = new Flow(doc);
  flow.chapter('1', 'First chapter');
  flow.heading('A heading');
  flow.paragraph('A paragraph.');
  flow.paragraph('•  first step');
  flow.paragraph('•  second step');
  flow.paragraph('After the steps.');
  // a bullet written before its text, as the summary's columns do
  flow.write('•', flow.left, flow.y, 10);
  flow.write('Strong point', flow.left + 10, flow.y, 200);
  flow.y += 14;
  flow.write('•', flow.left, flow.y, 10);
  flow.write('Another point', flow.left + 10, flow.y, 200);
  flow.y += 14;
  flow.keyFigures([
    { label: 'Points', value: '12' },
    { label: 'Share', value: '80 %' },
  ]);
  flow.table(
    [
      { header: 'Name', width: 0.5 },
      { header: 'Value', width: 0.5 },
    ],
    Array.from({ length: ROWS }, (_, i) => [`row ${i + 1}`, String(i + 1)]),
  );
  flow.chapter('2', 'Second chapter', true);
  flow.paragraph('The end.');
  return finish(doc);
}

describe('reports/pdf/layout: the flow tags what it draws', function () {
  this.timeout(30_000);
  let pdf: Buffer;
  let struct: string;
  before(async () => {
    pdf = await sample();
    struct = structText(pdf);
  });

  it('makes each chapter a section with an H1 of its number and title, and its headings H2', () => {
    expect(struct).to.match(/^Document\n {2}Sect\n {4}H1 \(block\)\n {6}"1"\n {6}"First chapter"\n {4}H2 \(block\)\n {6}"A heading"/);
    expect(struct).to.match(/\n {2}Sect\n {4}H1 \(block\)\n {6}"2"\n {6}"Second chapter"\n {4}P \(block\)\n {6}"The end."/);
  });

  it('makes paragraphs that start with a bullet one list, and a bullet written before its text a list item', () => {
    expect(struct).to.include(
      [
        '    L (block)',
        '      LI (block)',
        '        LBody (block)',
        '          "•  first step"',
        '      LI (block)',
        '        LBody (block)',
        '          "•  second step"',
        '    P (block)',
        '      "After the steps."',
        '    L (block)',
        '      LI (block)',
        '        Lbl (block)',
        '          "•"',
        '        LBody (block)',
        '          "Strong point"',
      ].join('\n'),
    );
  });

  it('keeps a table that breaks over pages one table, with one header row; the repeats are drawn, not read', () => {
    const tables = struct.split(/^ {4}Table/m).slice(1);
    const table = tables[tables.length - 1];
    expect(table.match(/^ {6}TR$/gm)).to.have.length(ROWS + 1);
    expect(table.match(/^ {8}TH:/gm)).to.have.length(2);
    expect(table.match(/^ {8}TD$/gm)).to.have.length(2 * ROWS);
    const pagesWithTable = pdfText(pdf)
      .split('\f')
      .filter((p) => /row \d+/.test(p));
    expect(pagesWithTable.length).to.be.at.least(3);
    for (const p of pagesWithTable) expect(p).to.match(/Name\s+Value/);
  });

  it('makes the key figures a table whose labels head their rows', () => {
    expect(struct).to.match(/TR\n {8}TH:\n {11}\/Scope \/Row\n {10}"Points"\n {8}TD\n {10}"12"/);
  });

  it('leaves nothing drawn outside marked content, and no sequence open across a page', () => {
    for (const { content } of pages(pdfObjects(pdf))) {
      const m = markedContent(content);
      expect(m.unmarked).to.deep.equal([]);
      expect(m.balance).to.equal(0);
      expect(m.nested).to.equal(0);
      expect(m.artifacts).to.be.at.least(1); // the rules and the zebra rows
    }
  });
});
