/**
 * Issue 18, item 6: the report and the certificate are archival (PDF/A-2a: XMP metadata that declares
 * it, embedded fonts, an sRGB output intent) and accessible (tagged: the language, a structure tree
 * of headings, tables with header cells, lists and figures with a text alternative; everything else
 * drawn an artifact). Read back with poppler (pdfinfo, pdffonts) and from the objects themselves.
 */
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderCertificate, renderReport } from '../../reports';
import { texts } from '../../reports/i18n';
import { createDocument, finish } from '../../reports/pdf/document';
import { certificate, FIXED_NOW } from './fixtures/context';
import { engineInput } from './fixtures/inputs';
import { markedContent, pages, parentTree, pdfObjects, stringsOf, type PdfObject } from './pdf-objects';
import { pdfInfo, pdfText } from './poppler';

function poppler(tool: string, args: string[], pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cm-pdfa-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

const catalog = (objects: Map<number, PdfObject>) => [...objects.values()].find((o) => o.dict.includes('/Type /Catalog')) as PdfObject;
const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
const structOf = (objects: Map<number, PdfObject>, type: string) =>
  [...objects.values()].filter((o) => new RegExp(`/S /${type}\\n`).test(o.dict));

/** What every document must show, whatever it is. */
function expectArchivalAndTagged(pdf: Buffer, lang: string): void {
  const info = pdfInfo(pdf);
  expect(info.Tagged).to.equal('yes');
  expect(info['Metadata Stream']).to.equal('yes');
  expect(info['PDF version']).to.equal('1.7');

  // the XMP declares PDF/A-2a and repeats the document information, with the caller's date
  const xmp = poppler('pdfinfo', ['-meta'], pdf);
  expect(xmp).to.include('<pdfaid:part>2</pdfaid:part>');
  expect(xmp).to.include('<pdfaid:conformance>A</pdfaid:conformance>');
  expect(xmp).to.include('<xmp:CreateDate>2026-04-20T09:00:00Z</xmp:CreateDate>');
  expect(xmp).to.include('<xmp:ModifyDate>2026-04-20T09:00:00Z</xmp:ModifyDate>');
  expect(xmp).to.include(`<rdf:li>${lang}</rdf:li>`);

  // every font embedded (no standard-14 font), and only the project's DejaVu Sans
  const fonts = poppler('pdffonts', [], pdf).trim().split('\n').slice(2);
  expect(fonts.length).to.be.at.least(1);
  for (const row of fonts) {
    expect(row, row).to.match(/DejaVuSans/);
    expect(row.slice(72, 80).trim().split(/\s+/)[0], row).to.equal('yes'); // the "emb" column
  }

  const objects = pdfObjects(pdf);
  const root = catalog(objects);
  expect(stringsOf(root.dict, 'Lang')).to.deep.equal([lang]);
  expect(root.dict).to.match(/\/MarkInfo \d+ 0 R/);
  expect(objects.get(ref(root.dict, 'MarkInfo'))?.dict).to.match(/\/Marked true/);

  // an sRGB output intent whose profile is embedded
  expect(root.dict).to.match(/\/OutputIntents \[\d+ 0 R\]/);
  const intent = objects.get(Number(/\/OutputIntents \[(\d+) 0 R\]/.exec(root.dict)?.[1])) as PdfObject;
  expect(intent.dict).to.match(/\/S \/GTS_PDFA1/);
  expect(stringsOf(intent.dict, 'OutputConditionIdentifier')[0]).to.match(/sRGB/);
  const profile = objects.get(ref(intent.dict, 'DestOutputProfile'))?.stream as Buffer;
  expect(profile.subarray(36, 40).toString('latin1')).to.equal('acsp'); // an ICC profile
  expect(profile.subarray(16, 20).toString('latin1')).to.equal('RGB ');

  // every page: drawing only inside marked content (a structure element's or an artifact), the
  // sequences balanced, and every marked sequence belonging to an element of the structure tree
  const tree = parentTree(objects);
  const list = pages(objects);
  expect(list.length).to.equal(Number(info.Pages));
  list.forEach(({ page, content }, i) => {
    const marked = markedContent(content);
    expect(marked.unmarked, `page ${i + 1}`).to.deep.equal([]);
    expect(marked.balance, `page ${i + 1}`).to.equal(0);
    expect(marked.nested, `page ${i + 1}`).to.equal(0);
    expect(marked.mcids, `page ${i + 1}`).to.deep.equal(marked.mcids.map((_, k) => k));
    const key = Number(/\/StructParents (\d+)/.exec(page.dict)?.[1]);
    const owners = tree.get(key) ?? [];
    expect(owners.length, `page ${i + 1}`).to.equal(marked.mcids.length);
    expect(owners.includes(null), `page ${i + 1}`).to.equal(false);
  });

  // figures carry their text alternative
  const figures = structOf(objects, 'Figure');
  expect(figures.length).to.be.at.least(1);
  for (const f of figures) expect(stringsOf(f.dict, 'Alt')[0] ?? '', f.dict).to.have.length.above(3);
}

describe('reports: PDF/A-2a and tagged', function () {
  this.timeout(60_000);
  const gold = engineInput('example-1-gold');
  let en: Buffer;
  let nb: Buffer;
  before(async () => {
    en = await renderReport(gold, { lang: 'en', now: FIXED_NOW });
    nb = await renderReport(gold, { lang: 'nb', now: FIXED_NOW });
  });

  it('the English report is PDF/A-2a, tagged in en-GB, every page marked', () => expectArchivalAndTagged(en, 'en-GB'));
  it('the Norwegian report is PDF/A-2a, tagged in nb-NO, every page marked', () => expectArchivalAndTagged(nb, 'nb-NO'));

  it('tags the cover, the contents and the chapters as sections, in the order of the pages', () => {
    const struct = poppler('pdfinfo', ['-struct'], en);
    expect(struct.split('\n')[0]).to.equal('Document');
    for (const type of [
      'Sect',
      'H1',
      'H2',
      'H3',
      'P',
      'L',
      'LI',
      'LBody',
      'Lbl',
      'Table',
      'TR',
      'TH',
      'TD',
      'Figure',
      'TOC',
      'TOCI',
      'Link',
    ]) {
      expect(struct, type).to.match(new RegExp(`^\\s+${type}\\b`, 'm'));
    }
    // Document > Sect (the cover: its H1, the badge) > Sect (contents: H1, TOC) > Sect (chapter 1: H1 …)
    const sections = struct.split(/^ {2}Sect$/m).slice(1);
    // the cover, the contents, and a section for each chapter listed in the contents
    expect(sections.length).to.equal(2 + (struct.match(/^ {6}TOCI$/gm) ?? []).length);
    expect(sections.length).to.be.at.least(2 + 9);
    expect(sections[0]).to.match(/^ {4}H1/m);
    expect(sections[0]).to.match(/^ {4}Figure/m);
    expect(sections[1]).to.match(/^\n {4}H1 \(block\)\n {4}TOC\n {6}TOCI\n {8}Link/);
    for (const s of sections.slice(2)) expect(s).to.match(/^\n {4}H1 \(block\)/);
    // a table's header cells head their columns; a key figure's or a fact's label heads its row
    expect(struct).to.match(/TH:\n\s+\/Scope \/Column/);
    expect(struct).to.match(/TH:\n\s+\/Scope \/Row\n\s+TD/);
  });

  it('draws the running headers and page numbers as artifacts of pagination, on every page but the cover', () => {
    const list = pages(pdfObjects(en));
    expect(markedContent(list[0].content).pagination).to.equal(0);
    // the brand, the cluster, the title with the date, the page number: four lines of text each
    for (const { content } of list.slice(1)) expect(markedContent(content).pagination).to.be.at.least(4);
    expect(pdfText(en, 3)).to.match(/Page 3 of \d+/);
  });

  it('describes each chart in words in the document language: its title and its figures', () => {
    for (const [pdf, lang] of [
      [en, 'en'],
      [nb, 'nb'],
    ] as const) {
      const t = texts(lang);
      const alts = structOf(pdfObjects(pdf), 'Figure').flatMap((f) => stringsOf(f.dict, 'Alt'));
      const areas = alts.find((a) => a.startsWith(t.areaChartTitle));
      expect(areas, lang).to.be.a('string');
      expect(areas).to.include(`${t.cluster}: `);
      expect(areas).to.match(/\d/);
      // the badge, in words
      expect(
        alts.some((a) => a.includes(t.badgeTop) && a.includes(t.labelLong.gold)),
        lang,
      ).to.equal(true);
    }
    const nbAlts = structOf(pdfObjects(nb), 'Figure').flatMap((f) => stringsOf(f.dict, 'Alt'));
    expect(nbAlts.join(' ')).to.match(/\d,\d/); // Norwegian decimals
    expect(nbAlts.join(' ')).not.to.match(/\d\.\d/);
  });

  it('gives the same bytes for the same input and date', async () => {
    const again = await renderReport(gold, { lang: 'en', now: FIXED_NOW });
    expect(again.equals(en)).to.equal(true);
  });

  it('stays PDF/A and tagged with raster charts, and without a label (the badge unlabelled)', async () => {
    expectArchivalAndTagged(await renderReport(gold, { lang: 'en', now: FIXED_NOW, charts: 'png' }), 'en-GB');
    expectArchivalAndTagged(await renderReport(engineInput('example-3-no-label'), { lang: 'nb', now: FIXED_NOW }), 'nb-NO');
  });

  it('escapes the XMP: a cluster called "A & B <Nord>" is read back as written', async () => {
    const input = engineInput('example-1-gold');
    input.context = { ...input.context, cluster: { ...input.context.cluster, name: 'A & B <Nord>' } };
    const pdf = await renderReport(input, { lang: 'en', now: FIXED_NOW });
    const xmp = poppler('pdfinfo', ['-meta'], pdf);
    expect(xmp).to.include('A &#38; B &#60;Nord&#62;');
    expect(xmp).not.to.include('A & B');
    expect(pdfInfo(pdf).Title).to.include('A & B <Nord>');
  });
});

describe('reports/pdf/document: the information and the XMP agree', () => {
  it('leaves an empty author or subject out of both', async () => {
    const doc = createDocument({ title: 'Only a title', author: '', subject: '', lang: 'en-GB' }, FIXED_NOW);
    doc.addPage();
    const pdf = await finish(doc);
    const info = pdfInfo(pdf);
    expect(info.Title).to.equal('Only a title');
    expect(info).not.to.have.property('Author');
    expect(info).not.to.have.property('Subject');
    const xmp = poppler('pdfinfo', ['-meta'], pdf);
    expect(xmp).to.include('Only a title');
    expect(xmp).not.to.include('dc:creator');
    expect(xmp).not.to.include('dc:description');
  });
});

describe('certificate: PDF/A-2a and tagged', function () {
  this.timeout(30_000);

  it('is PDF/A-2a and tagged in both languages, the title its H1, the facts a table with row headers', async () => {
    const en = await renderCertificate(certificate, { lang: 'en', now: FIXED_NOW });
    expectArchivalAndTagged(en, 'en-GB');
    expectArchivalAndTagged(await renderCertificate(certificate, { lang: 'nb', now: FIXED_NOW }), 'nb-NO');
    const struct = poppler('pdfinfo', ['-struct-text'], en);
    expect(struct).to.match(/H1 \(block\)\n\s+"CERTIFICATE"/);
    expect(struct).to.match(/TH:\n\s+\/Scope \/Row\n\s+"Certificate code"\n\s+TD\n\s+"CM-2026-0042-GOLD"/);
  });

  it('puts the QR code, described as the verification address, inside its link', async () => {
    const en = await renderCertificate(certificate, { lang: 'en', now: FIXED_NOW });
    const objects = pdfObjects(en);
    const link = structOf(objects, 'Link')[0];
    expect(link.dict).to.match(/\/Type \/OBJR/);
    const figure = structOf(objects, 'Figure').find((f) => stringsOf(f.dict, 'Alt')[0]?.includes('/verify/'));
    expect(figure?.dict).to.include(`/P ${link.id} 0 R`);
    expect(stringsOf(figure?.dict ?? '', 'Alt')[0]).to.equal(
      'Verify this certificate at https://clustermark.example/verify/CM-2026-0042-GOLD',
    );
  });

  it('the specimen too: its notices are read, its watermark is an artifact', async () => {
    const pdf = await renderCertificate(certificate, { lang: 'en', now: FIXED_NOW, specimen: true });
    expectArchivalAndTagged(pdf, 'en-GB');
    const struct = poppler('pdfinfo', ['-struct-text'], pdf);
    expect(struct).to.include('"SPECIMEN — not a registered certificate"');
    // the word alone is read once, as the code; the watermark that repeats it across the page is not
    expect(struct.match(/^\s+"SPECIMEN"$/gm)).to.have.length(1);
    expect(struct).to.match(/TH:\n\s+\/Scope \/Row\n\s+"Certificate code"\n\s+TD\n\s+"SPECIMEN"/);
  });
});
