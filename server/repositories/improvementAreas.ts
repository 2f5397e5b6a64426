/** Improvement areas of an assessment (indicator and document lists as JSON, parsed here). */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

export interface ImprovementArea {
  id: number;
  title: string;
  description: string;
  indicators: string[];
  documents: string[];
  /** the change the cluster made and its effect (the manager's words) */
  changeMade: string | null;
  effect: string | null;
  changeDescribed: boolean;
  /** the lead's comment with the validation */
  leadComment: string | null;
  /** the area of the previous cycle this one follows up (carried into this assessment), or null */
  carriedFrom: number | null;
  /** the lead's follow-up of a carried area, and its evidence (null: not followed up yet) */
  followup: Followup | null;
  followupEvidence: string | null;
}

export const FOLLOWUPS = ['achieved', 'partly', 'not'] as const;
export type Followup = (typeof FOLLOWUPS)[number];

const areaFromRow = (r: Record<string, any>): ImprovementArea => ({
  id: Number(r.id),
  title: r.title as string,
  description: r.description as string,
  indicators: JSON.parse(r.indicators) as string[],
  documents: JSON.parse(r.documents) as string[],
  changeMade: r.change_made ?? null,
  effect: r.effect ?? null,
  changeDescribed: Boolean(r.change_described),
  leadComment: r.lead_comment ?? null,
  carriedFrom: r.carried_from === null || r.carried_from === undefined ? null : Number(r.carried_from),
  followup: (FOLLOWUPS as readonly string[]).includes(r.followup) ? (r.followup as Followup) : null,
  followupEvidence: r.followup_evidence ?? null,
});

/** Plain SQL (sql.ts): every score read assembles them. */
export async function improvementAreasOf(db: Db, assessmentId: number): Promise<ImprovementArea[]> {
  const rows = await sqlOf(db).all('select * from improvement_areas where assessment_id = ? order by id', [assessmentId]);
  return rows.map(areaFromRow);
}

export async function improvementAreaOf(db: Db, assessmentId: number, id: number | null): Promise<ImprovementArea | null> {
  const row = await db('improvement_areas')
    .where({ id: id ?? -1, assessment_id: assessmentId })
    .first();
  return row ? areaFromRow(row) : null;
}

export async function insertImprovementArea(
  trx: Tx,
  ia: {
    assessmentId: number;
    title: string;
    description: string;
    indicators: string[];
    documents: string[];
    changeMade?: string | null;
    effect?: string | null;
    createdBy: number;
    at: string;
  },
): Promise<number> {
  const row = {
    assessment_id: ia.assessmentId,
    title: ia.title,
    description: ia.description,
    indicators: JSON.stringify(ia.indicators),
    documents: JSON.stringify(ia.documents),
    change_made: ia.changeMade ?? null,
    effect: ia.effect ?? null,
    change_described: false,
    created_by: ia.createdBy,
    created_at: ia.at,
  };
  const [ins] = await trx('improvement_areas').insert(row).returning(['id']);
  return Number(ins.id);
}

export async function setChangeDescribed(trx: Tx, id: number, changeDescribed: boolean, comment: string | null): Promise<void> {
  await trx('improvement_areas').where({ id }).update({ change_described: changeDescribed, lead_comment: comment });
}

/** New content for an area: its validation starts over (the lead validates what is there now). */
export async function updateImprovementArea(
  trx: Tx,
  id: number,
  ia: { title: string; description: string; indicators: string[]; documents: string[]; changeMade?: string | null; effect?: string | null },
): Promise<void> {
  await trx('improvement_areas')
    .where({ id })
    .update({
      title: ia.title,
      description: ia.description,
      indicators: JSON.stringify(ia.indicators),
      documents: JSON.stringify(ia.documents),
      change_made: ia.changeMade ?? null,
      effect: ia.effect ?? null,
      change_described: false,
      lead_comment: null,
    });
}

export async function deleteImprovementArea(trx: Tx, id: number): Promise<void> {
  await trx('improvement_areas').where({ id }).delete();
}

/**
 * The areas of the previous cycle carried into a new assessment to be followed up: each a new area with
 * the old one's title, description, indicators and documents, `carried_from` its id; the change made, its
 * effect, the lead's validation and the follow-up start empty (this cycle's to write). Returns the new areas.
 */
export async function carryImprovementAreas(
  trx: Tx,
  c: { fromAssessmentId: number; toAssessmentId: number; createdBy: number; at: string },
): Promise<{ id: number; carriedFrom: number; title: string }[]> {
  const out: { id: number; carriedFrom: number; title: string }[] = [];
  for (const old of await improvementAreasOf(trx, c.fromAssessmentId)) {
    const row = {
      assessment_id: c.toAssessmentId,
      title: old.title,
      description: old.description,
      indicators: JSON.stringify(old.indicators),
      documents: JSON.stringify(old.documents),
      change_made: null,
      effect: null,
      change_described: false,
      carried_from: old.id,
      created_by: c.createdBy,
      created_at: c.at,
    };
    const [ins] = await trx('improvement_areas').insert(row).returning(['id']);
    out.push({ id: Number(ins.id), carriedFrom: old.id, title: old.title });
  }
  return out;
}

export async function setFollowup(trx: Tx, id: number, followup: Followup, evidence: string | null): Promise<void> {
  await trx('improvement_areas').where({ id }).update({ followup, followup_evidence: evidence });
}
