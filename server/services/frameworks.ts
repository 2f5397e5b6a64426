/**
 * Framework versions in the database. A version is stored once by its content hash and never
 * changes; publishing the same id and version with other content is a conflict.
 */
import type { Db, Tx } from '../db/types';
import type { Actor } from '../auth/actor';
import { loadFramework, type LoadedFramework } from '../../questionnaires';
import { conflict, notFound } from '../errors';
import {
  definitionByHash,
  frameworkByKeyVersion,
  frameworkRows,
  insertFramework,
  storedFrameworkById,
  type FrameworkRow,
} from '../repositories/frameworks';
import { appendAudit } from './audit';

export type { FrameworkRow } from '../repositories/frameworks';
type Knex = Db | Tx;

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
  const existing = await frameworkByKeyVersion(knex, def.id, def.version);
  if (existing) {
    if (existing.hash !== fw.hash) {
      throw conflict(
        { key: 'errors.frameworkVersionExists', values: { id: def.id, version: def.version } },
        { hash: existing.hash },
        'version_exists',
      );
    }
    return existing;
  }
  return insertFramework(
    knex,
    { key: def.id, version: def.version, hash: fw.hash, title: def.title.en, definition: JSON.stringify(def) },
    now.toISOString(),
  );
}

/** Publishes a framework version through the API (an admin's act, audited); the caller holds the transaction. */
export async function publishFramework(trx: Tx, fw: LoadedFramework, actor: Actor): Promise<FrameworkRow> {
  const created = await registerFramework(trx, fw);
  await appendAudit(trx, {
    actorId: actor.id,
    action: 'framework.publish',
    entity: 'framework',
    entityId: created.id,
    after: { key: created.key, version: created.version, hash: created.hash },
  });
  return created;
}

export async function listFrameworks(knex: Knex): Promise<FrameworkRow[]> {
  return frameworkRows(knex);
}

export async function frameworkById(knex: Knex, id: number): Promise<{ row: FrameworkRow; fw: LoadedFramework }> {
  const stored = await storedFrameworkById(knex, id);
  if (!stored) throw notFound({ key: 'errors.things.framework' });
  const { definition: _definition, ...row } = stored;
  return { row, fw: loadedFromRow(stored) };
}

/**
 * The framework an assessment pinned. Every evidence write and score read comes here: callers pass
 * the hash of an assessment row, whose foreign key guarantees the version is stored (versions are
 * never deleted), so a version parsed already is served from memory without a query.
 */
export async function frameworkByHash(knex: Knex, hash: string): Promise<LoadedFramework> {
  const cached = cache.get(hash);
  if (cached) return cached;
  const row = await definitionByHash(knex, hash);
  if (!row) throw notFound({ key: 'errors.things.framework' });
  return loadedFromRow(row);
}
