/** The engine's explanations in bokmål: every label rule, every indicator status, every procedural step. */
import { expect } from 'chai';
import { explainCheck, explainContext, explainIndicator, explainSteps } from '../../reports/explain';
import type { LabelCheck, Score } from '../../scoring/types';
import { check, example, framework, goldWith, indicator, run, silverWith, type EvidenceJson } from '../scoring/helpers';

const fw = framework();
const nbCheck = (s: Score, rule: string) => explainCheck(check(s, rule), explainContext(fw.definition, s), 'nb');
const nbIndicator = (s: Score, id: string) => explainIndicator(indicator(s, id), explainContext(fw.definition, s), 'nb');
const nbSteps = (s: Score, path: 'pathToNextLabel' | 'pathToGold' = 'pathToNextLabel') =>
  explainSteps(s[path]!, explainContext(fw.definition, s), 'nb');

const bronze = (values = {}, extra = {}) => goldWith(values, { requestedLabel: 'bronze', ...extra });
const areas = () => silverWith().improvementAreas as EvidenceJson[];
const withAreas = (list: unknown[], values = {}) => run(silverWith(values, { improvementAreas: list }));
const team = (lead: object, co: object | null) => ({
  assessors: [
    { role: 'lead', certification: 'gold', country: 'DE', ...lead },
    ...(co ? [{ role: 'co', certification: 'bronze', country: 'AT', ...co }] : []),
  ],
});
function without(evidence: EvidenceJson, id: string): EvidenceJson {
  delete evidence.values[id];
  return evidence;
}

/** English words of the engine's details that must not be left in a bokmål text. */
const ENGLISH =
  /\b(met|not|missing|indicators?|recorded|issued|months|allowed|lead|seat|site|improvement|signed|minimums?|scored|certified|holds|fails|failed|every|falls|points|below|required|accepted|survey|Record|Have|Renew|between)\b/;

