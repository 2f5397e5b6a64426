/**
 * Issue 19, item 2: personal survey links. New tables only (surveys and survey_links are referenced by
 * survey_responses; on SQLite altering them means a rebuild that would cascade into the answers).
 *
 * - survey_participants: the addresses the manager invited, one row per assessment and address, with
 *   the list's language, when the invitation and the last reminder went out and whether the person has
 *   answered. `answered_on` is the UTC day only, never a time, and nothing here refers to a response:
 *   no response id, no shared key, no timestamp that could be matched to survey_responses.submitted_at
 *   (anonymity: a token is marked answered, never linked to its answers).
 * - survey_participant_links: the tokens of a participant's links (the invitation's and each
 *   reminder's), by their SHA-256 only; the token itself is only in the mail.
 * - survey_drafts: a personal link's saved, unfinished answers, sealed with AES-256-GCM under a key
 *   derived from the token (which the server does not keep), found by the token's hash; deleted when
 *   the answer is submitted.
 * - survey_reminder_schedules: the manager's reminder rhythm; `next_at` is claimed by a conditional
 *   update, so that several app instances send one round of reminders.
 */
import type { Knex } from 'knex';

const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_participants', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('email', 254).notNullable();
    t.string('lang', 5).notNullable();
    ts(t, 'invited_at').notNullable();
    ts(t, 'reminded_at');
    t.integer('reminders').notNullable().defaultTo(0);
    // YYYY-MM-DD (UTC) only: see the header
    t.string('answered_on', 10);
    t.unique(['assessment_id', 'email']);
  });
  await knex.schema.createTable('survey_participant_links', (t) => {
    t.increments('id').primary();
    t.integer('participant_id').notNullable().references('id').inTable('survey_participants').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    ts(t, 'created_at').notNullable();
    t.index(['participant_id']);
  });
  await knex.schema.createTable('survey_drafts', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.text('sealed').notNullable();
    ts(t, 'updated_at').notNullable();
  });
  await knex.schema.createTable('survey_reminder_schedules', (t) => {
    t.integer('assessment_id').primary().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('every_days').notNullable();
    ts(t, 'next_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['next_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('survey_reminder_schedules');
  await knex.schema.dropTable('survey_drafts');
  await knex.schema.dropTable('survey_participant_links');
  await knex.schema.dropTable('survey_participants');
}
