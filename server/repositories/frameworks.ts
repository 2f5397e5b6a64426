/** The frameworks table: stored framework versions (their definitions as JSON text, by content hash). */
import type { Db, Tx } from '../db/types';

export interface FrameworkRow {
  id: number;
  key: string;
  version: string;
  hash: string;
  title: string;
}

/** A stored version with its definition, still as JSON text (services/frameworks.ts parses it once per hash). */
export interface StoredFramework extends FrameworkRow {
  definition: string;
}

const toRow = (r: Record<string, any>): FrameworkRow => ({
  id: Number(r.id),
  key: r.key,
  version: r.version,
  hash: r.hash,
  title: r.title,
});

export async function frameworkByKeyVersion(db: Db | Tx, key: string, version: string): Promise<FrameworkRow | undefined> {
  const row = await db('frameworks').where({ key, version }).first('id', 'key', 'version', 'hash', 'title');
  return row ? toRow(row) : undefined;
}

export async function insertFramework(db: Db | Tx, f: Omit<StoredFramework, 'id'>, createdAt: string): Promise<FrameworkRow> {
  const row = { key: f.key, version: f.version, hash: f.hash, title: f.title, definition: f.definition, created_at: createdAt };
  const [inserted] = await db('frameworks').insert(row).returning(['id']);
  return { id: Number(inserted.id), key: row.key, version: row.version, hash: row.hash, title: row.title };
}

export async function frameworkRows(db: Db | Tx): Promise<FrameworkRow[]> {
  return (await db('frameworks').select('id', 'key', 'version', 'hash', 'title').orderBy(['key', 'id'])).map(toRow);
}

export async function storedFrameworkById(db: Db | Tx, id: number): Promise<StoredFramework | undefined> {
  const row = await db('frameworks').where({ id }).first();
  return row ? { ...toRow(row), definition: row.definition } : undefined;
}

export async function definitionByHash(db: Db | Tx, hash: string): Promise<{ hash: string; definition: string } | undefined> {
  return db('frameworks').where({ hash }).first('hash', 'definition');
}

/**
 * The id of the first stored version of a framework (the demo pins the default one, esca-default 1.0.0:
 * the server stores its bundled versions oldest first, and 1.1.0 beside it would hold the demo's
 * assessments at the eligibility checklist).
 */
export async function frameworkIdByKey(db: Db | Tx, key: string): Promise<number | undefined> {
  const row = await db('frameworks').where({ key }).orderBy('id').first('id');
  return row ? Number(row.id) : undefined;
}
