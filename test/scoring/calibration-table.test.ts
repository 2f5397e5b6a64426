/**
 * The calibration's full table (issue 16, item 8): every compared quality indicator as a row with both
 * values, their bands and the band difference; what could not be compared kept apart with why (the
 * survey computes it, a value is missing, or missing evidence blocked the final score).
 */
import { expect } from 'chai';
import { calibrate } from '../../scoring';
import { example, framework, goldWith, run } from './helpers';

describe('scoring: the calibration table', () => {
  const final = example('example-1-gold').values;
  const interviewDate = '2026-03-14';

  it('lists every compared indicator in catalogue order with values, bands and the band difference', () => {
    const shadow = { ...final, 'STR-01': 80, 'STR-03': 14, 'INT-05': 4 };
    const lead = { ...final, 'STR-02': 5 };
    const c = calibrate(framework(), { shadow, final, lead, interviewDate });
    expect(c.rows).to.have.length(28);
    expect(c.rows.map((r) => r.indicator).slice(0, 3)).to.deep.equal(['STR-01', 'STR-02', 'STR-03']);
    // a ratio reads as its rounded percentage; 80.0 and 83.9 % fall in the same band
    expect(c.rows[0]).to.deep.equal({
      indicator: 'STR-01',
      shadowValue: 80,
      leadValue: 83.9,
      finalValue: 83.9,
      shadowBand: '≥80:4',
      finalBand: '≥80:4',
      shadowPoints: 4,
      finalPoints: 4,
      difference: 0,
    });
    expect(c.rows[1]).to.include({ indicator: 'STR-02', leadValue: 5, finalValue: 4, shadowBand: 'L4', difference: 0 });
    expect(c.rows[2]).to.include({
      indicator: 'STR-03',
      shadowValue: 14,
      shadowBand: null,
      shadowPoints: 0,
      finalPoints: 5,
      difference: -5,
    });
    expect(c.deviations.map((d) => d.indicator)).to.deep.equal(['STR-03', 'INT-05']);
    // the three survey-based indicators are never compared: nobody records them
    expect(c.notCompared).to.deep.equal(
      ['SRV-09', 'INT-02', 'ACH-03'].map((indicator) => ({
        indicator,
        reason: 'survey_based',
        shadowValue: null,
        finalValue: null,
        documents: [],
      })),
    );
  });

  it('keeps indicators blocked by missing evidence and missing values apart from the disagreements', () => {
    // D-09 not accepted: MGT-02, MGT-03 and MGT-05 get no points in the final score (§1.4 step 3)
    const score = run(goldWith({}, { documents: { ...example('example-1-gold').documents, 'D-09': 'rejected' } }));
    const { 'FIN-02': _noShadow, ...shadow } = { ...final, 'MGT-02': 0.5 };
    const { 'INT-03': _noFinal, ...finalLess } = final;
    const c = calibrate(framework(), { shadow, final: finalLess, score, interviewDate });
    const apart = Object.fromEntries(c.notCompared.map((n) => [n.indicator, n]));
    expect(apart['MGT-02']).to.deep.equal({
      indicator: 'MGT-02',
      reason: 'evidence_blocked',
      shadowValue: 0.5,
      finalValue: 2.5,
      documents: ['D-09'],
    });
    expect(apart['MGT-03'].reason).to.equal('evidence_blocked');
    expect(apart['FIN-02']).to.include({ reason: 'no_shadow_value', shadowValue: null, finalValue: 55 });
    expect(apart['INT-03']).to.include({ reason: 'no_final_value', shadowValue: 7, finalValue: null });
    // MGT-02's 2 → 4 points would have been a disagreement: blocked, it counts for neither side
    expect(c.rows.map((r) => r.indicator)).not.to.include.members(['MGT-02', 'MGT-03', 'MGT-05', 'FIN-02', 'INT-03']);
    expect(c.compared).to.equal(28 - 5);
    expect(c).to.include({ exactAgreement: 100, withinOneBand: 100, kappa: 1 });
  });

  it('compares nothing, honestly, when no indicator has both values', () => {
    const c = calibrate(framework(), { shadow: {}, final, interviewDate });
    expect(c).to.include({ compared: 0, exactAgreement: null, withinOneBand: null, kappa: null });
    expect(c.rows).to.deep.equal([]);
    expect(c.notCompared.filter((n) => n.reason === 'no_shadow_value')).to.have.length(28);
  });

  it('reads N/A as a value of its own, compared at 0 points', () => {
    const c = calibrate(framework(), {
      shadow: { 'STR-05': { notApplicable: true } },
      final: { 'STR-05': 87.5 },
      interviewDate,
    });
    expect(c.rows).to.deep.equal([
      {
        indicator: 'STR-05',
        shadowValue: 'not_applicable',
        leadValue: null,
        finalValue: 87.5,
        shadowBand: null,
        finalBand: '≥85:4',
        shadowPoints: 0,
        finalPoints: 4,
        difference: -4,
      },
    ]);
    expect(c.notCompared.find((n) => n.indicator === 'STR-01')).to.include({ reason: 'not_recorded' });
  });
});
