/**
 * SQLite's online backup API: a consistent copy of the database file while the server keeps running,
 * checked with SQLite's integrity check (`clustermark backup`, cli/backup.ts).
 */
import Database from 'better-sqlite3';

export async function backupSqlite(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const check = new Database(target, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the backup failed its integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
}