describe('reports: label check details in bokmål', () => {
  const cases: [string, string, () => Score, string][] = [
    ['B1', 'holds', () => run(bronze()), 'intervjueren er sertifisert på gullnivå'],
    [
      'B1',
      'fails',
      () => run(bronze({}, { assessors: [{ role: 'lead', certification: null, country: 'DE' }] })),
      'ingen intervjuer med gyldig ekspertsertifisering',
    ],
    ['B2', 'holds', () => run(bronze()), 'alle 36 indikatorene er registrert'],
    ['B2', 'fails', () => run(without(bronze(), 'STR-08')), 'mangler: STR-08'],
    ['B3', 'holds', () => run(bronze()), 'alle kvalifikasjonskravene er oppfylt'],
    ['B3', 'fails', () => run(example('example-3-no-label')), 'ikke oppfylt: E2'],
    ['E1', 'holds', () => run(example('example-3-no-label')), 'MGT-02 = 0,80 årsverk (vurdert), minstekrav 0,50 årsverk: oppfylt'],
    ['E2', 'fails', () => run(example('example-3-no-label')), 'STR-03 = 14 (vurdert), minstekrav 15: ikke oppfylt'],
    [
      'E2',
      'fails without the document',
      () => run(bronze({}, { documents: { ...goldWith().documents, 'D-04': 'uploaded' } })),
      'STR-03 = 130 (utilstrekkelig dokumentert), minstekrav 15: ikke oppfylt',
    ],
    ['E3', 'holds', () => run(bronze()), 'STR-02 = L4 (vurdert), minstekrav L2: oppfylt'],
    ['E4', 'holds', () => run(example('example-3-no-label')), 'INT-05 = L3 (vurdert), minstekrav L3: oppfylt'],
    ['S1', 'holds', () => run(silverWith()), 'bronse tildelt juli 2024, Δ = 20 måneder (tillatt 18–24)'],
    ['S1', 'fails without an earlier label', () => run(goldWith()), 'ikke noe tidligere merke'],
    ['S2', 'holds', () => run(silverWith()), 'på stedet, hovedassessor sertifisert for gull'],
    [
      'S2',
      'fails',
      () => run(silverWith({}, { onSite: false, ...team({ certification: null }, {}) })),
      'ikke på stedet, hovedassessor uten gyldig sertifisering',
    ],
    ['S3', 'holds', () => run(silverWith()), 'B2 oppfylt, B3 oppfylt'],
    ['S3', 'fails', () => run(silverWith({ 'STR-03': 14 })), 'B2 oppfylt, B3 ikke oppfylt'],
    ['S4', 'holds', () => run(silverWith()), 'alle 3 forbedringsområdene er godkjent'],
    ['S4', 'fails on the count', () => withAreas(areas().slice(0, 2)), '2 forbedringsområder levert, nøyaktig 3 kreves'],
    [
      'S4',
      'fails (a), (d)',
      () => withAreas([{ ...areas()[0], indicators: ['FIN-02'], documents: ['D-06'], changeDescribed: false }, ...areas().slice(1)]),
      `FO 1 «${areas()[0].title}»: (a) ingen tilknyttet kvalitetsindikator innenfor sølvomfanget; (d) endringen og effekten er ikke beskrevet`,
    ],
    ['S4', 'fails (b)', () => run(silverWith({ 'SRV-06': 5 })), '(b) ikke oppfylt: SRV-06'],
    [
      'S4',
      'fails (a) twice, (c)',
      () => withAreas([{ ...areas()[0], indicators: ['INT-01'], documents: ['D-16'] }, ...areas().slice(1)]),
      'er også knyttet til et annet forbedringsområde',
    ],
    ['S5', 'holds', () => run(goldWith()), 'alle 9 minstekravene er oppfylt'],
    ['S5', 'fails', () => run(silverWith({ 'SRV-04': 2 })), 'SRV-04 = L2 (vurdert), minstekrav L3: ikke oppfylt'],
    ['G1', 'fails', () => run(without(goldWith(), 'STR-08')), 'mangler: STR-08'],
    [
      'G2',
      'fails',
      () => run(goldWith({ 'STR-01': 49.9, 'STR-03': 200 })),
      'STR-01 = 49,9\u00a0% (vurdert), minstekrav 50,0\u00a0%: ikke oppfylt',
    ],
    ['G3', 'holds', () => run(goldWith()), 'T = 120 ≥ 120'],
    ['G3', 'fails', () => run(goldWith({ 'STR-03': 99 })), 'T = 119 < 120'],
    ['G4', 'holds', () => run(goldWith()), 'hovedassessor fra Tyskland, medassessor fra Østerrike, klyngen hjemmehørende i Tyskland'],
    [
      'G4',
      'fails every way',
      () =>
        run(goldWith({}, { onSite: false, ...team({ certification: 'silver', country: 'FR' }, { certification: null, country: 'FR' }) })),
      'hovedassessor fra Frankrike, medassessor fra Frankrike, klyngen hjemmehørende i Tyskland: ikke på stedet; hovedassessor er ikke gullsertifisert; ' +
        'ingen sertifisert medassessor; begge assessorene er fra Frankrike; ingen av assessorene er fra Tyskland',
    ],
    [
      'G4',
      'fails without a co-assessor',
      () => run(goldWith({}, team({}, null))),
      'ingen medassessor, klyngen hjemmehørende i Tyskland: ingen sertifisert medassessor',
    ],
    ['G5', 'holds', () => run(goldWith()), 'avstemmingsprotokollen er signert'],
    ['G5', 'fails', () => run(goldWith({}, { reconciliationSigned: false })), 'ingen signert avstemmingsprotokoll'],
  ];
  for (const [rule, what, scored, expected] of cases) {
    it(`${rule} ${what}: ${expected}`, () => {
      const s = scored();
      const nb = nbCheck(s, rule);
      expect(nb).to.include(expected);
      expect(nb.replace(/«[^»]*»/g, '«»')).not.to.match(ENGLISH); // area titles are the cluster's own words
      expect(explainCheck(check(s, rule), explainContext(fw.definition, s), 'en')).to.equal(check(s, rule).detail);
    });
  }

  it('covers every rule of the default framework', () => {
    const rules = new Set(cases.map(([rule]) => rule));
    expect([...rules].sort()).to.deep.equal([
      'B1',
      'B2',
      'B3',
      'E1',
      'E2',
      'E3',
      'E4',
      'G1',
      'G2',
      'G3',
      'G4',
      'G5',
      'S1',
      'S2',
      'S3',
      'S4',
      'S5',
    ]);
  });

  it('keeps the English detail of a score frozen before checks carried facts', () => {
    const old = { rule: 'B1', passed: true, detail: 'interviewer certified at gold level' } as unknown as LabelCheck;
    expect(explainCheck(old, undefined, 'nb')).to.equal('interviewer certified at gold level');
  });
});

