import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateDownAll, migrateLatest, openDatabase, sqliteFileIn } from '../db/knex';
import { inTransaction } from '../db/transaction';
import { bootstrap } from '../bootstrap';
import { seedDemo } from '../demo';
import { start, stopOnSignals } from '../main';
import { createUser, NewUser } from '../services/users';
import { openAudit, verifyAudit } from '../services/audit';
import { AUDIT_HEAD_FILE } from '../services/auditHead';
import { AUDIT_KEYS_FILE, resolveAuditKeyring, rotateAuditKey } from '../secrets';
import { check } from '../http/validate';
import { AppError } from '../errors';
import { UsageError, type Io } from './usage';
import { frameworkCommand } from './framework';
import { scoreCommand, reportCommand } from './scoring';
import { backupCommand } from './backup';
import { surveyRemindersCommand } from './surveyReminders';

type Values = Record<string, string | boolean | undefined>;
export interface Command {
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Values, positionals: string[], io: Io): Promise<number>;
}

function openFromEnv() {
  const config = loadConfig();
  return { config, db: openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.dataDir) }) };
}

export { readJsonFile } from './usage';

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
      valid = check(NewUser, input, 'user');
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { config, db } = openFromEnv();
    try {
      await migrateLatest(db.knex);
      await openAudit(db, config, createLogger('warn'));
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

/** the chain head file `audit verify` checks: --head FILE, none with --no-head, else DATA_DIR's */
function headFileOption(values: Values, dataDir: string): string | null {
  if (values['no-head']) {
    if (values.head !== undefined) throw new UsageError('--head and --no-head exclude each other');
    return null;
  }
  if (values.head === undefined) return path.join(dataDir, AUDIT_HEAD_FILE);
  const file = path.resolve(String(values.head));
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`--head: ${file} is not a file`);
  return file;
}

const audit: Command = {
  options: { head: { type: 'string' }, 'no-head': { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length === 1 && positionals[0] === 'rotate-key') {
      if (values.head !== undefined || values['no-head']) throw new UsageError('rotate-key takes no options');
      const id = rotateAuditKey(loadConfig());
      io.out.write(`new audit key "${id}" added to DATA_DIR/${AUDIT_KEYS_FILE}; the server signs with it from its next start\n`);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== 'verify')
      throw new UsageError('only "audit verify [--head FILE | --no-head]" and "audit rotate-key" exist');
    const config = loadConfig();
    const headFile = headFileOption(values, config.dataDir);
    const keyring = resolveAuditKeyring(config, { create: false });
    const { db } = openFromEnv();
    try {
      const verdict = await verifyAudit(db.knex, { keyring, headFile, requireHead: headFile !== null });
      if (verdict.ok) {
        const head =
          headFile === null
            ? 'chain head not checked (--no-head): entries cut from the end would not show'
            : verdict.head === null
              ? 'no chain head yet'
              : `chain head at entry #${verdict.head}`;
        io.out.write(
          `audit log intact: ${verdict.entries} entries, ${head}; ${verdict.decisions} decisions and ${verdict.labels} labels match their entries\n`,
        );
        return 0;
      }
      const { id, reason } = verdict.firstBroken!;
      io.err.write(id === null ? `audit log BROKEN: ${reason}\n` : `audit log BROKEN at entry ${id}: ${reason}\n`);
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
  'survey-reminders': surveyRemindersCommand,
};
