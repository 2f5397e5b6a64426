/**
 * Framework versions in the database. A version is stored once by its content hash and never
 * changes; publishing the same id and version with other content is a conflict.
 */
import type { Knex } from 'knex';
import { loadFramework, type LoadedFramework } from '../../questionnaires';
import { conflict, notFound } from '../errors';

export interface FrameworkRow {
  id: number;
  key: string;
  version: string;
  hash: string;
  title: string;
}

const cache = new Map<string, LoadedFramework>();

/** Parses and validates a stored definition once per hash (content-addressed, so never stale). */
export function loadedFromRow(row: { hash: string; definition: string }): LoadedFramework {
  let fw = cache.get(row.hash);
  if (!fw) {
    fw = loadFramework(JSON.parse(row.definition));
    cache.set(row.hash, fw);
  }
  return fw;
}

export async function registerFramework(knex: Knex, fw: LoadedFramework, now = new Date()): Promise<FrameworkRow> {
  const def = fw.definition;
  const existing = await knex('frameworks').where({ key: def.id, version: def.version }).first('id', 'key', 'version', 'hash', 'title');
  if (existing) {
    if (existing.hash !== fw.hash) {
      throw conflict(`Framework ${def.id} ${def.version} is published already with other content; publish a new version instead.`, { hash: existing.hash }, 'version_exists');
    }
    return { ...existing, id: Number(existing.id) };
  }
  const row = { key: def.id, version: def.version, hash: fw.hash, title: def.title.en, definition: JSON.stringify(def), created_at: now.toISOString() };
  const [inserted] = await knex('frameworks').insert(row).returning(['id']);
  return { id: Number(inserted.id), key: row.key, version: row.version, hash: row.hash, title: row.title };
}

export async function listFrameworks(knex: Knex): Promise<FrameworkRow[]> {
  const rows = await knex('frameworks').select('id', 'key', 'version', 'hash', 'title').orderBy(['key', 'id']);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function frameworkById(knex: Knex, id: number): Promise<{ row: FrameworkRow; fw: LoadedFramework }> {
  const row = await knex('frameworks').where({ id }).first();
  if (!row) throw notFound('Framework');
  return { row: { id: Number(row.id), key: row.key, version: row.version, hash: row.hash, title: row.title }, fw: loadedFromRow(row) };
}

/**
 * The framework an assessment pinned. Every evidence write and score read comes here: callers pass
 * the hash of an assessment row, whose foreign key guarantees the version is stored (versions are
 * never deleted), so a version parsed already is served from memory without a query.
 */
export async function frameworkByHash(knex: Knex, hash: string): Promise<LoadedFramework> {
  const cached = cache.get(hash);
  if (cached) return cached;
  const row = await knex('frameworks').where({ hash }).first('hash', 'definition');
  if (!row) throw notFound('Framework');
  return loadedFromRow(row);
}
