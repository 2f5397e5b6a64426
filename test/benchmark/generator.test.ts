import { expect } from 'chai';
import { generatePeers } from '../../fixtures/peers/generator';
import { WEAK_COMMUNICATION_COUNTRY } from '../../fixtures/peers/catalogue';
import { mulberry32 } from '../../scoring/prng';
import { scoreValues } from '../../server/features/benchmark/scores';
import type { BenchmarkRecord } from '../../server/features/benchmark/types';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const latest = (records: BenchmarkRecord[]) => [...new Map(records.map((r) => [r.peerKey, r])).values()];

describe('synthetic peer generator', () => {
  const options = { count: 2000, seed: 42, asOf: '2026-01-15' };
  const records = generatePeers(options);
  const clusters = latest(records);

  it('gives the same records for the same seed, and other records for another seed', () => {
    expect(generatePeers(options)).to.deep.equal(records);
    const other = generatePeers({ ...options, seed: 43 });
    expect(other.slice(0, 20).map((r) => r.indicatorValues)).to.not.deep.equal(records.slice(0, 20).map((r) => r.indicatorValues));
  });

  it('pins the first outputs of the PRNG (a change there would change every generated database)', () => {
    const next = mulberry32(1);
    expect([next(), next()].map((x) => Math.floor(x * 2 ** 32))).to.deep.equal([2693262067, 11749833]);
  });

  it('makes 2,000 cluster organisations in 25+ countries and 15+ sectors, of various ages', () => {
    expect(clusters).to.have.length(2000);
    expect(new Set(clusters.map((c) => c.country)).size).to.be.at.least(25);
    expect(new Set(clusters.map((c) => c.sector)).size).to.be.at.least(15);
    const ages = clusters.map((c) => c.indicatorValues['MGT-01'] ?? Number(c.assessedOn.slice(0, 4)) - c.foundedYear);
    expect(Math.min(...ages)).to.be.at.most(2);
    expect(Math.max(...ages)).to.be.at.least(15);
    expect(records.length).to.be.greaterThan(clusters.length); // some clusters were assessed twice
  });

  it('keeps every record consistent with the framework bands and its label rules', () => {
    for (const r of records.slice(0, 300)) {
      const s = scoreValues(r.indicatorValues);
      expect(s.totalPoints).to.equal(r.totalPoints);
      expect(s.areaPercents).to.deep.equal(r.areaPercents);
      if (r.label === 'gold') expect(r.totalPoints).to.be.at.least(120);
      expect(r.label === null).to.equal(r.labelValidUntil === null);
    }
    const gold = clusters.filter((c) => c.label === 'gold').length / clusters.length;
    expect(gold).to.be.within(0.02, 0.12);
  });

  it('gives larger clusters more management staff', () => {
    const fte = (rs: BenchmarkRecord[]) => mean(rs.map((r) => r.indicatorValues['MGT-02']).filter((x): x is number => x != null));
    const small = clusters.filter((c) => (c.indicatorValues['STR-03'] ?? 0) < 30);
    const large = clusters.filter((c) => (c.indicatorValues['STR-03'] ?? 0) >= 100);
    expect(fte(large)).to.be.greaterThan(fte(small) * 1.8);
  });

  it('gives older clusters a documented strategy (SRV-02 ≥ L3) more often', () => {
    const documented = (rs: BenchmarkRecord[]) => rs.filter((r) => (r.indicatorValues['SRV-02'] ?? 0) >= 3).length / rs.length;
    const young = clusters.filter((c) => (c.indicatorValues['MGT-01'] ?? 99) < 3);
    const old = clusters.filter((c) => (c.indicatorValues['MGT-01'] ?? 0) >= 10);
    expect(documented(old)).to.be.greaterThan(documented(young) + 0.15);
  });

  it(`makes the clusters of ${WEAK_COMMUNICATION_COUNTRY} weakest in communication`, () => {
    const weak = clusters.filter((c) => c.country === WEAK_COMMUNICATION_COUNTRY);
    const rest = clusters.filter((c) => c.country !== WEAK_COMMUNICATION_COUNTRY);
    const gap = (area: string) => mean(weak.map((c) => c.areaPercents[area])) - mean(rest.map((c) => c.areaPercents[area]));
    const gaps = ['STR', 'MGT', 'FIN', 'SRV', 'INT', 'ACH'].map((a) => ({ a, gap: gap(a) })).sort((x, y) => x.gap - y.gap);
    expect(gaps[0].a).to.equal('INT');
    expect(gaps[0].gap).to.be.lessThan(-8);
  });
});
