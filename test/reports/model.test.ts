import { expect } from 'chai';
import { buildReportModel, reportCharts } from '../../reports';
import { MIN_PEER_GROUP } from '../../reports/types';
import { engineInput } from './fixtures/inputs';

describe('reports/model and charts', () => {
  const input = engineInput('example-1-gold');

  it('builds the same model twice from the same input (no clock, no I/O)', () => {
    expect(JSON.stringify(buildReportModel(input, 'en'))).to.equal(JSON.stringify(buildReportModel(input, 'en')));
  });

  it('replaces a peer group smaller than the minimum with all clusters and says so', () => {
    const m = buildReportModel(input, 'en');
    const sector = m.peers.groups.find((g) => g.requested === 'sector');
    expect(input.peers.total.find((g) => g.key === 'sector')!.n).to.be.below(MIN_PEER_GROUP);
    expect(sector?.shown).to.equal('all');
    expect(m.peers.notes).to.have.length(1);
    expect(m.peers.groups.find((g) => g.requested === 'excellence')?.shown).to.equal('excellence');
  });

  it('ranks recommendations in the engine order with the points each would gain', () => {
    const m = buildReportModel(input, 'en');
    expect(m.recommendations.map((r) => [r.rank, r.indicator, r.gain])).to.deep.equal([
      [1, 'INT-01', 1],
      [2, 'STR-04', 1],
      [3, 'MGT-04', 1],
    ]);
  });

  it('writes numbers and dates the Norwegian way in nb', () => {
    const m = buildReportModel(input, 'nb');
    expect(m.summary.percent).to.equal('80,0\u00a0%');
    expect(m.cover.interviewDate).to.equal('14. mars 2026');
    expect(m.cover.labelText).to.equal('GULL');
  });

  it('gives at least six chart configurations that survive JSON (usable by chart.js in the browser)', () => {
    const charts = reportCharts(buildReportModel(input, 'en'));
    expect(charts.length).to.be.at.least(6);
    for (const c of charts) expect(JSON.parse(JSON.stringify(c.config)), c.id).to.deep.equal(c.config);
  });
});
