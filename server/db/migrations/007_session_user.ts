/**
 * Each session row names its user (null while nobody is signed in on it), so that deactivating a user
 * ends every session they have (services/users.ts) with one indexed delete instead of reading every
 * row's JSON. The store writes the column with the session (auth/sessionStore.ts); rows written before
 * are filled in here from their JSON.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.integer('user_id').nullable();
    t.index(['user_id'], 'sessions_user_id_index');
  });
  const rows: { sid: string; sess: string }[] = await knex('sessions').select('sid', 'sess');
  for (const row of rows) {
    let userId: unknown;
    try {
      userId = (JSON.parse(row.sess) as { userId?: unknown }).userId;
    } catch {
      userId = undefined;
    }
    if (Number.isSafeInteger(userId))
      await knex('sessions')
        .where({ sid: row.sid })
        .update({ user_id: userId as number });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropIndex(['user_id'], 'sessions_user_id_index');
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('user_id');
  });
}
