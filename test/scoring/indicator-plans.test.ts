/**
 * scoreIndicators reads bands and scales from a per-framework plan (scoring/indicators.ts) instead of
 * calling pointsFor for every value; these tests hold the plan to pointsFor, value by value, including
 * the path for a level that is not on its scale, which no loaded framework can reach.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFramework, type Indicator, type LoadedFramework } from '../../questionnaires';
import { pointsFor, type BandHit } from '../../scoring/bands';
import { indexFramework } from '../../scoring/framework-index';
import { scoreIndicators, showValue } from '../../scoring/indicators';
import type { RecordedValue } from '../../scoring/recorded-value';
import { aggregateSurvey } from '../../scoring/survey';
import { framework } from './helpers';

const SECOND = join(__dirname, '../../fixtures/frameworks/bw-style-1.0.0.json');

/** The scores of `values` (already normalised numbers) with every document accepted and no survey. */
function scoresOf(fw: LoadedFramework, values: Record<string, number>) {
  const index = indexFramework(fw.definition);
  const recorded: (RecordedValue | undefined)[] = index.indicators.map((i) =>
    values[i.id] === undefined ? undefined : { kind: 'number', value: values[i.id], recorded: values[i.id] },
  );
  const documents = Object.fromEntries(fw.definition.checklist.map((c) => [c.id, 'accepted' as const]));
  return scoreIndicators({ index, values: recorded, documents, survey: aggregateSurvey(index, undefined) });
}

function expectedExplanation(indicator: Indicator, value: number, hit: BandHit): string {
  const { goldThreshold, maxPoints } = indicator.scoring!;
  const where = hit.band ? `falls in ${hit.band}` : 'is below every band';
  const gold = hit.points >= goldThreshold ? 'Gold threshold met' : `Gold threshold ${goldThreshold} not met`;
  return `${showValue(indicator, value)} ${where}: ${hit.points} of ${maxPoints} points, ${gold}.`;
}

/** Values around every band minimum and level, and beyond both ends. */
function candidates(indicator: Indicator): number[] {
  const scoring = indicator.scoring!;
  if (!scoring.bands) return [1, 2, 3, 4, 5];
  const mins = scoring.bands.map((b) => b.min);
  const step = indicator.valueType === 'fte' ? 0.01 : indicator.valueType === 'percent' ? 0.1 : 1;
  return [0, ...mins.flatMap((m) => [m - step, m, m + step]), Math.max(...mins) * 2]
    .filter((v) => v >= 0)
    .map((v) => Math.round(v * 100) / 100);
}

function checkAgainstPointsFor(fw: LoadedFramework): void {
  const def = fw.definition;
  const recordable = def.indicators.filter((i) => i.kind === 'quality' && i.scoring && !i.surveyQuestions);
  for (const indicator of recordable) {
    for (const value of candidates(indicator)) {
      const score = scoresOf(fw, { [indicator.id]: value }).find((s) => s.id === indicator.id)!;
      const hit = pointsFor(def, indicator, value);
      expect(score, `${indicator.id} = ${value}`).to.deep.include({
        status: 'scored',
        value,
        points: hit.points,
        explanation: expectedExplanation(indicator, value, hit),
      });
      expect(score.evidence.band, `${indicator.id} = ${value}`).to.equal(hit.band);
    }
  }
}

describe('scoring: per-framework indicator plans give what pointsFor gives', () => {
  it('the default framework, at and around every band minimum and level', () => checkAgainstPointsFor(framework()));

  it('the second framework (bw-style)', function () {
    if (!existsSync(SECOND)) this.skip();
    checkAgainstPointsFor(loadFramework(JSON.parse(readFileSync(SECOND, 'utf8'))));
  });

  it('a level that is not on its scale scores as pointsFor says (a framework made without the loader)', () => {
    const definition = structuredClone(framework().definition);
    const indicator = definition.indicators.find((i) => i.valueType === 'scale' && i.kind === 'quality')!;
    const name = indicator.scoring!.scale!;
    definition.scales[name] = definition.scales[name].slice(0, 4);
    const fw: LoadedFramework = { definition, hash: 'test' };
    for (const value of [4, 5]) {
      const score = scoresOf(fw, { [indicator.id]: value }).find((s) => s.id === indicator.id)!;
      const hit = pointsFor(definition, indicator, value);
      if (value === 5) expect(hit).to.deep.equal({ points: 0, band: 'L5' });
      expect(score).to.deep.include({ points: hit.points, explanation: expectedExplanation(indicator, value, hit) });
      expect(score.evidence.band).to.equal(hit.band);
    }
  });

  it('an unknown scale throws only when a value is scored, as before', () => {
    const definition = structuredClone(framework().definition);
    const indicator = definition.indicators.find((i) => i.valueType === 'scale' && i.kind === 'quality')!;
    indicator.scoring!.scale = 'nowhere';
    const fw: LoadedFramework = { definition, hash: 'test' };
    expect(scoresOf(fw, {}).find((s) => s.id === indicator.id)!.status).to.equal('missing');
    expect(() => scoresOf(fw, { [indicator.id]: 3 })).to.throw(/unknown scale nowhere/);
  });
});
