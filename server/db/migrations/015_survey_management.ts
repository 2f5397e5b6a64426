/**
 * Issue 19, item 3: the survey management page. The open link's token kept sealed (AES-256-GCM under a
 * key derived from the session secret) so that the manager can see it again; the token hash stays the
 * only thing a lookup uses. The manager's own close (paused_at, reopened by clearing it) beside the
 * decision's closed_at, and a deadline after which the form says closed.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('survey_links', (t) => {
    t.text('token_sealed');
  });
  await knex.schema.alterTable('surveys', (t) => {
    t.string('paused_at', 32);
    t.string('deadline', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('surveys', (t) => {
    t.dropColumn('deadline');
    t.dropColumn('paused_at');
  });
  await knex.schema.alterTable('survey_links', (t) => {
    t.dropColumn('token_sealed');
  });
}
