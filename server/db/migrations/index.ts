/**
 * A static migration source: the migrations are imported, not found on disk, so the same list runs
 * from the TypeScript sources (tests) and from the compiled build.
 */
import type { Knex } from 'knex';
import * as m001 from './001_initial';
import * as m002 from './002_benchmark';
import * as m003 from './003_survey_response_count';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: [string, Migration][] = [
  ['001_initial', m001],
  ['002_benchmark', m002],
  ['003_survey_response_count', m003],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
