/** The expert's narrative of an assessment (migration 012): one row per assessment, the body as JSON. */
import type { Db, Tx } from '../db/types';

export interface NarrativeRow {
  body: unknown;
  coComment: string | null;
  version: number;
  updatedBy: number;
  updatedAt: string;
}

export async function narrativeOf(db: Db | Tx, assessmentId: number): Promise<NarrativeRow | null> {
  const r = await db('assessment_narratives').where({ assessment_id: assessmentId }).first();
  if (!r) return null;
  return {
    body: JSON.parse(r.body as string),
    coComment: (r.co_comment as string | null) ?? null,
    version: Number(r.version),
    updatedBy: Number(r.updated_by),
    updatedAt: r.updated_at as string,
  };
}

/**
 * Writes the narrative when it still stands at `expected` (0: none yet); false when someone else wrote
 * in between (the caller answers 409). `coComment` undefined keeps the stored comment; `body` undefined
 * keeps the stored body (a co-assessor's comment on a narrative not yet written stores an empty body).
 */
export async function writeNarrative(
  trx: Tx,
  assessmentId: number,
  expected: number,
  w: { body: unknown; coComment?: string | null; updatedBy: number; updatedAt: string },
): Promise<boolean> {
  if (expected === 0) {
    const exists = await trx('assessment_narratives').where({ assessment_id: assessmentId }).first('assessment_id');
    if (exists) return false;
    await trx('assessment_narratives').insert({
      assessment_id: assessmentId,
      body: JSON.stringify(w.body),
      co_comment: w.coComment ?? null,
      version: 1,
      updated_by: w.updatedBy,
      updated_at: w.updatedAt,
    });
    return true;
  }
  const n = await trx('assessment_narratives')
    .where({ assessment_id: assessmentId, version: expected })
    .update({
      body: JSON.stringify(w.body),
      ...(w.coComment !== undefined ? { co_comment: w.coComment } : {}),
      version: expected + 1,
      updated_by: w.updatedBy,
      updated_at: w.updatedAt,
    });
  return Number(n) === 1;
}
