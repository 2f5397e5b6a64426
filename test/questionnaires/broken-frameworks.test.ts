import { expect } from 'chai';
import { FrameworkValidationError, loadFramework, type FrameworkDefinition } from '../../questionnaires';
import { at, defaultCopy, refusal, show } from './helpers';

/** Mutable view for breaking a copy in ways the types forbid. */
type Loose = Record<string, any>;

interface Variant {
  what: string;
  /** breaks the copy; returns the JSON Pointer the refusal must name */
  breakIt: (def: FrameworkDefinition, loose: Loose) => string;
  message: RegExp;
}

const variants: Variant[] = [
  {
    what: 'a missing Norwegian name',
    breakIt: (def) => {
      const i = at(def, 'STR-04');
      delete (def.indicators[i].name as Partial<Loose>).nb;
      return `/indicators/${i}/name/nb`;
    },
    message: /required property "nb" is missing/,
  },
  {
    what: 'a blank Norwegian probe',
    breakIt: (def) => {
      const i = at(def, 'MGT-03');
      def.indicators[i].guide.probes[1].nb = '   ';
      return `/indicators/${i}/guide/probes/1/nb`;
    },
    message: /Norwegian text is blank/,
  },
  {
    what: 'four probes in a guide',
    breakIt: (def) => {
      const i = at(def, 'SRV-02');
      def.indicators[i].guide.probes.push({ en: 'And?', nb: 'Og?' });
      return `/indicators/${i}/guide/probes`;
    },
    message: /at most 3 item/,
  },
  {
    what: 'a duplicate indicator id',
    breakIt: (def) => {
      def.indicators[1].id = 'STR-01';
      return '/indicators/1/id';
    },
    message: /duplicate indicator id "STR-01" \(already at \/indicators\/0\)/,
  },
  {
    what: 'a duplicate indicator number',
    breakIt: (def) => {
      const i = at(def, 'ACH-03');
      def.indicators[i].number = 35;
      return `/indicators/${i}/number`;
    },
    message: /duplicate indicator number 35/,
  },
  {
    what: 'a duplicate checklist document id',
    breakIt: (def) => {
      def.checklist[17].id = 'D-01';
      return '/checklist/17/id';
    },
    message: /duplicate document id "D-01"/,
  },
  {
    what: 'a required document missing from the checklist',
    breakIt: (def) => {
      const i = at(def, 'SRV-03');
      def.indicators[i].scoring!.requiredDocuments = ['D-99'];
      return `/indicators/${i}/scoring/requiredDocuments/0`;
    },
    message: /unknown document "D-99"/,
  },
  {
    what: 'an evidence document missing from the checklist',
    breakIt: (def) => {
      const i = at(def, 'MGT-06');
      def.indicators[i].evidence.documents[1] = 'D-42';
      return `/indicators/${i}/evidence/documents/1`;
    },
    message: /unknown document "D-42": not in the checklist/,
  },
  {
    what: 'a required document that is not among the evidence documents',
    breakIt: (def) => {
      const i = at(def, 'FIN-02');
      def.indicators[i].scoring!.requiredDocuments = ['D-06', 'D-05'];
      return `/indicators/${i}/scoring/requiredDocuments/1`;
    },
    message: /required document D-05 is not among the evidence documents of FIN-02/,
  },
  {
    what: 'an unknown area',
    breakIt: (def) => {
      const i = at(def, 'MGT-02');
      def.indicators[i].area = 'HRM';
      return `/indicators/${i}/area`;
    },
    message: /unknown area "HRM"/,
  },
  {
    what: 'overlapping (unordered) bands',
    breakIt: (def) => {
      const i = at(def, 'STR-01');
      def.indicators[i].scoring!.bands![2].min = 55;
      return `/indicators/${i}/scoring/bands/2/min`;
    },
    message: /ascending order of "min": ≥55 does not come after ≥60/,
  },
  {
    what: 'band points that fall',
    breakIt: (def) => {
      const i = at(def, 'FIN-01');
      def.indicators[i].scoring!.bands![3].points = 2;
      return `/indicators/${i}/scoring/bands/3/points`;
    },
    message: /band points must rise: 2 after 3/,
  },
  {
    what: 'a percentage band above 100',
    breakIt: (def) => {
      const i = at(def, 'INT-01');
      def.indicators[i].scoring!.bands![4].min = 185;
      return `/indicators/${i}/scoring/bands/4/min`;
    },
    message: /≥185 can never be reached by a percent value/,
  },
  {
    what: 'a last band that does not give maxPoints',
    breakIt: (def) => {
      const i = at(def, 'STR-04');
      def.indicators[i].scoring!.maxPoints = 5;
      return `/indicators/${i}/scoring/maxPoints`;
    },
    message: /maxPoints is 5, but the last band gives 4/,
  },
  {
    what: 'area maxima that do not add up',
    breakIt: (def) => {
      def.areas[0].maxPoints = 25;
      return '/areas/0/maxPoints';
    },
    message: /area STR: maxPoints is 25, but its quality indicators add up to 24/,
  },
  {
    what: 'a total that does not add up',
    breakIt: (def) => {
      def.totals.goldThresholdSum = 121;
      return '/totals/goldThresholdSum';
    },
    message: /says 121, but the Gold thresholds add up to 120/,
  },
  {
    what: 'a wrong count of quality indicators',
    breakIt: (def) => {
      def.totals.qualityIndicators = 30;
      return '/totals/qualityIndicators';
    },
    message: /says 30, but there are 31 quality indicators/,
  },
  {
    what: 'a Gold threshold above the maximum',
    breakIt: (def) => {
      const i = at(def, 'STR-03');
      def.indicators[i].scoring!.goldThreshold = 6;
      return `/indicators/${i}/scoring/goldThreshold`;
    },
    message: /Gold threshold 6 is above maxPoints 5/,
  },
  {
    what: 'a Gold threshold the bands cannot give',
    breakIt: (def) => {
      const i = at(def, 'MGT-01');
      def.indicators[i].scoring!.goldThreshold = 3;
      return `/indicators/${i}/scoring/goldThreshold`;
    },
    message: /Gold threshold 3 is not a number of points the indicator can give \(1, 2, 4, 5\)/,
  },
  {
    what: 'a minimum above the Gold threshold',
    breakIt: (def) => {
      const i = at(def, 'SRV-02');
      def.indicators[i].scoring!.minimumPoints = 5;
      return `/indicators/${i}/scoring/minimumPoints`;
    },
    message: /minimum 5 is above the Gold threshold 4/,
  },
  {
    what: 'a minimum the scale cannot give',
    breakIt: (def) => {
      const i = at(def, 'STR-02');
      def.indicators[i].scoring!.minimumPoints = 1;
      return `/indicators/${i}/scoring/minimumPoints`;
    },
    message: /minimum 1 is not a number of points the indicator can give \(2, 3, 4, 5\)/,
  },
  {
    what: 'a weight of the wrong type',
    breakIt: (def, loose) => {
      const i = at(def, 'STR-01');
      loose.indicators[i].scoring.weight = '3';
      return `/indicators/${i}/scoring/weight`;
    },
    message: /must be an integer \(got string "3"\)/,
  },
  {
    what: 'a minimum that is neither an integer nor null',
    breakIt: (def, loose) => {
      const i = at(def, 'STR-05');
      loose.indicators[i].scoring.minimumPoints = 'none';
      return `/indicators/${i}/scoring/minimumPoints`;
    },
    message: /must be an integer or be null \(got string "none"\)/,
  },
  {
    what: 'an unknown kind',
    breakIt: (def, loose) => {
      const i = at(def, 'SRV-06');
      loose.indicators[i].kind = 'core';
      return `/indicators/${i}/kind`;
    },
    message: /must be one of "quality", "profile" \(got string "core"\)/,
  },
  {
    what: 'an extra property',
    breakIt: (_def, loose) => {
      loose.indicators[0].colour = 'red';
      return '/indicators/0/colour';
    },
    message: /unknown property "colour" is not allowed/,
  },
  {
    what: 'a bad version string',
    breakIt: (def) => {
      def.version = '1.0';
      return '/version';
    },
    message: /"1\.0" does not match the pattern/,
  },
  {
    what: 'an unknown scale',
    breakIt: (def) => {
      const i = at(def, 'MGT-03');
      def.indicators[i].scoring!.scale = 'S7';
      return `/indicators/${i}/scoring/scale`;
    },
    message: /unknown scale "S7" \(scales: S5, S4\)/,
  },
  {
    what: 'a scale whose maximum differs from maxPoints',
    breakIt: (def) => {
      const i = at(def, 'MGT-04');
      def.indicators[i].scoring!.scale = 'S5';
      return `/indicators/${i}/scoring/maxPoints`;
    },
    message: /maxPoints is 4, but scale S5 gives at most 5/,
  },
  {
    what: 'a scale indicator with four levels',
    breakIt: (def) => {
      const i = at(def, 'SRV-01');
      def.indicators[i].levels!.pop();
      return `/indicators/${i}/levels`;
    },
    message: /at least 5 item/,
  },
  {
    what: 'a profile indicator with scoring',
    breakIt: (def) => {
      const i = at(def, 'FIN-03');
      def.indicators[i].scoring = structuredClone(def.indicators[at(def, 'FIN-02')].scoring);
      return `/indicators/${i}/scoring`;
    },
    message: /profile indicator FIN-03 is recorded, never scored/,
  },
  {
    what: 'a quality indicator without scoring',
    breakIt: (def) => {
      const i = at(def, 'SRV-07');
      delete def.indicators[i].scoring;
      return `/indicators/${i}/scoring`;
    },
    message: /quality indicator SRV-07 needs "scoring"/,
  },
  {
    what: 'eligibility pointing at an indicator without a minimum',
    breakIt: (def) => {
      def.labelRules.bronze!.eligibility[0].indicator = 'MGT-03';
      return '/labelRules/bronze/eligibility/0/indicator';
    },
    message: /E1 checks MGT-03, which has no minimum/,
  },
  {
    what: 'eligibility pointing at a profile indicator',
    breakIt: (def) => {
      def.labelRules.bronze!.eligibility[3].indicator = 'STR-07';
      return '/labelRules/bronze/eligibility/3/indicator';
    },
    message: /E4 checks STR-07, a profile indicator/,
  },
  {
    what: 'a survey question used for an unknown indicator',
    breakIt: (def) => {
      def.survey.questions[6].usedFor = ['SRV-99'];
      return '/survey/questions/6/usedFor/0';
    },
    message: /unknown indicator "SRV-99"/,
  },
  {
    what: 'an indicator aggregating an unknown survey question',
    breakIt: (def) => {
      const i = at(def, 'SRV-09');
      def.indicators[i].surveyQuestions = ['Q7', 'Q8', 'Q99'];
      return `/indicators/${i}/surveyQuestions/2`;
    },
    message: /unknown survey question "Q99"/,
  },
  {
    what: 'a survey mean over a yes/no question',
    breakIt: (def) => {
      const i = at(def, 'ACH-03');
      def.indicators[i].surveyQuestions!.push('Q3');
      def.survey.questions[2].usedFor = ['ACH-03'];
      return `/indicators/${i}/surveyQuestions/4`;
    },
    message: /Q3 is answered "yes_no", but a survey_mean indicator needs "likert" questions/,
  },
  {
    what: 'a validity item that is not a Likert question',
    breakIt: (def) => {
      def.survey.validityItems.push('Q15');
      return '/survey/validityItems/7';
    },
    message: /Q15 is answered "text"; validity items must be Likert/,
  },
  {
    what: 'a checklist item supporting an unknown indicator',
    breakIt: (def) => {
      def.checklist[17].supports.push('ACH-99');
      return '/checklist/17/supports/1';
    },
    message: /unknown indicator "ACH-99"/,
  },
  {
    what: 'a Silver interval that ends before it starts',
    breakIt: (def) => {
      def.labelRules.silver!.intervalMonths = { min: 24, max: 18 };
      return '/labelRules/silver/intervalMonths/min';
    },
    message: /starts \(24\) after it ends \(18\)/,
  },
  {
    what: 'a Gold total above the maximum',
    breakIt: (def) => {
      def.labelRules.gold!.minTotal = 151;
      return '/labelRules/gold/minTotal';
    },
    message: /Gold needs 151 points, but at most 150 can be scored/,
  },
];

