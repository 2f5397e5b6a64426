/**
 * Issue "Silver and Gold in the browser":
 *
 * 1. The Gold reconciliation record is signed by both assessors. A signature binds to the record it
 *    signed (the SHA-256 of every discrepancy, agreed value and reason): it stands only while the record
 *    is unchanged, so an agreed value changed after a signature leaves that signature stale, not silently
 *    valid. Agreed values keep their reason in `indicator_values.note` (no new column there).
 * 2. A decision keeps the justification the decider gave (and, for Gold, each confirmation keeps its
 *    assessor's). Plain columns only: neither table is rebuilt on SQLite.
 * 3. An improvement area says the change made and its effect, and keeps the lead's comment when
 *    validating it (no table references improvement_areas: plain columns).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reconciliation_signatures', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.string('role', 8).notNullable();
    t.string('record_hash', 64).notNullable();
    t.string('signed_at', 32).notNullable();
    // how it was given: 'page' or 'api' (the reconciliation screen or its endpoint), 'decision' (a Gold confirmation)
    t.string('via', 10).notNullable();
    t.unique(['assessment_id', 'user_id']);
  });
  await knex.schema.alterTable('decisions', (t) => {
    t.text('justification');
  });
  await knex.schema.alterTable('decision_confirmations', (t) => {
    t.text('justification');
  });
  await knex.schema.alterTable('improvement_areas', (t) => {
    t.text('change_made');
    t.text('effect');
    t.text('lead_comment');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('improvement_areas', (t) => {
    t.dropColumn('change_made');
    t.dropColumn('effect');
    t.dropColumn('lead_comment');
  });
  await knex.schema.alterTable('decision_confirmations', (t) => {
    t.dropColumn('justification');
  });
  await knex.schema.alterTable('decisions', (t) => {
    t.dropColumn('justification');
  });
  await knex.schema.dropTable('reconciliation_signatures');
}
