import fs from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateDownAll, migrateLatest, openDatabase, sqliteFileIn } from '../db/knex';
import { inTransaction } from '../db/transaction';
import { bootstrap } from '../bootstrap';
import { seedDemo } from '../demo';
import { start, stopOnSignals } from '../main';
import { createUser, NewUser } from '../services/users';
import { verifyAudit } from '../services/audit';
import { check } from '../http/validate';
import { AppError } from '../errors';
import { UsageError, type Io } from './usage';
import { frameworkCommand } from './framework';
import { scoreCommand, reportCommand } from './scoring';
import { backupCommand } from './backup';

type Values = Record<string, string | boolean | undefined>;
export interface Command {
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Values, positionals: string[], io: Io): Promise<number>;
}

function openFromEnv() {
  const config = loadConfig();
  return { config, db: openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.dataDir) }) };
}

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

const serve: Command = {
  options: {},
  async run() {
    const running = await start();
    stopOnSignals(running);
    return await new Promise<number>(() => undefined); // runs until a signal
  },
};

const migrate: Command = {
  options: { down: { type: 'boolean' } },
  async run(values, _p, io) {
    const { db } = openFromEnv();
    try {
      if (values.down) await migrateDownAll(db.knex);
      else await migrateLatest(db.knex);
      io.out.write(values.down ? 'all migrations rolled back\n' : `database migrated (${db.dialect})\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

const seed: Command = {
  options: { demo: { type: 'boolean' } },
  async run(values, _p, io) {
    if (!values.demo) throw new UsageError('only "seed --demo" exists');
    const { config, db } = openFromEnv();
    try {
      await bootstrap(db, { ...config, demo: false }, createLogger('warn'));
      const seeded = await seedDemo(db, createLogger('warn'));
      io.out.write(seeded ? 'demo data seeded\n' : 'the database has data already: nothing seeded\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};

const user: Command = {
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    certification: { type: 'string' },
    country: { type: 'string' },
    cluster: { type: 'string' },
  },
  async run(values, positionals, io) {
    if (positionals[0] !== 'add') throw new UsageError('only "user add" exists');
    const input: Record<string, unknown> = {
      email: values.email,
      name: values.name,
      password: values.password ?? process.env.CLUSTERMARK_PASSWORD,
      role: values.role,
    };
    if (values.certification) input.certification = values.certification;
    if (values.country) input.country = values.country;
    if (values.cluster) {
      if (!/^[1-9][0-9]*$/.test(String(values.cluster))) throw new UsageError('--cluster must be a cluster id');
      input.clusterId = Number(values.cluster);
    }
    let valid;
    try {
      valid = check(NewUser, input, 'The user');
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { db } = openFromEnv();
    try {
      await migrateLatest(db.knex);
      const created = await inTransaction(db.knex, (trx) => createUser(trx, valid, null));
      io.out.write(`user ${created.id} added: ${created.email} (${created.role})\n`);
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        io.err.write(`clustermark user add: ${e.message}\n`);
        return 2;
      }
      throw e;
    } finally {
      await db.close();
    }
  },
};

const audit: Command = {
  options: {},
  async run(_v, positionals, io) {
    if (positionals[0] !== 'verify') throw new UsageError('only "audit verify" exists');
    const { db } = openFromEnv();
    try {
      const verdict = await verifyAudit(db.knex);
      if (verdict.ok) {
        io.out.write(`audit log intact: ${verdict.entries} entries\n`);
        return 0;
      }
      io.err.write(`audit log BROKEN at entry ${verdict.firstBroken!.id}: ${verdict.firstBroken!.reason}\n`);
      return 1;
    } finally {
      await db.close();
    }
  },
};

export const commands: Record<string, Command> = {
  serve,
  migrate,
  seed,
  user,
  audit,
  framework: frameworkCommand,
  score: scoreCommand,
  report: reportCommand,
  backup: backupCommand,
};