describe('reports: indicator explanations in bokmål, one per status', () => {
  const ex3 = () => run(example('example-3-no-label'));

  it('scored in a band, the Gold threshold met and not met', () => {
    expect(nbIndicator(run(goldWith()), 'STR-01')).to.equal('83,9\u00a0% ligger i båndet ≥80:4: 4 av 5 poeng; gullterskelen er nådd.');
    expect(nbIndicator(ex3(), 'STR-01')).to.equal('70,0\u00a0% ligger i båndet ≥70:3: 3 av 5 poeng; gullterskelen (4 poeng) er ikke nådd.');
  });
  it('scored below every band, and a level', () => {
    expect(nbIndicator(ex3(), 'STR-03')).to.equal('14 ligger under alle bånd: 0 av 5 poeng; gullterskelen (4 poeng) er ikke nådd.');
    expect(nbIndicator(run(goldWith()), 'STR-02')).to.equal('L4 gir 4 av 5 poeng; gullterskelen er nådd.');
  });
  it('missing', () => {
    expect(nbIndicator(run(without(goldWith(), 'STR-01')), 'STR-01')).to.equal('Ingen verdi er registrert, så indikatoren gir 0 poeng.');
  });
  it('not applicable: a zero denominator, no survey, recorded so', () => {
    expect(nbIndicator(ex3(), 'STR-05')).to.equal('Ikke aktuell (nevneren er null), så indikatoren gir 0 poeng.');
    expect(nbIndicator(run(goldWith({}, { survey: undefined })), 'SRV-09')).to.equal(
      'Ikke aktuell (ingen deltakerundersøkelse er gjennomført), så indikatoren gir 0 poeng.',
    );
    expect(nbIndicator(run(goldWith({ 'STR-05': { notApplicable: true } })), 'STR-05')).to.equal(
      'Ikke aktuell (registrert som ikke aktuell), så indikatoren gir 0 poeng.',
    );
  });
  it('insufficient evidence: a document not accepted, the survey minimum missed', () => {
    expect(nbIndicator(ex3(), 'MGT-04')).to.equal('L1, men påkrevd dokument D-10 er ikke godkjent, så indikatoren gir 0 poeng.');
    const survey = ex3().indicators.find((i) => i.evidence.source === 'survey' && i.status === 'insufficient_evidence')!;
    expect(explainIndicator(survey, explainContext(fw.definition, ex3()), 'nb')).to.match(
      /, men minstekravet for deltakerundersøkelsen er ikke nådd: N = 8 \(minst 10\), svarprosent 57,1\u00a0% \(minst 20,0\u00a0%\), så indikatoren gir 0 poeng\.$/,
    );
  });
  it('profile indicators, recorded and not', () => {
    expect(nbIndicator(run(goldWith()), 'STR-06')).to.equal(
      'Profilindikator: registrert for sammenligning med andre klynger, gir ikke poeng.',
    );
    expect(nbIndicator(run(without(goldWith(), 'STR-08')), 'STR-08')).to.equal('Profilindikator uten registrert verdi.');
  });
  it('gives the engine’s own sentence in English, and bokmål for every indicator of the examples', () => {
    for (const name of ['example-1-gold', 'example-2-bronze-fallback', 'example-3-no-label'] as const) {
      const s = run(example(name));
      const ctx = explainContext(fw.definition, s);
      for (const i of s.indicators) {
        expect(explainIndicator(i, ctx, 'en')).to.equal(i.explanation);
        expect(explainIndicator(i, ctx, 'nb'), i.id).not.to.match(ENGLISH);
      }
    }
  });
});

