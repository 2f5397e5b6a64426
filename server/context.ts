import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/knex';

/** What every part of the server is built from; no module-level state anywhere. */
export interface AppContext {
  db: Database;
  config: Config;
  logger: Logger;
  /** the secret that signs session cookies (resolved by main: SESSION_SECRET or generated) */
  sessionSecret: string;
}
