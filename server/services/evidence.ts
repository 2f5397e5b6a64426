/**
 * Assembles the engine's evidence document from the database: final values (reconciled for Gold),
 * survey responses, document statuses, the assessors, improvement areas and earlier labels. The
 * server scores exactly what the CLI would score from the same evidence file.
 */
import type { Db } from '../db/types';
import type { LoadedFramework } from '../../questionnaires';
import { reconcile, type Evidence } from '../../scoring';
import type { Assessor } from '../../scoring/evidence';
import { indexFramework, isSurveyBased } from '../../scoring/framework-index';
import { aggregateSurvey } from '../../scoring/survey';
import { personById, type Assessment } from '../repositories/assessments';
import { clusterOf } from '../repositories/clusters';
import { improvementAreasOf } from '../repositories/improvementAreas';
import { earlierLabels } from '../repositories/labels';
import { valuesOf } from '../repositories/values';
import { surveyOf } from '../repositories/surveys';
import { documentStatuses } from './documentStatus';
import { reconciliationSignedNow } from './reconciliationRecord';

export { documentStatuses, improvementAreasOf };

/** The final value per indicator: agreed, else the common value, else the lower of lead and co. */
export async function finalValues(knex: Db, a: Assessment): Promise<Record<string, unknown>> {
  const stored = await valuesOf(knex, a.id, ['assessor', 'agreed']);
  const ids = new Set(stored.map((v) => v.indicatorId));
  const out: Record<string, unknown> = {};
  for (const id of [...ids].sort()) {
    const pick = (pred: (v: (typeof stored)[number]) => boolean) => stored.find((v) => v.indicatorId === id && pred(v))?.value;
    const lead = pick((v) => v.kind === 'assessor' && v.authorId === a.leadId);
    const co = pick((v) => v.kind === 'assessor' && v.authorId === a.coAssessorId);
    const agreed = pick((v) => v.kind === 'agreed');
    const value = reconcile(lead, co, agreed);
    if (value !== undefined) out[id] = value;
  }
  return out;
}

/** The lead and the co-assessor as the engine reads them (a country unknown to the register is ZZ). */
export async function assessorsOf(knex: Db, team: { leadId: number | null; coAssessorId: number | null }): Promise<Assessor[]> {
  const assessors: Assessor[] = [];
  for (const [role, id] of [
    ['lead', team.leadId],
    ['co', team.coAssessorId],
  ] as const) {
    if (id === null) continue;
    const u = await personById(knex, id);
    assessors.push({ role, certification: u?.certification ?? null, country: u?.country ?? 'ZZ', name: u?.name });
  }
  return assessors;
}

export async function assembleEvidence(knex: Db, a: Assessment, fw: LoadedFramework, today: string): Promise<Evidence> {
  // every score read assembles the evidence: the repositories read it with plain SQL (sql.ts)
  const cluster = (await clusterOf(knex, a.clusterId))!;
  const assessors = await assessorsOf(knex, a);
  const interviewDate = a.interviewDate ?? today;
  const previousLabels = [...a.previousLabels, ...(await earlierLabels(knex, a.clusterId, a.id, interviewDate))];
  const survey = await surveyOf(knex, a.id);
  const values = await finalValues(knex, a);
  const index = indexFramework(fw.definition);
  for (const id of Object.keys(values)) if (index.byId.get(id) && isSurveyBased(index.byId.get(id)!)) delete values[id];
  return {
    framework: fw.definition.id,
    frameworkVersion: fw.definition.version,
    requestedLabel: a.requestedLabel,
    interviewDate,
    onSite: a.onSite,
    cluster: { name: cluster.name, country: cluster.country, sector: cluster.sector, foundedYear: cluster.foundedYear },
    values,
    ...(survey ? { survey: { invited: survey.invited, responses: survey.responses } } : {}),
    documents: await documentStatuses(knex, a.id),
    assessors,
    // Gold: both assessors' signatures stand on the reconciliation record as it is (reconciliation.ts)
    reconciliationSigned: a.reconciliationSigned || (await reconciliationSignedNow(knex, a)),
    // what the engine reads of an area (scoring/evidence.ts): not the texts only people read
    improvementAreas: (await improvementAreasOf(knex, a.id)).map((ia) => ({
      title: ia.title,
      description: ia.description,
      indicators: ia.indicators,
      documents: ia.documents,
      changeDescribed: ia.changeDescribed,
    })),
    previousLabels,
  };
}

/** The survey aggregates the assessors see (valid responses, response rate, means). */
export function summariseSurvey(fw: LoadedFramework, survey: { invited: number; responses: Record<string, unknown>[] }) {
  return aggregateSurvey(indexFramework(fw.definition), { invited: survey.invited, responses: survey.responses }).summary;
}
