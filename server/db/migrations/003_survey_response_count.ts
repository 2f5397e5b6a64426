/**
 * Each survey link counts its responses, so that storing an answer checks the invited cap
 * (FRAMEWORK.md §3.2, D-14: N ≤ N_inv) by reading one row instead of counting every response so far.
 * The count is moved on in the same transaction as the response it counts (services/survey.ts).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('survey_links', (t) => {
    t.integer('responses').notNullable().defaultTo(0);
  });
  await knex.raw('update survey_links set responses = (select count(*) from survey_responses r where r.survey_link_id = survey_links.id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('survey_links', (t) => {
    t.dropColumn('responses');
  });
}
