import { expect } from 'chai';
import bwJson from '../../fixtures/frameworks/bw-style-1.0.0.json';
import { defaultFramework, loadFramework } from '../../questionnaires';
import { refusal } from './helpers';

describe('questionnaires: a second framework (bw-style 1.0.0) passes the same loader', () => {
  const fw = loadFramework(bwJson);
  const def = fw.definition;
  const quality = def.indicators.filter((i) => i.kind === 'quality');

  it('loads with its own id, hash, 4 categories and 14 quality indicators', () => {
    expect([def.id, def.version]).to.deep.equal(['bw-style', '1.0.0']);
    expect(fw.hash)
      .to.match(/^[0-9a-f]{64}$/)
      .and.not.equal(defaultFramework().hash);
    expect(def.areas.map((a) => a.code)).to.deep.equal(['ORG', 'MAN', 'SVC', 'IMP']);
    expect(quality).to.have.length(14);
    expect(def.totals).to.deep.equal({ qualityIndicators: 14, profileIndicators: 2, maxPoints: 100, goldThresholdSum: 72 });
  });

  it('awards only a Gold-like label at 80 % of its maximum, valid 24 months', () => {
    expect(def.labelRules).to.deep.equal({ gold: { minTotal: 80 }, validityMonths: 24 });
    expect(def.labelRules.gold!.minTotal).to.equal(0.8 * def.totals.maxPoints);
  });

  it('has its own scales, bands, survey and checklist', () => {
    expect(Object.keys(def.scales)).to.deep.equal(['B6', 'B10']);
    expect(fw.indicators.get('MAN-02')?.scoring).to.include({ scale: 'B10', maxPoints: 10, goldThreshold: 8, minimumPoints: 5 });
    expect(fw.indicators.get('IMP-03')?.scoring?.bands).to.have.length(5);
    expect(def.survey.questions).to.have.length(6);
    expect([def.survey.minAnswered, def.survey.minimumResponses, def.survey.minimumResponseRate]).to.deep.equal([2, 8, 25]);
    expect(def.checklist.map((d) => d.id)).to.deep.equal(['D-01', 'D-02', 'D-03', 'D-04', 'D-05', 'D-06', 'D-07', 'D-08']);
  });

  it('is checked as strictly as the default: its control sums and references are verified', () => {
    const broken = structuredClone(bwJson) as typeof bwJson;
    broken.areas[3].maxPoints = 25;
    broken.checklist[7].supports = ['IMP-09'];
    const paths = refusal(broken).map((i) => i.path);
    expect(paths).to.include.members(['/areas/3/maxPoints', '/checklist/7/supports/0']);
  });
});
