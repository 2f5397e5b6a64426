/** Every label rule of FRAMEWORK.md §5 at its boundary, just below and just above. */
import { expect } from 'chai';
import { check, goldWith, run, silverWith } from './helpers';

const bronze = (values = {}, extra = {}) => goldWith(values, { requestedLabel: 'bronze', ...extra });

describe('scoring: Bronze rules (§5.1)', () => {
  it('B1 needs a lead with a certification valid on the interview date', () => {
    expect(run(bronze()).label.awarded).to.equal('bronze');
    const lead = (x: object) => ({ assessors: [{ role: 'lead', certification: 'bronze', country: 'DE', ...x }] });
    expect(check(run(bronze({}, lead({ certificationValidUntil: '2026-03-14' }))), 'B1').passed).to.equal(true);
    expect(check(run(bronze({}, lead({ certificationValidUntil: '2026-03-13' }))), 'B1').passed).to.equal(false);
    expect(check(run(bronze({}, lead({ certification: null }))), 'B1').passed).to.equal(false);
    expect(run(bronze({}, { assessors: [] })).label.awarded).to.equal(null);
  });

  it('B2 fails when any of the 36 indicators, profile ones included, is missing', () => {
    const evidence = bronze();
    delete evidence.values['STR-08'];
    const s = run(evidence);
    expect(check(s, 'B2')).to.deep.include({ passed: false, detail: 'missing: STR-08' });
    expect(s.label.awarded).to.equal(null);
    expect(s.pathToNextLabel.procedural).to.include('Record STR-08 (missing)');
  });

  it('B2 counts N/A and insufficient evidence as recorded', () => {
    const s = run(bronze({ 'STR-05': { notApplicable: true } }, { documents: { ...goldWith().documents, 'D-10': 'rejected' } }));
    expect(check(s, 'B2').passed).to.equal(true);
  });

  const eligibility: [string, string, unknown, unknown, unknown][] = [
    ['E1', 'MGT-02', 0.49, 0.5, 0.51],
    ['E2', 'STR-03', 14, 15, 16],
    ['E3', 'STR-02', 1, 2, 3],
    ['E4', 'INT-05', 2, 3, 4],
  ];
  for (const [rule, id, below, at, above] of eligibility) {
    it(`${rule} (${id}) fails below its minimum and holds at and above it`, () => {
      expect(check(run(bronze({ [id]: below })), rule).passed).to.equal(false);
      expect(run(bronze({ [id]: below })).label.awarded).to.equal(null);
      expect(check(run(bronze({ [id]: at })), rule).passed).to.equal(true);
      expect(run(bronze({ [id]: at })).label.awarded).to.equal('bronze');
      expect(check(run(bronze({ [id]: above })), rule).passed).to.equal(true);
    });
  }

  it('E2 fails when STR-03 has enough participants but D-04 is not accepted (minimum met needs status scored)', () => {
    const s = run(bronze({}, { documents: { ...goldWith().documents, 'D-04': 'uploaded' } }));
    expect(check(s, 'E2').passed).to.equal(false);
    expect(s.pathToNextLabel.procedural.some((p) => p.startsWith('Have D-04 accepted'))).to.equal(true);
  });
});

