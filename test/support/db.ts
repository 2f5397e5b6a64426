/**
 * A throwaway database for one test file, on the engine the run is for: SQLite (a temp file) by
 * default, PostgreSQL when TEST_DATABASE_URL names a server (a fresh database per call, dropped after).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { openDatabase, migrateLatest, type Database } from '../../server/db/knex';
import { resolveAuditKeyring } from '../../server/secrets';
import { attachAudit } from '../../server/services/audit';
import { AUDIT_HEAD_FILE } from '../../server/services/auditHead';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL || null;
export const testDialect = TEST_PG_URL ? 'postgres' : 'sqlite';

export interface TestDatabase extends Database {
  /** the URL (postgres) or file (sqlite) of this database, for a second connection or a child process */
  location: { databaseUrl: string | null; sqliteFile: string | null; dataDir: string };
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-test-'));
  let db: Database;
  let location: TestDatabase['location'];
  let dropDb: () => Promise<void>;
  if (TEST_PG_URL) {
    const name = `cm_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: TEST_PG_URL, pool: { min: 0, max: 1 } });
    await admin.raw(`create database ${name}`);
    await admin.destroy();
    const url = withDatabase(TEST_PG_URL, name);
    db = openDatabase({ databaseUrl: url });
    location = { databaseUrl: url, sqliteFile: null, dataDir };
    dropDb = async () => {
      const a = knexFactory({ client: 'pg', connection: TEST_PG_URL, pool: { min: 0, max: 1 } });
      await a.raw(`drop database if exists ${name} with (force)`);
      await a.destroy();
    };
  } else {
    const file = path.join(dataDir, 'clustermark.sqlite');
    db = openDatabase({ databaseUrl: null, sqliteFile: file });
    location = { databaseUrl: null, sqliteFile: file, dataDir };
    dropDb = async () => undefined;
  }
  if (opts.migrate !== false) await migrateLatest(db.knex);
  // services append to the audit log: a key generated into this data folder, as the server does (bootstrap replaces it with its own)
  await attachAudit(db.knex, {
    keyring: resolveAuditKeyring({ dataDir, auditKey: null, auditKeyId: null, auditKeysOld: [] })!,
    headFile: path.join(dataDir, AUDIT_HEAD_FILE),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  return {
    ...db,
    close,
    location,
    async drop() {
      await close();
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
