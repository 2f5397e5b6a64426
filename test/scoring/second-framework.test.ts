/**
 * The engine is data-driven: a second framework (fixtures/frameworks/bw-style-1.0.0.json, four
 * categories, Gold-only label rules) scores with the same code.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFramework, type LoadedFramework } from '../../questionnaires';
import { score } from '../../scoring';
import { lowestValueFor } from '../../scoring/bands';

const FILE = join(__dirname, '../../fixtures/frameworks/bw-style-1.0.0.json');

/** Evidence with every quality indicator at the value giving `pick(max, G)` points. */
function evidenceFor(fw: LoadedFramework, pick: (max: number, gold: number) => number, requestedLabel = 'gold') {
  const def = fw.definition;
  const values: Record<string, unknown> = {};
  for (const i of def.indicators) {
    if (i.kind === 'profile') values[i.id] = i.valueType === 'nuts' ? { nuts: ['DE11'] } : i.valueType === 'code' ? i.codes![0] : 1000;
    else if (!i.surveyQuestions) {
      const target = lowestValueFor(def, i, pick(i.scoring!.maxPoints, i.scoring!.goldThreshold))!.value;
      values[i.id] = typeof target === 'string' ? Number(target.slice(1)) : target;
    }
  }
  const answers = Object.fromEntries(def.survey.questions.filter((q) => q.answer === 'likert').map((q) => [q.id, 5]));
  const yesNo = def.survey.questions.filter((q) => q.answer === 'yes_no').map((q) => q.id);
  return {
    framework: def.id,
    requestedLabel,
    interviewDate: '2026-05-20',
    onSite: true,
    cluster: { name: 'Neckar Mobility (fictional)', country: 'DE' },
    values,
    survey: {
      invited: 20,
      responses: Array.from({ length: 12 }, () => ({ ...answers, ...Object.fromEntries(yesNo.map((q) => [q, true])) })),
    },
    documents: Object.fromEntries(def.checklist.map((c) => [c.id, 'accepted'])),
    assessors: [
      { role: 'lead', certification: 'gold', country: 'DE' },
      { role: 'co', certification: 'gold', country: 'CH' },
    ],
    reconciliationSigned: true,
  };
}

describe('scoring: a second framework (bw-style)', function () {
  before(function () {
    if (!existsSync(FILE)) this.skip();
  });
  const fw = () => loadFramework(JSON.parse(readFileSync(FILE, 'utf8')));

  it("awards Gold at full points with the framework's own total and areas", () => {
    const s = score(
      fw(),
      evidenceFor(fw(), (max) => max),
    );
    expect(s.framework.id).to.equal('bw-style');
    expect(s.total.points).to.equal(s.total.maxPoints);
    expect(s.areas.map((a) => a.code)).to.deep.equal(fw().definition.areas.map((a) => a.code));
    expect(s.label.awarded).to.equal('gold');
    expect(s.label.checks.map((c) => c.rule)).to.deep.equal(['G1', 'G2', 'G3', 'G4', 'G5']);
    expect(s.pathToNextLabel.next).to.equal(null);
  });

  it('misses Gold below its minimum total; the path goes straight to Gold', () => {
    const s = score(
      fw(),
      evidenceFor(fw(), (_max, gold) => gold),
    );
    const minTotal = fw().definition.labelRules.gold!.minTotal;
    expect(s.total.points).to.be.below(minTotal);
    expect(s.label.awarded).to.equal(null);
    expect(s.pathToNextLabel.next).to.equal('gold');
    expect(s.pathToNextLabel.newTotal).to.be.at.least(minTotal);
    expect(s.pathToGold).to.equal(undefined);
  });

  it('cannot award a label absent from its label rules', () => {
    const s = score(
      fw(),
      evidenceFor(fw(), (max) => max, 'bronze'),
    );
    expect(s.label.awarded).to.equal(null);
    expect(s.label.checks).to.deep.equal([]);
  });

  it('validates evidence against its own ids', () => {
    expect(() => score(fw(), { ...evidenceFor(fw(), (max) => max), values: { 'STR-01': 50 } })).to.throw(/unknown indicator id STR-01/);
  });
});
