/** Read models the pages share: the assessment with its people, checklist counts, survey state. */
import type { Indicator, LoadedFramework } from '../../questionnaires';
import { isSurveyBased } from '../../scoring/framework-index';
import type { Db } from '../db/types';
import { clusterName, clusterOf, peopleById, type Assessment } from '../repositories/assessments';
import { documentsOf as storedDocumentsOf } from '../repositories/documents';
import { recordedIndicators } from '../repositories/values';
import { surveyOf } from '../services/survey';
import type { Lang } from './i18n';

export const loc = (text: { en: string; nb: string } | undefined, lang: Lang) => (text ? text[lang] || text.en : '');

/** The indicators an interviewer records (everything but the survey-based ones), in catalogue order. */
export function recordable(fw: LoadedFramework): Indicator[] {
  return fw.definition.indicators.filter((i) => !isSurveyBased(i));
}

export async function people(knex: Db, a: Assessment) {
  const byId = await peopleById(knex, [a.leadId, ...(a.coAssessorId ? [a.coAssessorId] : []), ...a.traineeIds]);
  const cluster = await clusterOf(knex, a.clusterId);
  return {
    cluster,
    lead: byId.get(a.leadId) ?? null,
    co: a.coAssessorId ? byId.get(a.coAssessorId) ?? null : null,
    trainees: a.traineeIds.map((id) => byId.get(id)).filter(Boolean),
  };
}

/** The assessment's cluster as a page's breadcrumb names it (undefined when it is gone, as before). */
export async function clusterRef(knex: Db, a: Assessment): Promise<{ name: string } | undefined> {
  const name = await clusterName(knex, a.clusterId);
  return name === null ? undefined : { name };
}

export interface DocRow {
  id: number;
  item: string;
  filename: string;
  size: number;
  status: 'uploaded' | 'accepted' | 'rejected';
  reviewComment: string | null;
  uploadedAt: string;
}

export async function documentsOf(knex: Db, assessmentId: number): Promise<DocRow[]> {
  return (await storedDocumentsOf(knex, assessmentId)).map((d) => ({ id: d.id, item: d.item, filename: d.filename, size: d.size, status: d.status, reviewComment: d.reviewComment, uploadedAt: d.uploadedAt }));
}

/** Per checklist item: the latest upload (the one that counts) and the earlier ones. */
export function checklistRows(fw: LoadedFramework, docs: DocRow[], lang: Lang) {
  return fw.definition.checklist.map((c) => {
    const mine = docs.filter((d) => d.item === c.id);
    const latest = mine[mine.length - 1] ?? null;
    return { id: c.id, name: loc(c.item, lang), rule: loc(c.rule, lang), supports: c.supports, latest, earlier: mine.slice(0, -1).reverse(), status: latest?.status ?? 'not_provided' };
  });
}

export function checklistCounts(rows: { status: string }[]) {
  const n = (s: string) => rows.filter((r) => r.status === s).length;
  return { total: rows.length, accepted: n('accepted'), uploaded: n('uploaded'), rejected: n('rejected'), percent: rows.length ? Math.round((100 * n('accepted')) / rows.length) : 0 };
}

export async function surveyState(knex: Db, assessmentId: number) {
  const s = await surveyOf(knex, assessmentId);
  return s ? { exists: true, invited: s.invited, responses: s.responses.length, closed: s.closed } : { exists: false, invited: 0, responses: 0, closed: false };
}

/** Indicator ids the user has recorded (own assessor/self values, or shadow values for a trainee). */
export async function recordedBy(knex: Db, assessmentId: number, userId: number, shadow: boolean): Promise<Set<string>> {
  return new Set(await recordedIndicators(knex, assessmentId, userId, shadow));
}

export { today } from '../services/scoring';
