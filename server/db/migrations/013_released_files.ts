/**
 * The released documents, kept byte for byte (issue 18, item 5): for each released assessment, the
 * report (per language and kind: pdf, docx) and the certificate as a SHA-256 into `blobs`. Filled once
 * per document (services/releasedFiles.ts): the first time it is served after the release; from then
 * on the stored bytes are served, whatever later changes to users, clusters or the peer database.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('released_files', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments');
    t.string('kind', 32).notNullable();
    t.string('lang', 8).notNullable();
    t.string('sha256', 64).notNullable().references('sha256').inTable('blobs');
    t.string('created_at', 32).notNullable();
    t.primary(['assessment_id', 'kind', 'lang']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('released_files');
}
