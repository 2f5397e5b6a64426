/**
 * An app on a fresh database for API tests, with helpers to create users and sign in as them.
 */
import request from 'supertest';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { bootstrap } from '../../server/bootstrap';
import { inTransaction } from '../../server/db/transaction';
import { createUser, type NewUser } from '../../server/services/users';
import { freshDatabase, type TestDatabase } from './db';

export const PASSWORD = 'correct horse battery';

type UserInput = Omit<Partial<NewUser>, 'email' | 'role'> & { email: string; role: NewUser['role'] };

export interface TestApp {
  app: Express;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
  user(input: UserInput): Promise<{ id: number; email: string }>;
  agent(email: string, password?: string): Promise<request.Agent>;
}

export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const config = { ...loadConfig({ DATA_DIR: db.location.dataDir, LOG_LEVEL: 'silent', ...env }), databaseUrl: db.location.databaseUrl };
  const logger = pino({ level: 'silent' });
  await bootstrap(db, config, logger);
  const app = createApp({ db, config, logger, sessionSecret: 'test-secret-that-is-long-enough-0123456789' });
  return {
    app,
    db,
    config,
    close: () => db.drop(),
    async user(input) {
      return inTransaction(db.knex, (trx) =>
        createUser(trx, { name: input.email.split('@')[0], password: PASSWORD, ...input } as NewUser, null),
      );
    },
    async agent(email, password = PASSWORD) {
      const agent = request.agent(app);
      const res = await agent.post('/api/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return agent;
    },
  };
}
