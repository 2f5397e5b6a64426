/**
 * Advice names the real blocker (issue 14, hole 7): when documents that are not accepted hold an
 * indicator's points down (§1.4 step 3: a required document; §1.3.2: a document named by a level
 * condition), the recommendation and the path carry those documents and the value the cluster
 * already has as the target, while §6.1's gap and priority and §6.2's selection stay as they were.
 */
import { expect } from 'chai';
import type { Improvement, Score } from '../../scoring';
import { goldWith, indicator, run } from './helpers';

const withDocuments = (documents: Record<string, string>, values: Record<string, unknown> = {}) =>
  goldWith(values, { documents: { ...goldWith().documents, ...documents } });
const recommendation = (s: Score, id: string) => s.recommendations.find((r) => r.indicator === id)!;
/** Every improvement for `id` on both paths. */
const improvements = (s: Score, id: string): Improvement[] =>
  [s.pathToNextLabel, s.pathToGold].flatMap((p) => p?.improvements ?? []).filter((i) => i.indicator === id);

describe('scoring: documents that hold points down are named in the advice', () => {
  it('SRV-08 at 7 (meets its threshold) with D-03 and D-11 not accepted: the recommendation names them, target = the recorded value', () => {
    const s = run(withDocuments({ 'D-03': 'rejected', 'D-11': 'uploaded' }));
    const srv08 = indicator(s, 'SRV-08');
    expect(srv08.status).to.equal('insufficient_evidence');
    expect(srv08.evidence.recorded).to.equal(7);
    const r = recommendation(s, 'SRV-08');
    // §6.1 unchanged: gap G − p = 4, priority 4 × 3
    expect([r.points, r.gap, r.weight, r.priority, r.minimumFailed]).to.deep.equal([0, 4, 3, 12, true]);
    expect(r.blockedBy).to.deep.equal({
      documents: ['D-03', 'D-11'],
      statuses: { 'D-03': 'rejected', 'D-11': 'uploaded' },
      reasons: { 'D-03': 'required', 'D-11': 'required' },
      value: 7,
      points: 5,
    });
    expect(r.blockedBy!.value).to.equal(srv08.evidence.recorded);
    // "build the portfolio out to six" is not what the cluster has to do
    expect(r.action).to.equal(null);
    const planned = improvements(s, 'SRV-08');
    expect(planned).to.have.length.greaterThan(0);
    for (const im of planned) {
      expect(im.targetValue, im.rules!.join()).to.equal(7);
      expect(im.blockedBy!.documents).to.deep.equal(['D-03', 'D-11']);
    }
  });

  it('STR-02 at L4 with its document D-04 pending: the recommendation and the path name D-04, target L4', () => {
    const s = run(withDocuments({ 'D-04': 'uploaded' }));
    expect(indicator(s, 'STR-02').status).to.equal('insufficient_evidence');
    const r = recommendation(s, 'STR-02');
    expect([r.gap, r.priority]).to.deep.equal([4, 12]);
    expect(r.blockedBy).to.deep.include({ documents: ['D-04'], statuses: { 'D-04': 'uploaded' }, value: 'L4', points: 4 });
    expect(r.action).to.equal(null);
    // E3 (STR-02 ≥ L2) fails: PB2 asks for STR-02 at its minimum, which the recorded L4 already gives with D-04 accepted
    expect(s.label.awarded).to.equal(null);
    const pb2 = s.pathToNextLabel.improvements.find((i) => i.indicator === 'STR-02')!;
    expect(pb2).to.deep.include({ targetPoints: 2, targetValue: 'L4', gain: 2, rules: ['PB2'] });
    expect(pb2.blockedBy!.documents).to.deep.equal(['D-04']);
    expect(s.pathToNextLabel.proceduralSteps).to.deep.include({
      code: 'accept_document',
      document: 'D-04',
      indicators: ['STR-03', 'STR-02'],
    });
  });

  it('a level condition naming a document that is not accepted holds the level (§1.3.2): SRV-05 at L4 without D-08', () => {
    const s = run(withDocuments({ 'D-08': 'rejected' }));
    const srv05 = indicator(s, 'SRV-05');
    // SRV-05 has no required document; its L3 and L4 conditions name D-08
    expect(srv05.evidence.documents).to.deep.equal([]);
    expect([srv05.status, srv05.value, srv05.points, srv05.evidence.recorded]).to.deep.equal(['scored', 2, 2, 4]);
    expect(srv05.explanation).to.equal(
      'L4 recorded, but D-08 is named by its level conditions and not accepted, so it counts as L2, which falls in L2: 2 of 5 points, Gold threshold 4 not met.',
    );
    const r = recommendation(s, 'SRV-05');
    expect([r.gap, r.weight, r.priority]).to.deep.equal([2, 2, 4]);
    expect(r.blockedBy).to.deep.equal({
      documents: ['D-08'],
      statuses: { 'D-08': 'rejected' },
      reasons: { 'D-08': 'level_condition' },
      value: 'L4',
      points: 4,
    });
    const planned = improvements(s, 'SRV-05');
    expect(planned).to.have.length.greaterThan(0);
    for (const im of planned) expect([im.targetValue, im.blockedBy!.documents]).to.deep.equal(['L4', ['D-08']]);
    // the procedural steps ask for D-08 although no indicator requires it
    const d08 = s.pathToGold!.proceduralSteps.find((st) => st.code === 'accept_document' && st.document === 'D-08');
    expect(d08).to.have.property('indicators').that.includes('SRV-05');
    // a level whose named documents are accepted is not held
    expect(indicator(run(withDocuments({}, { 'SRV-05': 4 })), 'SRV-05').points).to.equal(4);
    // a recorded level no higher than the held one scores as before
    expect(indicator(run(withDocuments({ 'D-08': 'rejected' }, { 'SRV-05': 2 })), 'SRV-05')).to.deep.include({ value: 2, points: 2 });
    expect(indicator(run(withDocuments({ 'D-08': 'rejected' }, { 'SRV-05': 2 })), 'SRV-05').heldBy).to.equal(undefined);
  });

  it('documents that would not add a point are not a blocker; documents short of the target come with the rest of the way', () => {
    // SRV-08 at 5 (3 points) with D-11 not provided: accepting it gives 3, short of G = 4
    const s = run(withDocuments({ 'D-11': 'not_provided' }, { 'SRV-08': 5 }));
    const r = recommendation(s, 'SRV-08');
    expect(r.blockedBy).to.deep.include({ documents: ['D-11'], value: 5, points: 3 });
    expect(r.action).to.not.equal(null);
    // to Silver (PS1, target P_min = 1): D-11 alone, at the value it has; to Gold (target G = 4): D-11 and then 6
    expect(s.pathToNextLabel.improvements.find((i) => i.indicator === 'SRV-08')).to.deep.include({
      targetPoints: 1,
      targetValue: 5,
      gain: 1,
    });
    expect(s.pathToGold!.improvements.find((i) => i.indicator === 'SRV-08')).to.deep.include({ targetPoints: 4, targetValue: 6, gain: 4 });
    expect(s.pathToGold!.improvements.find((i) => i.indicator === 'SRV-08')!.blockedBy).to.deep.include({ documents: ['D-11'], points: 3 });
    // SRV-08 at 2 (below every band): accepting D-11 gives nothing, so nothing holds it
    const none = run(withDocuments({ 'D-11': 'rejected' }, { 'SRV-08': 2 }));
    expect(indicator(none, 'SRV-08').heldBy).to.equal(undefined);
    expect(recommendation(none, 'SRV-08').blockedBy).to.equal(undefined);
  });
});
