/**
 * Trust in the label (issue 14):
 *
 * 1. A label becomes public at release, not at the decision: `labels.released_at` is set by the release
 *    transition, and /verify, the registry and whoever is not an assessor read only released labels
 *    (services/labels.ts). Labels whose assessment is released already are backfilled with the time of
 *    that assessment's last update (the release is its last change).
 * 2. What a released report and certificate print is frozen at release: `releases` keeps, per released
 *    assessment, the print (assessors with their certification and country, the cluster, dates, the
 *    peer comparison, the certificate) as JSON, written in the release transaction and never re-read
 *    from live records afterwards. Assessments released before this migration have no print row; their
 *    report is assembled from the records as before.
 * 3. One cluster per name and country: a unique index on (lower(name), country). Existing duplicates
 *    (there was no check) keep the oldest name; each later one is renamed "<name> (#<id>)" so the index
 *    can be built, and an admin can tell them apart.
 */
import type { Knex } from 'knex';

const ts = (t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('labels', (t) => {
    ts(t, 'released_at');
  });
  await knex.raw(
    "update labels set released_at = (select a.updated_at from assessments a where a.id = labels.assessment_id) where assessment_id in (select id from assessments where state = 'released')",
  );

  await knex.schema.createTable('releases', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().unique().references('id').inTable('assessments').onDelete('RESTRICT');
    t.integer('released_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'released_at').notNullable();
    t.text('print').notNullable();
  });

  // the key as the index will see it (the database's lower()), so that exactly its duplicates are renamed
  const clusters: { id: number | string; name: string; country: string; key: string }[] = await knex('clusters')
    .orderBy('id')
    .select('id', 'name', 'country', knex.raw('lower(name) as ??', ['key']));
  const seen = new Set<string>();
  for (const c of clusters) {
    const key = `${c.country}\u0000${c.key}`;
    if (seen.has(key))
      await knex('clusters')
        .where({ id: c.id })
        .update({ name: `${c.name.slice(0, 180)} (#${c.id})` });
    else seen.add(key);
  }
  await knex.raw('create unique index clusters_name_country_unique on clusters (lower(name), country)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index clusters_name_country_unique');
  await knex.schema.dropTable('releases');
  await knex.schema.alterTable('labels', (t) => {
    t.dropColumn('released_at');
  });
}
