/**
 * The whole data model of DESIGN.md. One migration set for SQLite and PostgreSQL: only portable
 * column types; timestamps as ISO-8601 UTC strings; JSON as text (parsed in the repositories).
 */
import type { Knex } from 'knex';

const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('clusters', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.string('country', 2).notNullable();
    t.string('sector', 120).notNullable();
    t.integer('founded_year').notNullable();
    t.string('region', 120);
    t.string('website', 300);
    t.integer('members');
    t.boolean('benchmark_consent').notNullable().defaultTo(false);
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('password_hash', 300).notNullable();
    t.string('role', 20).notNullable();
    t.string('certification', 10);
    t.string('country', 2);
    t.integer('cluster_id').references('id').inTable('clusters').onDelete('RESTRICT');
    t.string('locale', 2).notNullable().defaultTo('en');
    t.boolean('active').notNullable().defaultTo(true);
    ts(t, 'created_at').notNullable();
    t.index(['cluster_id']);
  });

  await knex.schema.createTable('frameworks', (t) => {
    t.increments('id').primary();
    t.string('key', 64).notNullable();
    t.string('version', 32).notNullable();
    t.string('hash', 64).notNullable().unique();
    t.string('title', 300).notNullable();
    t.text('definition').notNullable();
    ts(t, 'created_at').notNullable();
    t.unique(['key', 'version']);
  });

  await knex.schema.createTable('assessments', (t) => {
    t.increments('id').primary();
    t.integer('cluster_id').notNullable().references('id').inTable('clusters').onDelete('RESTRICT');
    t.integer('framework_id').notNullable().references('id').inTable('frameworks').onDelete('RESTRICT');
    t.string('framework_hash', 64).notNullable();
    t.string('requested_label', 10).notNullable();
    t.string('state', 20).notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.integer('lead_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.integer('co_assessor_id').references('id').inTable('users').onDelete('RESTRICT');
    t.string('interview_date', 10);
    t.boolean('on_site').notNullable().defaultTo(false);
    t.boolean('reconciliation_signed').notNullable().defaultTo(false);
    t.text('previous_labels').notNullable().defaultTo('[]');
    t.integer('created_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['cluster_id']);
    t.index(['lead_id']);
  });

  await knex.schema.createTable('assessment_trainees', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.primary(['assessment_id', 'user_id']);
  });

  // kind: 'assessor' (lead or co-assessor's own value), 'self' (the cluster manager's
  // self-assessment during preparation), 'agreed' (Gold reconciliation).
  await knex.schema.createTable('indicator_values', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('indicator_id', 16).notNullable();
    t.string('kind', 10).notNullable();
    t.integer('author_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.text('value').notNullable();
    t.text('note');
    ts(t, 'recorded_at').notNullable();
    t.unique(['assessment_id', 'indicator_id', 'kind', 'author_id']);
  });

  await knex.schema.createTable('shadow_values', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('indicator_id', 16).notNullable();
    t.integer('trainee_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.text('value').notNullable();
    t.text('note');
    ts(t, 'recorded_at').notNullable();
    t.unique(['assessment_id', 'indicator_id', 'trainee_id']);
  });

  await knex.schema.createTable('blobs', (t) => {
    t.string('sha256', 64).primary();
    t.integer('size').notNullable();
    t.binary('content').notNullable();
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('documents', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('item', 8).notNullable();
    t.string('sha256', 64).notNullable().references('sha256').inTable('blobs').onDelete('RESTRICT');
    t.string('filename', 255).notNullable();
    t.string('mime', 100).notNullable();
    t.integer('size').notNullable();
    t.integer('uploaded_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'uploaded_at').notNullable();
    t.string('status', 12).notNullable().defaultTo('uploaded');
    t.text('review_comment');
    t.integer('reviewed_by').references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'reviewed_at');
    t.index(['assessment_id', 'item']);
  });

  await knex.schema.createTable('survey_links', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.integer('invited').notNullable();
    t.integer('created_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'created_at').notNullable();
    ts(t, 'closed_at');
    t.index(['assessment_id']);
  });

  await knex.schema.createTable('survey_responses', (t) => {
    t.increments('id').primary();
    t.integer('survey_link_id').notNullable().references('id').inTable('survey_links').onDelete('CASCADE');
    t.text('answers').notNullable();
    ts(t, 'submitted_at').notNullable();
    t.index(['survey_link_id']);
  });

  await knex.schema.createTable('improvement_areas', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('title', 300).notNullable();
    t.text('description').notNullable();
    t.text('indicators').notNullable();
    t.text('documents').notNullable();
    t.boolean('change_described').notNullable().defaultTo(false);
    t.integer('created_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('decision_confirmations', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'confirmed_at').notNullable();
    t.primary(['assessment_id', 'user_id']);
  });

  await knex.schema.createTable('decisions', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().unique().references('id').inTable('assessments').onDelete('RESTRICT');
    t.text('evidence').notNullable();
    t.text('score').notNullable();
    t.string('framework_hash', 64).notNullable();
    t.string('engine_version', 32).notNullable();
    t.string('label', 10);
    t.integer('total_points').notNullable();
    t.integer('decided_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'decided_at').notNullable();
  });

  await knex.schema.createTable('labels', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().unique().references('id').inTable('assessments').onDelete('RESTRICT');
    t.integer('cluster_id').notNullable().references('id').inTable('clusters').onDelete('RESTRICT');
    t.string('label', 10).notNullable();
    t.string('issued_on', 10).notNullable();
    t.string('valid_until', 10).notNullable();
    t.string('certificate_code', 32).notNullable().unique();
    ts(t, 'created_at').notNullable();
    t.index(['cluster_id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    ts(t, 'at').notNullable();
    t.integer('actor_id');
    t.string('action', 60).notNullable();
    t.string('entity', 40).notNullable();
    t.string('entity_id', 64);
    t.text('before');
    t.text('after');
    // unique: two appends on the same tail collide and one retries, so the chain never forks
    t.string('prev_hash', 64).notNullable().unique({ indexName: 'audit_log_prev_hash_unique' });
    t.string('hash', 64).notNullable().unique();
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('sid', 255).primary();
    t.text('sess').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['expires_at']);
  });

  await knex.schema.createTable('login_attempts', (t) => {
    t.string('key', 300).primary();
    t.integer('failures').notNullable();
    t.bigInteger('window_start').notNullable();
    t.bigInteger('locked_until').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('benchmark_records', (t) => {
    t.increments('id').primary();
    t.string('ref', 64).notNullable().unique();
    t.string('source', 20).notNullable();
    t.string('country', 2).notNullable();
    t.string('sector', 120).notNullable();
    t.integer('founded_year').notNullable();
    t.string('assessed_on', 10).notNullable();
    t.string('framework_key', 64).notNullable();
    t.string('label', 10);
    t.string('label_valid_until', 10);
    t.integer('total_points').notNullable();
    t.text('indicator_points').notNullable();
    t.text('indicator_values').notNullable();
    t.text('area_percents').notNullable();
    t.integer('assessment_id').references('id').inTable('assessments').onDelete('SET NULL');
    ts(t, 'created_at').notNullable();
    t.index(['country']);
    t.index(['sector']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'benchmark_records',
    'login_attempts',
    'sessions',
    'audit_log',
    'labels',
    'decisions',
    'decision_confirmations',
    'improvement_areas',
    'survey_responses',
    'survey_links',
    'documents',
    'blobs',
    'shadow_values',
    'indicator_values',
    'assessment_trainees',
    'assessments',
    'frameworks',
    'users',
    'clusters',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