describe('scoring: Silver rules (§5.2)', () => {
  it('holds for Example 2 with SRV-04 at L3', () => {
    const s = run(silverWith());
    expect(s.label.checks.filter((c) => !c.passed)).to.deep.equal([]);
    expect(s.label.awarded).to.equal('silver');
  });

  // interview 2026-03-14: previous label issued N months earlier
  const issuedMonthsBefore: [number, string, boolean][] = [
    [17, '2024-10-31', false],
    [18, '2024-09-01', true],
    [24, '2024-03-31', true],
    [25, '2024-02-10', false],
  ];
  for (const [delta, issued, passed] of issuedMonthsBefore) {
    it(`S1 ${passed ? 'holds' : 'fails'} for Δ = ${delta} months (issued ${issued})`, () => {
      const s = run(silverWith({}, { previousLabels: [{ label: 'bronze', issued }] }));
      expect(check(s, 'S1')).to.deep.include({ passed });
      expect(check(s, 'S1').detail).to.include(`Δ = ${delta} months`);
      expect(s.label.awarded).to.equal(passed ? 'silver' : 'bronze');
    });
  }

  it('S1 uses the most recently issued label', () => {
    const labels = [
      { label: 'bronze', issued: '2024-07-10' },
      { label: 'bronze', issued: '2025-01-10' },
    ];
    expect(check(run(silverWith({}, { previousLabels: labels })), 'S1').passed).to.equal(false);
  });

  it('S2 needs an on-site audit by a Silver- or Gold-certified expert', () => {
    expect(check(run(silverWith({}, { onSite: false })), 'S2').passed).to.equal(false);
    const lead = (certification: string) => ({ assessors: [{ role: 'lead', certification, country: 'DE' }] });
    expect(check(run(silverWith({}, lead('bronze'))), 'S2').passed).to.equal(false);
    expect(check(run(silverWith({}, lead('silver'))), 'S2').passed).to.equal(true);
  });

  it('S3 needs B2 and B3', () => {
    expect(check(run(silverWith({ 'STR-03': 14 })), 'S3').passed).to.equal(false);
    const evidence = silverWith();
    delete evidence.values['MGT-07'];
    expect(check(run(evidence), 'S3').passed).to.equal(false);
  });

  describe('S4 improvement areas', () => {
    const areas = () => silverWith().improvementAreas as Record<string, unknown>[];
    const withAreas = (list: unknown[]) => run(silverWith({}, { improvementAreas: list }));

    it('needs exactly three', () => {
      expect(check(withAreas(areas().slice(0, 2)), 'S4').passed).to.equal(false);
      expect(check(withAreas([...areas(), { ...areas()[0], indicators: ['SRV-03'], documents: ['D-02'] }]), 'S4').passed).to.equal(false);
    });
    it('(a) needs a Silver-scope indicator and no indicator in two areas', () => {
      const outOfScope = { ...areas()[0], indicators: ['FIN-02'], documents: ['D-06'] };
      expect(check(withAreas([outOfScope, ...areas().slice(1)]), 'S4').detail).to.include('(a)');
      const twice = { ...areas()[0], indicators: ['INT-01'], documents: ['D-16'] };
      expect(check(withAreas([twice, ...areas().slice(1)]), 'S4').detail).to.include('linked to another improvement area');
    });
    it('(b) needs every linked indicator met', () => {
      const s = run(silverWith({ 'SRV-06': 5 }));
      expect(check(s, 'S4')).to.deep.include({ passed: false });
      expect(check(s, 'S4').detail).to.include('(b) not met: SRV-06');
      expect(check(run(silverWith({ 'SRV-06': 6 })), 'S4').passed).to.equal(true);
    });
    it('(c) needs an accepted document supporting a linked indicator', () => {
      expect(check(withAreas([{ ...areas()[0], documents: ['D-16'] }, ...areas().slice(1)]), 'S4').detail).to.include('(c)');
      const rejected = run(silverWith({}, { documents: { ...silverWith().documents, 'D-13': 'rejected' } }));
      expect(check(rejected, 'S4').passed).to.equal(false);
    });
    it('(d) needs the change described', () => {
      expect(check(withAreas([{ ...areas()[0], changeDescribed: false }, ...areas().slice(1)]), 'S4').detail).to.include('(d)');
    });
  });

  it('S5 fails on any one of the nine minimums (SRV-04 L2 in Example 2)', () => {
    expect(check(run(silverWith({ 'SRV-04': 2 })), 'S5').passed).to.equal(false);
    expect(check(run(silverWith({ 'MGT-02': 0.49 })), 'S5').passed).to.equal(false);
    expect(check(run(silverWith({ 'SRV-08': 2 })), 'S5').passed).to.equal(false);
    expect(check(run(silverWith({ 'SRV-08': 3 })), 'S5').passed).to.equal(true);
  });
});

