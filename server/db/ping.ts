import type { Knex } from 'knex';

/** The cheapest question the database answers (the health check). */
export async function ping(knex: Knex): Promise<void> {
  await knex.raw('select 1');
}
