/** Read models the pages share: the assessment with its people, checklist counts, survey state. */
import type { Knex } from 'knex';
import type { Indicator, LoadedFramework } from '../../questionnaires';
import { isSurveyBased } from '../../scoring/framework-index';
import type { Assessment } from '../services/assessments';
import { surveyOf } from '../services/survey';
import type { Lang } from './i18n';

export const loc = (text: { en: string; nb: string } | undefined, lang: Lang) => (text ? text[lang] || text.en : '');

/** The indicators an interviewer records (everything but the survey-based ones), in catalogue order. */
export function recordable(fw: LoadedFramework): Indicator[] {
  return fw.definition.indicators.filter((i) => !isSurveyBased(i));
}

export async function people(knex: Knex, a: Assessment) {
  const ids = [a.leadId, ...(a.coAssessorId ? [a.coAssessorId] : []), ...a.traineeIds];
  const rows = await knex('users').whereIn('id', ids).select('id', 'name', 'email', 'certification', 'country');
  const byId = new Map(rows.map((r: Record<string, any>) => [Number(r.id), r]));
  const cluster = await knex('clusters').where({ id: a.clusterId }).first();
  return {
    cluster,
    lead: byId.get(a.leadId) ?? null,
    co: a.coAssessorId ? byId.get(a.coAssessorId) ?? null : null,
    trainees: a.traineeIds.map((id) => byId.get(id)).filter(Boolean),
  };
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

export async function documentsOf(knex: Knex, assessmentId: number): Promise<DocRow[]> {
  const rows = await knex('documents').where({ assessment_id: assessmentId }).orderBy('id');
  return rows.map((r: Record<string, any>) => ({ id: Number(r.id), item: r.item, filename: r.filename, size: Number(r.size), status: r.status, reviewComment: r.review_comment ?? null, uploadedAt: r.uploaded_at }));
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

export async function surveyState(knex: Knex, assessmentId: number) {
  const s = await surveyOf(knex, assessmentId);
  return s ? { exists: true, invited: s.invited, responses: s.responses.length, closed: s.closed } : { exists: false, invited: 0, responses: 0, closed: false };
}

/** Indicator ids the user has recorded (own assessor/self values, or shadow values for a trainee). */
export async function recordedBy(knex: Knex, assessmentId: number, userId: number, shadow: boolean): Promise<Set<string>> {
  const ids = shadow
    ? await knex('shadow_values').where({ assessment_id: assessmentId, trainee_id: userId }).pluck('indicator_id')
    : await knex('indicator_values').where({ assessment_id: assessmentId, author_id: userId }).whereIn('kind', ['assessor', 'self']).pluck('indicator_id');
  return new Set(ids as string[]);
}

export const today = () => new Date().toISOString().slice(0, 10);
