/**
 * Progress since the last benchmarking (scoring/progress.ts): the engine's scores of FRAMEWORK.md
 * example 2 (Bronze, the earlier cycle) and example 1 (Gold, this one) paired up per indicator, per
 * area and for the total, with the changes in points and in peer percentile.
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
import { defaultFramework } from '../../questionnaires';
import { score, type Score } from '../../scoring';
import { progressBetween, type ProgressPeers } from '../../scoring/progress';

function scored(example: string): Score {
  const ev = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'evidence', `${example}.json`), 'utf8'));
  return score(defaultFramework(), ev, { asOf: ev.interviewDate });
}

const before = scored('example-2-bronze-fallback');
const now = scored('example-1-gold');
const peers: ProgressPeers = {
  previous: { total: 40.5, 'area:STR': 30, 'STR-01': 55 },
  current: { total: 72, 'area:STR': 61.2, 'STR-01': 55, 'MGT-01': 80 },
  clusters: 120,
  source: 'test pool',
};

describe('progress since the last benchmarking (pure)', () => {
  const p = progressBetween(before, now, peers, { previousAssessmentId: 7 });

  it('names the previous cycle and the peer set', () => {
    expect(p.previous).to.deep.equal({
      assessmentId: 7,
      asOf: before.asOf,
      label: before.label.awarded,
      frameworkVersion: before.framework.version,
    });
    expect(p.peers).to.deep.equal({ group: 'all', clusters: 120, source: 'test pool' });
  });

  it('gives the change of the total in points and in percentile', () => {
    expect(p.total.previousPoints).to.equal(before.total.points);
    expect(p.total.points).to.equal(now.total.points);
    expect(p.total.pointsChange).to.equal(now.total.points - before.total.points);
    expect(p.total.pointsChange).to.not.equal(0);
    expect(p.total).to.include({ previousPercentile: 40.5, percentile: 72, percentileChange: 31.5, maxPoints: now.total.maxPoints });
  });

  it('gives every area with its points, percents and percentiles in both cycles', () => {
    expect(p.areas.map((a) => a.key)).to.deep.equal(now.areas.map((a) => a.code));
    for (const a of p.areas) {
      const b = before.areas.find((x) => x.code === a.key)!;
      const n = now.areas.find((x) => x.code === a.key)!;
      expect(a).to.include({ previousPoints: b.points, points: n.points, pointsChange: n.points - b.points });
      expect(a).to.include({ previousPercent: b.percent, percent: n.percent });
    }
    const str = p.areas.find((a) => a.key === 'STR')!;
    expect(str).to.include({ previousPercentile: 30, percentile: 61.2, percentileChange: 31.2 });
    // an area without a percentile in one cycle has no percentile change
    expect(p.areas.find((a) => a.key !== 'STR')!.percentileChange).to.equal(null);
  });

  it('gives every quality indicator, never a profile indicator, with the change in points', () => {
    const quality = now.indicators.filter((i) => i.kind === 'quality');
    expect(p.indicators.map((i) => i.key)).to.deep.equal(quality.map((i) => i.id));
    let changed = 0;
    for (const row of p.indicators) {
      const b = before.indicators.find((x) => x.id === row.key)!;
      const n = now.indicators.find((x) => x.id === row.key)!;
      expect(row.area).to.equal(n.area);
      if (b.status === 'not_applicable' || n.status === 'not_applicable') continue;
      expect(row).to.include({ previousPoints: b.points, points: n.points, pointsChange: n.points - b.points, maxPoints: n.maxPoints });
      if (row.pointsChange !== 0) changed++;
    }
    expect(changed).to.be.greaterThan(0);
    expect(p.indicators.find((i) => i.key === 'STR-01')).to.include({ previousPercentile: 55, percentile: 55, percentileChange: 0 });
    expect(p.indicators.find((i) => i.key === 'MGT-01')).to.include({ previousPercentile: null, percentile: 80, percentileChange: null });
  });

  it('keeps an indicator only one cycle had, with nulls on the other side', () => {
    const dropped: Score = { ...now, indicators: now.indicators.filter((i) => i.id !== 'STR-02') };
    const q = progressBetween(before, dropped, peers, { previousAssessmentId: 7 });
    const row = q.indicators.find((i) => i.key === 'STR-02')!;
    expect(q.indicators[q.indicators.length - 1].key).to.equal('STR-02');
    expect(row.previousPoints).to.equal(before.indicators.find((i) => i.id === 'STR-02')!.points);
    expect(row).to.include({ points: null, pointsChange: null, percentile: null, percentileChange: null });
  });

  it('is nothing but arithmetic: the same cycle twice shows no change', () => {
    const same = progressBetween(now, now, { ...peers, previous: peers.current }, { previousAssessmentId: 1 });
    expect(same.total.pointsChange).to.equal(0);
    expect(same.total.percentileChange).to.equal(0);
    expect(same.areas.every((a) => a.pointsChange === 0)).to.equal(true);
    expect(same.indicators.every((i) => i.pointsChange === 0 || i.pointsChange === null)).to.equal(true);
  });
});
