/**
 * Issue "Across cycles", item 5: the lead's answers to the eligibility checklist of a framework version
 * that has one (esca-default 1.1.0), one row per assessment and criterion. A procedural gate before the
 * interview, not evidence: the engine's eligibility rule B3 still reads the indicators.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('eligibility_checks', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    // the criterion's id in the assessment's framework version (EC1 …)
    t.string('criterion_id', 8).notNullable();
    t.boolean('met').notNullable();
    t.text('note');
    t.integer('checked_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.string('checked_at', 32).notNullable();
    t.primary(['assessment_id', 'criterion_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('eligibility_checks');
}
