/**
 * The audit log keyed (issue 14, hole 4): `key_id` names the key whose HMAC an entry's hash is (null:
 * written before this migration, plain SHA-256), and `seq` is an entry's position in the chain, which
 * the chain head kept outside the table (services/auditHead.ts) points at. The entries already there
 * are numbered in chain order and keep their hashes (services/auditChain.ts says why they are not
 * re-keyed here: a migration has no key).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.string('key_id', 32);
    t.integer('seq').notNullable().defaultTo(0);
  });
  // the chain runs in id order (appends take turns on its tail)
  await knex.raw(
    'update audit_log set seq = r.n from (select id, row_number() over (order by id) as n from audit_log) as r where audit_log.id = r.id',
  );
  await knex.schema.alterTable('audit_log', (t) => {
    t.index(['seq'], 'audit_log_seq');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['seq'], 'audit_log_seq');
  });
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('seq');
    t.dropColumn('key_id');
  });
}
