/**
 * The label rules that the team and the cluster's history decide before any value is recorded: for a
 * Gold request G4 (two assessors on site, the lead Gold-certified, two countries, one the seat's), for
 * a Silver request S1 (an earlier label, 18–24 months before) and S2 (on site, a Silver or Gold lead).
 * The same rule functions as the score's (labels.ts), so a warning while an assessment is composed
 * says what the decision will say. Pure: the caller gives the dates.
 */
import type { FrameworkDefinition } from '../questionnaires/schema';
import { mustParseDate } from './dates';
import type { Evidence } from './evidence';
import { indexFramework } from './framework-index';
import { goldAssessorTeam, silverInterval, silverOnSiteAudit } from './labels';
import type { SetupContext } from './rule-context';
import type { LabelCheck } from './types';

/** What those rules read of an assessment's evidence. */
export type TeamSetup = Pick<Evidence, 'requestedLabel' | 'interviewDate' | 'onSite' | 'assessors' | 'previousLabels'> & {
  cluster: Pick<Evidence['cluster'], 'country'>;
};

/** The checks of the requested label that the setup decides (none for Bronze), failed or not. */
export function teamChecks(definition: FrameworkDefinition, setup: TeamSetup): LabelCheck[] {
  const index = indexFramework(definition);
  const evidence: Evidence = {
    framework: definition.id,
    requestedLabel: setup.requestedLabel,
    interviewDate: setup.interviewDate,
    onSite: setup.onSite,
    cluster: { name: '', country: setup.cluster.country },
    values: {},
    assessors: setup.assessors ?? [],
    previousLabels: setup.previousLabels ?? [],
  };
  const ctx: SetupContext = { index, evidence, interview: mustParseDate(setup.interviewDate) };
  const defined = (label: 'gold' | 'silver') => setup.requestedLabel === label && index.labels.includes(label);
  if (defined('gold')) return [goldAssessorTeam(ctx)];
  if (defined('silver')) return [silverInterval(ctx), silverOnSiteAudit(ctx)];
  return [];
}
