/**
 * A static migration source: the migrations are imported, not found on disk, so the same list runs
 * from the TypeScript sources (tests) and from the compiled build.
 */
import type { Knex } from 'knex';
import * as m001 from './001_initial';
import * as m002 from './002_benchmark';
import * as m003 from './003_survey_response_count';
import * as m004 from './004_survey_and_confirmations';
import * as m005 from './005_audit_hmac';
import * as m006 from './006_label_release';
import * as m007 from './007_session_user';
import * as m008 from './008_reconciliation_and_justification';
import * as m009 from './009_document_files';
import * as m010 from './010_assessment_cycles';
import * as m011 from './011_eligibility_checks';
import * as m012 from './012_narrative';
import * as m013 from './013_released_files';
import * as m014 from './014_mail_outbox';
import * as m015 from './015_survey_management';
import * as m016 from './016_survey_participants';
import * as m017 from './017_notifications';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: [string, Migration][] = [
  ['001_initial', m001],
  ['002_benchmark', m002],
  ['003_survey_response_count', m003],
  ['004_survey_and_confirmations', m004],
  ['005_audit_hmac', m005],
  ['006_label_release', m006],
  ['007_session_user', m007],
  ['008_reconciliation_and_justification', m008],
  ['009_document_files', m009],
  ['010_assessment_cycles', m010],
  ['011_eligibility_checks', m011],
  ['012_narrative', m012],
  ['013_released_files', m013],
  ['014_mail_outbox', m014],
  ['015_survey_management', m015],
  ['016_survey_participants', m016],
  ['017_notifications', m017],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
