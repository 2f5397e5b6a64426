/**
 * Issue 18, item 1: the expert's narrative of an assessment (the lead's executive summary, strengths and
 * weaknesses, a comment per area and the recommendations as worded), one row per assessment, and the
 * co-assessor's comment on it. Written from the interview on; read-only once the assessment is decided
 * (services/narrative.ts refuses writes then), so the row that stood at the decision is what the report
 * prints: the decision need not copy it, and the release freezes it into the print with the rest.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessment_narratives', (t) => {
    t.integer('assessment_id').primary().references('id').inTable('assessments').onDelete('CASCADE');
    /** JSON: {summary, strengths[], weaknesses[], areas{}, indicators{}, recommendations[]} */
    t.text('body').notNullable();
    t.text('co_comment');
    /** bumped by every write (the lead's and the co-assessor's): the optimistic lock of the editor */
    t.integer('version').notNullable();
    t.integer('updated_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.string('updated_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assessment_narratives');
}
