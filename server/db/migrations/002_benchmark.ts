/**
 * Benchmark pool (issue 6): which cluster a record belongs to, so the pool counts each cluster once
 * (its latest record) and the portfolio can show progress between two assessments, and indexes for
 * the portfolio's filters. Portable schema builder only (SQLite and PostgreSQL).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('benchmark_records', (t) => {
    // the cluster's identity in the pool: "syn-…" (synthetic), "cluster:<id>" (a decided assessment)
    // or the importer's own key; records sharing it are assessments of one cluster
    t.string('peer_key', 64);
    // the registered cluster of a decided assessment (no foreign key: adding one needs a table rebuild on SQLite)
    t.integer('cluster_id');
    t.index(['peer_key']);
    t.index(['cluster_id']);
    t.index(['label_valid_until']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('benchmark_records', (t) => {
    t.dropIndex(['peer_key']);
    t.dropIndex(['cluster_id']);
    t.dropIndex(['label_valid_until']);
    t.dropColumn('peer_key');
    t.dropColumn('cluster_id');
  });
}