describe('reports: procedural steps in bokmål', () => {
  it('match the English steps one for one', () => {
    for (const s of [run(example('example-2-bronze-fallback')), run(example('example-3-no-label')), run(goldWith())]) {
      for (const path of [s.pathToNextLabel, s.pathToGold]) {
        if (!path) continue;
        expect(path.proceduralSteps).to.have.length(path.procedural.length);
        expect(explainSteps(path, undefined, 'en')).to.deep.equal(path.procedural);
      }
    }
  });
  it('renewal, and the Silver window', () => {
    expect(nbSteps(run(goldWith()))).to.deep.equal(['Forny merket innen 31. mars 2028']);
    expect(nbSteps(run(example('example-2-bronze-fallback')))[0]).to.equal('Sølvintervju mellom september 2027 og mars 2028');
    expect(nbSteps(run(example('example-3-no-label')), 'pathToGold')).to.include('Få D-10 godkjent (kreves for MGT-04)');
  });
  it('Silver without an earlier label, the audit, the improvement areas', () => {
    const s = run(goldWith({}, { requestedLabel: 'bronze', previousLabels: [], ...team({ certification: 'bronze' }, {}) }));
    expect(s.label.awarded).to.equal('bronze');
    const steps = nbSteps(s);
    expect(steps[0]).to.equal('Sølvintervju mellom september 2027 og mars 2028');
    expect(steps).to.include('Revisjon på stedet ved en ekspert sertifisert på sølv- eller gullnivå');
    expect(steps).to.include('Forbedringsområder etter §5.2 S4: 0 forbedringsområder levert, nøyaktig 3 kreves');
    const path = {
      next: 'silver' as const,
      improvements: [],
      procedural: ['x'],
      proceduralSteps: [{ code: 'silver_window_after_label' as const, min: 18, max: 24 }],
    };
    expect(explainSteps(path, undefined, 'nb')).to.deep.equal(['Sølvintervju 18–24 måneder etter at et merke er tildelt']);
  });
  it('the interviewer, a missing indicator, the survey', () => {
    const evidence = without(
      goldWith({ 'STR-01': 49.9 }, { survey: undefined, assessors: [{ role: 'lead', certification: null, country: 'DE' }] }),
      'STR-08',
    );
    expect(nbSteps(run(evidence))).to.deep.equal(['Registrer STR-08 (mangler)', 'Intervju ved en ekspert med gyldig sertifisering']);
    expect(nbSteps(run(evidence), 'pathToGold')).to.include(
      'Gjennomfør deltakerundersøkelsen (N ≥ 10 gyldige svar og svarprosent ≥ 20,0\u00a0%)',
    );
  });
  it('the Gold team and the reconciliation record, the survey minimum', () => {
    const steps = nbSteps(run(example('example-3-no-label')), 'pathToGold');
    expect(steps).to.include(
      'To assessorer på stedet, hovedassessor gullsertifisert, fra ulike land og én fra klyngens hjemland ' +
        '(hovedassessor fra Norge, ingen medassessor, klyngen hjemmehørende i Norge: ikke på stedet; hovedassessor er ikke gullsertifisert; ingen sertifisert medassessor)',
    );
    expect(steps).to.include('Begge assessorene registrerer verdiene uavhengig av hverandre og signerer en avstemmingsprotokoll');
    expect(steps).to.include(
      'Deltakerundersøkelse som når minstekravet (N ≥ 10 gyldige svar og svarprosent ≥ 20,0\u00a0%; nå N = 8 (minst 10), svarprosent 57,1\u00a0% (minst 20,0\u00a0%))',
    );
    for (const step of steps) expect(step).not.to.match(ENGLISH);
  });
});

describe('reports: a minimum without a value in bokmål', () => {
  it('names the status once', () => {
    const s = run(without(bronze(), 'STR-03'));
    expect(nbCheck(s, 'E2')).to.equal('STR-03 (mangler), minstekrav 15: ikke oppfylt');
    expect(check(s, 'E2').detail).to.equal('STR-03 = missing (missing), minimum 15: not met');
  });
});
