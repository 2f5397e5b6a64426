/**
 * Issue 19: mail that survives a crash and an SMTP outage (mail_outbox: a row is written in the same
 * transaction as the act that causes the mail, and a sender loop delivers it with retries), and
 * single-use links to set a password (user_tokens: an invitation or a reset, stored as a hash only).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_outbox', (t) => {
    t.increments('id').primary();
    t.string('recipient', 254).notNullable();
    // the catalogue's template (mail.<template>.subject / .body) and the recipient's language
    t.string('template', 64).notNullable();
    t.string('lang', 5).notNullable();
    // the template's values, as JSON text
    t.text('payload').notNullable();
    // queued | sending | sent | failed
    t.string('status', 10).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    // when the row may next be claimed: a queued row's next attempt, a sending row's lease end
    t.string('next_attempt_at', 32).notNullable();
    t.text('last_error');
    t.string('created_at', 32).notNullable();
    t.string('sent_at', 32);
    // deterministic (<outbox-id.created@sender's domain>), the same on every attempt: a duplicate
    // delivered after a crash mid-send is recognisable by the receiving side
    t.string('message_id', 200);
    t.index(['status', 'next_attempt_at']);
  });
  await knex.schema.createTable('user_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    // invite | reset
    t.string('purpose', 10).notNullable();
    // sha-256 of the token in the link (the token itself is only in the mail)
    t.string('token_hash', 64).notNullable().unique();
    t.string('expires_at', 32).notNullable();
    t.string('used_at', 32);
    t.string('created_at', 32).notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_tokens');
  await knex.schema.dropTable('mail_outbox');
}
