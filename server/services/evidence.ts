/**
 * Assembles the engine's evidence document from the database: final values (reconciled for Gold),
 * survey responses, document statuses, the assessors, improvement areas and earlier labels. The
 * server scores exactly what the CLI would score from the same evidence file.
 */
import type { Knex } from 'knex';
import { sqlOf } from '../db/sql';
import type { LoadedFramework } from '../../questionnaires';
import { reconcile, type Evidence } from '../../scoring';
import { indexFramework, isSurveyBased } from '../../scoring/framework-index';
import { aggregateSurvey } from '../../scoring/survey';
import type { Assessment } from './assessments';
import { valuesOf } from './values';
import { surveyOf } from './survey';

type DocStatus = 'not_provided' | 'uploaded' | 'accepted' | 'rejected';

/** The final value per indicator: agreed, else the common value, else the lower of lead and co. */
export async function finalValues(knex: Knex, a: Assessment): Promise<Record<string, unknown>> {
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

export async function documentStatuses(knex: Knex, assessmentId: number): Promise<Record<string, DocStatus>> {
  const rows = await sqlOf(knex).all<{ item: string; status: DocStatus }>('select item, status from documents where assessment_id = ? order by id', [assessmentId]);
  const out: Record<string, DocStatus> = {};
  // the latest upload of an item is the one that counts
  for (const r of rows) out[r.item] = r.status;
  return out;
}

export async function improvementAreasOf(knex: Knex, assessmentId: number) {
  const rows = await sqlOf(knex).all('select * from improvement_areas where assessment_id = ? order by id', [assessmentId]);
  return rows.map((r: Record<string, any>) => ({
    id: Number(r.id),
    title: r.title as string,
    description: r.description as string,
    indicators: JSON.parse(r.indicators) as string[],
    documents: JSON.parse(r.documents) as string[],
    changeDescribed: Boolean(r.change_described),
  }));
}

export async function assembleEvidence(knex: Knex, a: Assessment, fw: LoadedFramework, today: string): Promise<Evidence> {
  // plain SQL (sql.ts): every score read assembles the evidence
  const sql = sqlOf(knex);
  const cluster = (await sql.get('select * from clusters where id = ?', [a.clusterId]))!;
  const assessors = [];
  for (const [role, id] of [['lead', a.leadId], ['co', a.coAssessorId]] as const) {
    if (id === null) continue;
    const u = await sql.get('select name, certification, country from users where id = ?', [id]);
    assessors.push({ role, certification: u?.certification ?? null, country: u?.country ?? 'ZZ', name: u?.name });
  }
  const interviewDate = a.interviewDate ?? today;
  const earlier = await sql.all('select label, issued_on from labels where cluster_id = ? and not assessment_id = ? and issued_on < ?', [a.clusterId, a.id, interviewDate]);
  const previousLabels = [...a.previousLabels, ...earlier.map((l: Record<string, string>) => ({ label: l.label as 'bronze', issued: l.issued_on }))];
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
    cluster: { name: cluster.name, country: cluster.country, sector: cluster.sector, foundedYear: Number(cluster.founded_year) },
    values,
    ...(survey ? { survey: { invited: survey.invited, responses: survey.responses } } : {}),
    documents: await documentStatuses(knex, a.id),
    assessors,
    reconciliationSigned: a.reconciliationSigned,
    improvementAreas: (await improvementAreasOf(knex, a.id)).map(({ id: _id, ...ia }) => ia),
    previousLabels,
  };
}

/** The survey aggregates the assessors see (valid responses, response rate, means). */
export function summariseSurvey(fw: LoadedFramework, survey: { invited: number; responses: Record<string, unknown>[] }) {
  return aggregateSurvey(indexFramework(fw.definition), { invited: survey.invited, responses: survey.responses }).summary;
}
