/**
 * Issue "Across cycles": an assessment may start from the cluster's last decided one. The link lives in
 * its own table (assessments is referenced by many tables: on SQLite a new column with a foreign key
 * would rebuild it, and the rebuild would cascade into every child table). An improvement area carried
 * into the next cycle keeps where it came from and its follow-up there (plain columns: nothing
 * references improvement_areas).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessment_cycles', (t) => {
    t.integer('assessment_id').primary().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('previous_assessment_id').notNullable().references('id').inTable('assessments').onDelete('RESTRICT');
    t.string('created_at', 32).notNullable();
    t.index(['previous_assessment_id']);
  });
  await knex.schema.alterTable('improvement_areas', (t) => {
    // the area of the previous cycle this one follows up (no foreign key: see above)
    t.integer('carried_from');
    // the follow-up: 'achieved' | 'partly' | 'not' (null: not yet followed up), and its evidence
    t.string('followup', 10);
    t.text('followup_evidence');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('improvement_areas', (t) => {
    t.dropColumn('carried_from');
    t.dropColumn('followup');
    t.dropColumn('followup_evidence');
  });
  await knex.schema.dropTable('assessment_cycles');
}
