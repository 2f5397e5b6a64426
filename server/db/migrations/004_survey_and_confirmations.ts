/**
 * Two holes in the process around the engine (issue "Trust in the label"):
 *
 * 1. One survey per assessment. The invited count and the response count used to live on each link,
 *    and a new link reset them, so the answers of every link were counted against the newest link's
 *    count (34 responses against 2 invited, and the score answered 500). Now `surveys` holds the one
 *    invited count, never below the answers already in, and the running response count; a link is only
 *    a token into its assessment's survey. The links' own `invited` and `responses` columns stay but
 *    nothing reads them any more: changing survey_links on SQLite means rebuilding it, and with foreign
 *    keys on, dropping the old table would cascade into survey_responses (knex cannot switch them off
 *    inside the migration's transaction). No column is added to a referenced table here for that reason.
 * 2. A Gold confirmation binds to the evidence it confirmed: its hash and the assessment version. A
 *    later change withdraws it; `confirmation_withdrawals` keeps which change did, for both assessors
 *    to see. The decision records both confirmations and the hash of the evidence it decided on.
 */
import type { Knex } from 'knex';

const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('surveys', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().unique().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('invited').notNullable();
    t.integer('responses').notNullable().defaultTo(0);
    t.integer('created_by').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    ts(t, 'closed_at');
  });
  // one survey for each assessment that has links: the newest link's count, raised to the answers in
  const assessments = await knex('survey_links').distinct('assessment_id').pluck('assessment_id');
  for (const assessmentId of assessments) {
    const links = await knex('survey_links').where({ assessment_id: assessmentId }).orderBy('id', 'desc');
    const newest = links[0];
    const { n } = (await knex('survey_responses as r')
      .join('survey_links as l', 'l.id', 'r.survey_link_id')
      .where('l.assessment_id', assessmentId)
      .count({ n: '*' })
      .first()) as { n: number | string };
    const open = links.some((l) => l.closed_at === null);
    await knex('surveys').insert({
      assessment_id: assessmentId,
      invited: Math.max(Number(newest.invited), Number(n)),
      responses: Number(n),
      created_by: newest.created_by,
      created_at: links[links.length - 1].created_at,
      updated_at: newest.created_at,
      closed_at: open ? null : newest.closed_at,
    });
  }

  await knex.schema.alterTable('decision_confirmations', (t) => {
    t.string('evidence_hash', 64);
    t.integer('version');
  });
  await knex.schema.createTable('confirmation_withdrawals', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    ts(t, 'confirmed_at').notNullable();
    t.string('evidence_hash', 64);
    ts(t, 'withdrawn_at').notNullable();
    t.string('cause', 60).notNullable();
    t.integer('cause_actor_id');
    t.string('cause_subject', 100);
    t.index(['assessment_id']);
  });
  await knex.schema.alterTable('decisions', (t) => {
    t.text('confirmations');
    t.string('evidence_hash', 64);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('decisions', (t) => {
    t.dropColumn('confirmations');
    t.dropColumn('evidence_hash');
  });
  await knex.schema.dropTable('confirmation_withdrawals');
  await knex.schema.alterTable('decision_confirmations', (t) => {
    t.dropColumn('evidence_hash');
    t.dropColumn('version');
  });
  await knex.schema.dropTable('surveys');
}
