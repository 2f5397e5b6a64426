/**
 * More than one file per checklist item (issue 16, item 6: the CVs of a management team are several
 * files). Until now the latest upload of an item was the one that counted and every earlier one was
 * history; now every upload counts until it is replaced by another file or removed, and the item's
 * status comes from all the files that count (services/documents.ts, itemStatus).
 *
 * `documents.superseded_at` marks a file that no longer counts, `superseded_by` names the upload that
 * replaced it (null: removed). Plain nullable columns, no foreign key: SQLite adds them in place (no
 * table rebuild), and nothing references `documents`. Every upload that a later upload of the same
 * item had replaced under the old rule is marked as replaced by the next one, so that every item keeps
 * the status it had (and the evidence its hash: a standing Gold confirmation stays valid).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.string('superseded_at', 32).nullable();
    t.integer('superseded_by').nullable();
  });
  const rows: { id: number | string; assessment_id: number | string; item: string; uploaded_at: string }[] = await knex('documents')
    .select('id', 'assessment_id', 'item', 'uploaded_at')
    .orderBy([{ column: 'assessment_id' }, { column: 'item' }, { column: 'id' }]);
  for (let i = 0; i + 1 < rows.length; i++) {
    const [row, next] = [rows[i], rows[i + 1]];
    if (String(row.assessment_id) !== String(next.assessment_id) || row.item !== next.item) continue;
    await knex('documents')
      .where({ id: row.id })
      .update({ superseded_by: Number(next.id), superseded_at: next.uploaded_at });
  }
}

/** Back to "the latest upload counts": the marks go (files added beside others count no more). */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('superseded_by');
    t.dropColumn('superseded_at');
  });
}
