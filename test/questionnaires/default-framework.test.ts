import { expect } from 'chai';
import { defaultFramework, DEFAULT_FRAMEWORK_ID, type Indicator } from '../../questionnaires';

describe('questionnaires: the default framework esca-default 1.0.0', () => {
  const fw = defaultFramework();
  const def = fw.definition;
  const quality = def.indicators.filter((i) => i.kind === 'quality');
  const scoring = (id: string) => {
    const s = fw.indicators.get(id)?.scoring;
    if (!s) throw new Error(`${id} has no scoring`);
    return s;
  };
  const ids = (pred: (i: Indicator) => boolean) => quality.filter(pred).map((i) => i.id);

  it('loads as esca-default 1.0.0 with titles in English and Norwegian', () => {
    expect(def.id).to.equal(DEFAULT_FRAMEWORK_ID);
    expect(def.version).to.equal('1.0.0');
    expect(def.title.en).to.match(/ESCA/);
    expect(def.title.nb).to.match(/rammeverk/);
    expect(defaultFramework()).to.equal(fw, 'cached');
  });

  it('has 6 areas and 36 indicators: 31 quality and 5 profile, numbered 1–36 in order', () => {
    expect(def.areas.map((a) => a.code)).to.deep.equal(['STR', 'MGT', 'FIN', 'SRV', 'INT', 'ACH']);
    expect(def.indicators.map((i) => i.number)).to.deep.equal(Array.from({ length: 36 }, (_, k) => k + 1));
    expect(quality).to.have.length(31);
    expect(def.indicators.filter((i) => i.kind === 'profile').map((i) => i.id)).to.deep.equal([
      'STR-06',
      'STR-07',
      'STR-08',
      'MGT-07',
      'FIN-03',
    ]);
    expect(def.totals).to.deep.equal({ qualityIndicators: 31, profileIndicators: 5, maxPoints: 150, goldThresholdSum: 120 });
  });

  it('adds up to 26 × 5 + 5 × 4 = 150 points and a Gold-threshold sum of 120', () => {
    const maxima = quality.map((i) => scoring(i.id).maxPoints);
    expect(maxima.filter((m) => m === 5)).to.have.length(26);
    expect(ids((i) => i.scoring?.maxPoints === 4)).to.deep.equal(['STR-04', 'MGT-04', 'MGT-05', 'SRV-10', 'ACH-01']);
    expect(maxima.reduce((a, b) => a + b, 0)).to.equal(150);
    const g = quality.map((i) => scoring(i.id).goldThreshold);
    expect(g.reduce((a, b) => a + b, 0)).to.equal(120);
    expect(ids((i) => i.scoring?.goldThreshold === 5)).to.deep.equal(['INT-05']);
    expect(ids((i) => i.scoring?.goldThreshold === 3)).to.deep.equal(['STR-04', 'MGT-04', 'MGT-05', 'SRV-10', 'ACH-01']);
    expect(def.labelRules.gold?.minTotal).to.equal(120);
  });

  it('has the area control sums of §2.1', () => {
    const table = def.areas.map((a) => [a.code, a.maxPoints, a.goldThresholdSum]);
    expect(table).to.deep.equal([
      ['STR', 24, 19],
      ['MGT', 28, 22],
      ['FIN', 10, 8],
      ['SRV', 49, 39],
      ['INT', 25, 21],
      ['ACH', 14, 11],
    ]);
  });

  it('has exactly the 9 minimums of Table 2, with their points', () => {
    const minimums = quality.filter((i) => i.scoring?.minimumPoints !== null).map((i) => [i.id, i.scoring?.minimumPoints]);
    expect(minimums).to.deep.equal([
      ['STR-01', 1],
      ['STR-02', 2],
      ['STR-03', 1],
      ['MGT-02', 1],
      ['MGT-06', 2],
      ['SRV-02', 3],
      ['SRV-04', 3],
      ['SRV-08', 1],
      ['INT-05', 3],
    ]);
    expect(ids((i) => i.scoring?.minimumPoints !== null && !i.scoring?.silverScope)).to.deep.equal(['MGT-02']);
  });

  it('has 19 Silver-scope indicators and weights 9 × 3, 11 × 2, 11 × 1 following the rule of Table 2', () => {
    expect(ids((i) => i.scoring?.silverScope === true)).to.have.length(19);
    expect(ids((i) => i.scoring?.silverScope === false)).to.deep.equal([
      'STR-04',
      'STR-05',
      'MGT-02',
      'MGT-04',
      'MGT-05',
      'FIN-01',
      'FIN-02',
      'SRV-07',
      'SRV-10',
      'ACH-01',
      'ACH-02',
      'ACH-03',
    ]);
    for (const w of [3, 2, 1])
      expect(
        ids((i) => i.scoring?.weight === w),
        `w${w}`,
      ).to.have.length(w === 3 ? 9 : 11);
    for (const ind of quality) {
      const s = scoring(ind.id);
      const expected = s.minimumPoints !== null ? 3 : s.silverScope ? 2 : 1;
      expect(s.weight, ind.id).to.equal(expected);
    }
  });

  it('encodes the scales S5 and S4 and the survey-mean bands SM', () => {
    expect(def.scales).to.deep.equal({ S5: [0, 2, 3, 4, 5], S4: [0, 1, 2, 3, 4] });
    const sm = [
      { min: 2.5, points: 1 },
      { min: 3, points: 2 },
      { min: 3.4, points: 3 },
      { min: 3.8, points: 4 },
      { min: 4.2, points: 5 },
    ];
    expect(scoring('SRV-09').bands).to.deep.equal(sm);
    expect(scoring('ACH-03').bands).to.deep.equal(sm);
    const scaleIds = ids((i) => i.valueType === 'scale');
    expect(scaleIds).to.deep.equal([
      'STR-02',
      'MGT-03',
      'MGT-04',
      'MGT-06',
      'SRV-01',
      'SRV-02',
      'SRV-03',
      'SRV-04',
      'SRV-05',
      'INT-04',
      'INT-05',
    ]);
    for (const id of scaleIds) expect(scoring(id).scale, id).to.equal(id === 'MGT-04' ? 'S4' : 'S5');
  });

  describe('spot checks of Table 2 rows', () => {
    const bands = (id: string) => (scoring(id).bands ?? []).map((b) => `≥${b.min}:${b.points}`).join(', ');
    const row = (id: string) => {
      const s = scoring(id);
      return [s.maxPoints, s.goldThreshold, s.minimumPoints, s.silverScope, s.weight, s.requiredDocuments];
    };

    it('STR-01: ≥50:1 … ≥90:5, max 5, G 4, P_min 1, S, w 3, D-04', () => {
      expect(bands('STR-01')).to.equal('≥50:1, ≥60:2, ≥70:3, ≥80:4, ≥90:5');
      expect(row('STR-01')).to.deep.equal([5, 4, 1, true, 3, ['D-04']]);
    });
    it('MGT-01: the bands skip 3 points (≥3:4)', () => {
      expect(bands('MGT-01')).to.equal('≥1:1, ≥2:2, ≥3:4, ≥6:5');
      expect(row('MGT-01')).to.deep.equal([5, 4, null, true, 2, ['D-07']]);
    });
    it('MGT-02: FTE bands, a minimum outside Silver scope', () => {
      expect(bands('MGT-02')).to.equal('≥0.5:1, ≥1:2, ≥1.5:3, ≥2:4, ≥3:5');
      expect(row('MGT-02')).to.deep.equal([5, 4, 1, false, 3, ['D-09']]);
    });
    it('MGT-04: S4, max 4, G 3 (L4), D-10', () => {
      expect(scoring('MGT-04').scale).to.equal('S4');
      expect(row('MGT-04')).to.deep.equal([4, 3, null, false, 1, ['D-10']]);
    });
    it('SRV-08: two required documents and a minimum of 1 (≥3 categories)', () => {
      expect(bands('SRV-08')).to.equal('≥3:1, ≥4:2, ≥5:3, ≥6:4, ≥7:5');
      expect(row('SRV-08')).to.deep.equal([5, 4, 1, true, 3, ['D-03', 'D-11']]);
      expect(fw.indicators.get('SRV-08')?.maxValue).to.equal(8);
    });
    it('SRV-05, INT-04 and INT-05 require no document; INT-05 has G 5 and P_min 3', () => {
      expect(scoring('SRV-05').requiredDocuments).to.deep.equal([]);
      expect(scoring('INT-04').requiredDocuments).to.deep.equal([]);
      expect(row('INT-05')).to.deep.equal([5, 5, 3, true, 3, []]);
    });
    it('SRV-10, INT-02, ACH-01 and ACH-02', () => {
      expect(bands('SRV-10')).to.equal('≥1:1, ≥2:2, ≥3:3, ≥5:4');
      expect(bands('INT-02')).to.equal('≥15:1, ≥30:2, ≥40:3, ≥50:4, ≥70:5');
      expect(row('INT-02')).to.deep.equal([5, 4, null, true, 2, ['D-14']]);
      expect(bands('ACH-01')).to.equal('≥1:1, ≥3:2, ≥6:3, ≥10:4');
      expect(bands('ACH-02')).to.equal('≥1:1, ≥2:2, ≥3:4, ≥5:5');
    });
    it('SRV-04 requires only D-05 but lists D-05, D-06 and D-08 as evidence', () => {
      expect(scoring('SRV-04').requiredDocuments).to.deep.equal(['D-05']);
      expect(fw.indicators.get('SRV-04')?.evidence).to.deep.equal({ interview: true, survey: false, documents: ['D-05', 'D-06', 'D-08'] });
    });
  });

  it('links the survey-based indicators to their questions and allows N/A only where §1.5 does', () => {
    expect(fw.indicators.get('SRV-09')?.surveyQuestions).to.deep.equal(['Q7', 'Q8', 'Q9']);
    expect(fw.indicators.get('INT-02')?.surveyQuestions).to.deep.equal(['Q4']);
    expect(fw.indicators.get('ACH-03')?.surveyQuestions).to.deep.equal(['Q10', 'Q11', 'Q12', 'Q13']);
    expect(def.indicators.filter((i) => i.notApplicable).map((i) => i.id)).to.deep.equal(['STR-05', 'SRV-09', 'INT-02', 'ACH-03']);
    expect(fw.indicators.get('MGT-07')?.codes).to.deep.equal(['association', 'company', 'foundation', 'public_body', 'hosted', 'other']);
  });

  it('has the participant survey Q1–Q15 with the validity rule and minimums of §3.3', () => {
    const s = def.survey;
    expect(s.questions.map((q) => q.id)).to.deep.equal(Array.from({ length: 15 }, (_, k) => `Q${k + 1}`));
    expect(s.questions.map((q) => q.answer).join(' ')).to.equal(
      'choice choice yes_no yes_no likert likert likert likert likert likert likert likert likert nps text',
    );
    expect(s.validityItems).to.deep.equal(['Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12', 'Q13']);
    expect([s.minAnswered, s.minimumResponses, s.minimumResponseRate]).to.deep.equal([4, 10, 20]);
    expect(s.questions[0].options?.map((o) => o.value)).to.deep.equal(['companies', 'research_education', 'public_bodies', 'other']);
  });

  it('has the checklist D-01…D-18 with the indicators each supports (Table 4)', () => {
    expect(def.checklist.map((d) => d.id)).to.deep.equal(Array.from({ length: 18 }, (_, k) => `D-${String(k + 1).padStart(2, '0')}`));
    expect(fw.documents.get('D-04')?.supports).to.deep.equal(['STR-01', 'STR-02', 'STR-03', 'STR-04', 'STR-05', 'STR-08', 'INT-01']);
    expect(fw.documents.get('D-14')?.supports).to.deep.equal(['SRV-09', 'INT-02', 'ACH-03', 'SRV-05']);
    expect(fw.documents.get('D-08')?.supports).to.deep.equal(['MGT-06', 'SRV-04', 'SRV-05']);
  });

  it('has the label-rule parameters of §5', () => {
    expect(def.labelRules.bronze?.eligibility.map((e) => [e.id, e.indicator])).to.deep.equal([
      ['E1', 'MGT-02'],
      ['E2', 'STR-03'],
      ['E3', 'STR-02'],
      ['E4', 'INT-05'],
    ]);
    expect(def.labelRules.silver).to.deep.equal({ intervalMonths: { min: 18, max: 24 }, improvementAreas: 3 });
    expect(def.labelRules.gold).to.deep.equal({ minTotal: 120 });
    expect(def.labelRules.validityMonths).to.equal(24);
  });

  it('gives every indicator an interview guide, every scale indicator five levels and every quality indicator an action, in en and nb', () => {
    for (const ind of def.indicators) {
      expect(ind.guide.probes.length, ind.id).to.be.within(1, 3);
      expect(ind.guide.question.nb, ind.id).to.not.equal(ind.guide.question.en);
      expect(ind.unit, `${ind.id} unit`).to.not.equal(undefined);
      if (ind.valueType === 'scale')
        expect(
          ind.levels?.map((l) => l.level),
          ind.id,
        ).to.deep.equal([1, 2, 3, 4, 5]);
      if (ind.kind === 'quality') expect(ind.action?.nb, ind.id).to.be.a('string').and.not.equal(ind.action?.en);
      else expect(ind.action, ind.id).to.equal(undefined);
    }
  });

  it('is frozen, so nobody can change the loaded default in memory', () => {
    expect(Object.isFrozen(def)).to.equal(true);
    expect(() => {
      (scoring('STR-01') as { goldThreshold: number }).goldThreshold = 1;
    }).to.throw(TypeError);
  });
});
