import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { sqliteFileIn } from '../db/knex';
import { backupSqlite } from '../db/backup';
import { UsageError, type Io } from './usage';

/** SQLite's online backup API: a consistent copy while the server keeps running. */
export const backupCommand = {
  options: {},
  async run(_v: unknown, positionals: string[], io: Io): Promise<number> {
    const target = positionals[0];
    if (!target) throw new UsageError('name the backup file: clustermark backup <file>');
    const config = loadConfig();
    if (config.databaseUrl) {
      io.err.write('clustermark backup: on PostgreSQL use pg_dump (see README, "Backups")\n');
      return 2;
    }
    const source = sqliteFileIn(config.dataDir);
    if (!fs.existsSync(source)) throw new UsageError(`no database at ${source}`);
    if (fs.existsSync(target)) throw new UsageError(`${target} exists already; choose a new file`);
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    await backupSqlite(source, target);
    io.out.write(`backup written to ${target} (${fs.statSync(target).size} bytes, integrity ok)\n`);
    return 0;
  },
};
