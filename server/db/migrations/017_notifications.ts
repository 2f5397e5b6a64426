/**
 * Issue 19, item 6: notifications, each one switchable off per user.
 *
 * - notification_settings: a user's choice per kind of notification (services/notifications.ts names
 *   the kinds). A kind without a row is on, so a new user gets every notification that applies to
 *   their role without a row being written. A table of its own rather than a column on users: users
 *   is referenced by most tables, and on SQLite changing it would rebuild it (and cascade).
 * - label_expiry_notices: one row per label whose "expires within six months" notice was queued. The
 *   label id is the key, so the daily check queues each label's notice once, also with several app
 *   instances checking at the same moment (the insert and the mails are one transaction; the second
 *   insert finds the row and queues nothing).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_settings', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('kind', 40).notNullable();
    t.boolean('enabled').notNullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['user_id', 'kind']);
  });
  await knex.schema.createTable('label_expiry_notices', (t) => {
    t.integer('label_id').primary().references('id').inTable('labels').onDelete('CASCADE');
    // the validity the notice was about, and when it was queued
    t.string('valid_until', 10).notNullable();
    t.string('notified_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('label_expiry_notices');
  await knex.schema.dropTable('notification_settings');
}
