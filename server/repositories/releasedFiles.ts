/** The released documents kept byte for byte (migration 013): which blob is which document. */
import type { Db, Tx } from '../db/types';

export interface ReleasedFileKey {
  assessmentId: number;
  /** 'report.pdf', 'report.docx', 'certificate.pdf' */
  kind: string;
  lang: string;
}

export async function releasedFileHash(db: Db, k: ReleasedFileKey): Promise<string | null> {
  const row = await db('released_files').where({ assessment_id: k.assessmentId, kind: k.kind, lang: k.lang }).first('sha256');
  return row ? String(row.sha256) : null;
}

/** Records the document once: a second writer (a concurrent first download) keeps the first one's row. */
export async function insertReleasedFile(trx: Tx, k: ReleasedFileKey, sha256: string, now: Date): Promise<void> {
  await trx('released_files')
    .insert({ assessment_id: k.assessmentId, kind: k.kind, lang: k.lang, sha256, created_at: now.toISOString() })
    .onConflict(['assessment_id', 'kind', 'lang'])
    .ignore();
}