describe('scoring: Gold rules (§5.3)', () => {
  it('G3 holds at exactly 120 and fails at 119; 121 holds', () => {
    expect(check(run(goldWith()), 'G3').detail).to.equal('T = 120 ≥ 120');
    const s119 = run(goldWith({ 'STR-03': 99 }));
    expect(s119.total.points).to.equal(119);
    expect(check(s119, 'G3').passed).to.equal(false);
    expect(s119.label.awarded).to.equal('bronze');
    const s121 = run(goldWith({ 'INT-01': 70 }));
    expect(s121.total.points).to.equal(121);
    expect(s121.label.awarded).to.equal('gold');
  });

  it('G1 fails on a missing indicator, G2 on a failed minimum', () => {
    const evidence = goldWith();
    delete evidence.values['FIN-03'];
    expect(check(run(evidence), 'G1').passed).to.equal(false);
    const s = run(goldWith({ 'STR-01': 49.9, 'STR-03': 200 }));
    expect(check(s, 'G2').passed).to.equal(false);
    expect(check(run(goldWith({ 'STR-01': 50 })), 'G2').passed).to.equal(true);
  });

  const team = (lead: object, co: object | null) => ({
    assessors: [
      { role: 'lead', certification: 'gold', country: 'DE', ...lead },
      ...(co ? [{ role: 'co', certification: 'bronze', country: 'AT', ...co }] : []),
    ],
  });
  const g4 = (extra: object) => check(run(goldWith({}, extra)), 'G4');

  it('G4 holds for a Gold lead and any certified co-assessor from two countries, one the seat', () => {
    expect(g4(team({}, {})).passed).to.equal(true);
    expect(g4(team({ country: 'AT' }, { country: 'DE' })).passed).to.equal(true);
  });
  it('G4 fails for a non-Gold lead, a missing co-assessor, one country, no seat country, or off site', () => {
    expect(g4(team({ certification: 'silver' }, {})).passed).to.equal(false);
    expect(g4(team({}, null)).passed).to.equal(false);
    expect(g4(team({}, { certification: null })).passed).to.equal(false);
    expect(g4(team({}, { country: 'DE' })).passed).to.equal(false);
    expect(g4(team({ country: 'FR' }, { country: 'AT' })).passed).to.equal(false);
    expect(g4({ onSite: false }).passed).to.equal(false);
  });

  it('G5 needs a signed reconciliation record', () => {
    expect(check(run(goldWith({}, { reconciliationSigned: false })), 'G5').passed).to.equal(false);
    expect(run(goldWith({}, { reconciliationSigned: false })).label.awarded).to.equal('bronze');
  });
});

describe('scoring: precedence and validity (§5.4, §5.5)', () => {
  it('never awards above the requested label', () => {
    expect(run(goldWith({}, { requestedLabel: 'bronze' })).label.awarded).to.equal('bronze');
    expect(run(silverWith({}, { requestedLabel: 'bronze' })).label.awarded).to.equal('bronze');
    const goldAndSilver = goldWith(
      {},
      {
        requestedLabel: 'silver',
        previousLabels: [{ label: 'bronze', issued: '2024-07-10' }],
        improvementAreas: [
          { title: 'KPIs', indicators: ['SRV-06'], documents: ['D-13'], changeDescribed: true },
          { title: 'Partners', indicators: ['INT-03'], documents: ['D-17'], changeDescribed: true },
          { title: 'Services', indicators: ['SRV-08'], documents: ['D-11'], changeDescribed: true },
        ],
      },
    );
    expect(run(goldAndSilver).label.awarded).to.equal('silver');
    expect(run({ ...goldAndSilver, requestedLabel: 'gold' }).label.awarded).to.equal('gold');
  });

  it('reports only the checks of labels at or below the request, Gold first', () => {
    expect(run(goldWith({}, { requestedLabel: 'bronze' })).label.checks.map((c) => c.rule)).to.deep.equal([
      'B1',
      'B2',
      'B3',
      'E1',
      'E2',
      'E3',
      'E4',
    ]);
    expect(run(goldWith()).label.checks[0].rule).to.equal('G1');
  });

  const validity: [string, string][] = [
    ['2026-03-14', '2028-03-31'],
    ['2027-12-05', '2029-12-31'],
    ['2026-03-01', '2028-03-31'],
    ['2026-03-31', '2028-03-31'],
    ['2026-02-28', '2028-02-29'],
    ['2027-02-01', '2029-02-28'],
  ];
  for (const [issued, until] of validity) {
    it(`a label issued ${issued} is valid until ${until}`, () => {
      const s = run(bronze({ 'FIN-01': 30 }, { interviewDate: issued }));
      expect(s.label.issued).to.equal(issued);
      expect(s.label.validUntil).to.equal(until);
    });
  }
});
