import { expect } from 'chai';
import { renderReport } from '../../reports';
import type { ReportInput } from '../../reports/types';
import { FIXED_NOW } from './fixtures/context';
import { engineInput } from './fixtures/inputs';
import { pdfImages, pdfInfo, pdfText } from './poppler';

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('reports/renderReport', () => {
  let gold: ReportInput;
  let en: Buffer;
  let nb: Buffer;

  before(async () => {
    gold = engineInput('example-1-gold');
    en = await renderReport(gold, { lang: 'en', now: FIXED_NOW });
    nb = await renderReport(gold, { lang: 'nb', now: FIXED_NOW });
  });

  it('is a multi-page PDF with every chapter heading, listed in the contents', () => {
    expect(Number(pdfInfo(en).Pages)).to.be.at.least(8);
    const text = pdfText(en);
    expect(text).to.include('Contents');
    for (const h of [
      'Executive summary',
      'Label decision',
      'Results by area',
      'Peer comparison',
      'Participant survey',
      'Documentation status',
      'Recommended actions',
      'Path to the next label',
      'Appendix: decision and notes',
    ]) {
      expect(text.split(h).length - 1, h).to.be.at.least(2); // the contents line and the chapter itself
    }
  });

  it('names the cluster, the awarded label, the points and the assessors', () => {
    const cover = flat(pdfText(en, 1));
    expect(cover).to.include('Havteknologiklyngen Møre og Romsdal');
    expect(cover).to.include('GOLD');
    expect(cover).to.include('Ingrid Sæther');
    expect(cover).to.include('CM-2026-0042-GOLD');
    const text = pdfText(en);
    expect(text).to.include('120 / 150');
    expect(text).to.include('80.0 %');
  });

  it('ranks the recommended actions with the points each would gain', () => {
    const text = pdfText(en);
    const rec = text.slice(text.lastIndexOf('Recommended actions'));
    expect(rec).to.match(/1\s+INT-01/);
    expect(rec).to.include('+1');
    expect(rec.indexOf('INT-01')).to.be.below(rec.indexOf('STR-04'));
    expect(rec.indexOf('STR-04')).to.be.below(rec.indexOf('MGT-04'));
  });

  it('shows every quality indicator on its area page with band, points and threshold', () => {
    const text = pdfText(en);
    for (const id of gold.score.indicators.map((i) => i.id)) expect(text, id).to.include(id);
    expect(text).to.match(/≥80:4/);
  });

  it('is written in Norwegian bokmål with æ, ø and å in the nb version', () => {
    const text = pdfText(nb);
    for (const s of [
      'Innhold',
      'Sammendrag',
      'Merkebeslutning',
      'Anbefalte tiltak',
      'Deltakerundersøkelse',
      'Veien til neste merke',
      'Vedlegg: avgjørelse og notater',
      'Side 2 av',
    ]) {
      expect(text, s).to.include(s);
    }
    expect(text).to.match(/æ/);
    expect(text).to.match(/ø/);
    expect(text).to.match(/å/);
    expect(text).to.include('80,0 %');
    expect(text).not.to.include('Executive summary');
  });

  it('numbers the pages and repeats the running header', () => {
    const pages = Number(pdfInfo(en).Pages);
    expect(pdfText(en, 2)).to.include(`Page 2 of ${pages}`);
    expect(pdfText(en, pages)).to.include(`Page ${pages} of ${pages}`);
    expect(pdfText(en, pages)).to.include('CLUSTERMARK');
  });

  it('carries the metadata, with the creation date given', () => {
    const info = pdfInfo(en);
    expect(info.Title).to.include('Havteknologiklyngen Møre og Romsdal');
    expect(info.Author).to.equal('Ingrid Sæther, Jonas Åberg');
    expect(info.Subject).to.be.a('string').and.not.empty;
    expect(info.CreationDate).to.equal('2026-04-20T09:00:00Z');
    expect(info.ModDate).to.equal('2026-04-20T09:00:00Z');
  });

  it('gives the same bytes for the same input and date, and other bytes for another date', async () => {
    const again = await renderReport(gold, { lang: 'en', now: FIXED_NOW });
    expect(again.equals(en)).to.equal(true);
    const later = await renderReport(gold, { lang: 'en', now: new Date('2026-04-21T09:00:00Z') });
    expect(later.equals(en)).to.equal(false);
  });

  it('draws the charts as vectors: their texts are in the page, no raster images', () => {
    const text = pdfText(en);
    for (const s of [
      'Points by area, % of maximum',
      'Peer median (n = 412)',
      'Answers to the statements',
      'Likelihood to recommend',
      'Excellence group',
    ]) {
      expect(text, s).to.include(s);
    }
    expect(pdfImages(en)).to.have.length(0);
  });

  it('embeds the charts as opaque PNG images in png mode (no alpha channel to re-encode)', async () => {
    const pdf = await renderReport(gold, { lang: 'en', now: FIXED_NOW, charts: 'png' });
    const images = pdfImages(pdf);
    expect(images.filter((i) => i.type === 'image')).to.have.length.at.least(6);
    expect(images.filter((i) => i.type === 'smask')).to.have.length(0);
    expect(images.every((i) => i.color === 'rgb' && i.width >= 966)).to.equal(true);
  });

  it('names the wider peer group used when a group has fewer than 10 clusters', () => {
    expect(pdfText(en).replace(/\s+/g, ' ')).to.include(
      'has 8 clusters, fewer than 10; the comparison uses all clusters (n = 412) instead',
    );
  });

  it('reports a refused label with the failed rule and the path to Bronze', async () => {
    const pdf = await renderReport(engineInput('example-3-no-label'), { lang: 'en', now: FIXED_NOW });
    const text = flat(pdfText(pdf));
    expect(pdfText(pdf, 1)).to.include('No label awarded');
    // the criterion's name is the framework's own text (its numbers, not the engine's)
    expect(text).to.match(/E2 Eligibility E2: the cluster has at .{0,20}✗ Not met STR-03 = 14/);
    expect(text).to.include('Next label: Bronze');
    expect(text).to.include('MINIMUM FAILED');
  });
});