describe('questionnaires: loadFramework refuses broken variants of the default', () => {
  for (const variant of variants) {
    it(`refuses ${variant.what}`, () => {
      const def = defaultCopy();
      const path = variant.breakIt(def, def as unknown as Loose);
      const issues = refusal(def);
      const match = issues.find((issue) => issue.path === path && variant.message.test(issue.message));
      expect(match, `expected ${path} ${variant.message} among:\n${show(issues)}`).to.not.equal(undefined);
    });
  }

  it('collects every problem, not just the first', () => {
    const def = defaultCopy();
    def.areas[2].goldThresholdSum = 9;
    def.indicators[at(def, 'SRV-06')].area = 'XYZ';
    def.checklist[0].supports.push('SRV-77');
    const issues = refusal(def);
    const paths = issues.map((i) => i.path);
    expect(paths).to.include.members(['/areas/2/goldThresholdSum', `/indicators/${at(def, 'SRV-06')}/area`, '/checklist/0/supports/3']);
  });

  it('collects every schema problem in one pass', () => {
    const def = defaultCopy() as unknown as Loose;
    def.id = 'Not An Id';
    delete def.survey.intro;
    def.scales.S5 = [0, 2, 3];
    const paths = refusal(def).map((i) => i.path);
    expect(paths).to.include.members(['/id', '/survey/intro', '/scales/S5']);
  });

  it('refuses what is not a framework at all', () => {
    expect(refusal(null)[0]).to.deep.include({ path: '' });
    expect(refusal([]).map((i) => i.path)).to.deep.equal(['']);
    expect(refusal({}).map((i) => i.path)).to.include.members(['/id', '/version', '/indicators', '/labelRules']);
  });

  it('puts the first problem and the count in the error message', () => {
    const def = defaultCopy();
    def.version = 'v1';
    def.totals.maxPoints = 'x' as unknown as number;
    expect(() => loadFramework(def)).to.throw(FrameworkValidationError, /^Invalid framework definition: \/\S+: .+ \(and 1 more\)$/);
  });

  it('leaves the input untouched', () => {
    const def = defaultCopy();
    const before = JSON.stringify(def);
    loadFramework(def);
    expect(JSON.stringify(def)).to.equal(before);
    expect(Object.isFrozen(def)).to.equal(false);
  });
});
