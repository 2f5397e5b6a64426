/**
 * How an audit entry's hash is made. Since migration 005 every entry is keyed: its hash is an
 * HMAC-SHA256, under the key named by its `key_id`, of its position in the chain (`seq`), the key's
 * name, the previous entry's hash and its content. Without the key nobody can make an entry whose hash
 * verifies, so an edited entry cannot be hidden by recomputing the hashes after it.
 *
 * Entries written before migration 005 have no key (`key_id` null) and a plain SHA-256 hash. They are
 * kept as they are rather than re-keyed (the migration has no key, and rewriting every hash would
 * rewrite history): they are accepted only at the start of the chain, before the first keyed entry,
 * whose HMAC covers the last of them. openAudit (audit.ts) appends such a keyed entry at once when the
 * chain ends with unkeyed ones, so they do not stay unprotected until the next change.
 */
import crypto from 'node:crypto';
import type { AuditRow } from '../repositories/audit';

export type { AuditRow } from '../repositories/audit';

export const GENESIS = '0'.repeat(64);

export type HashedContent = Omit<AuditRow, 'id' | 'hash' | 'seq' | 'actor_id'> & { seq: number; actor_id: number | null };

/** the keyed hash of an entry (key_id not null) */
export function entryMac(key: Buffer, r: HashedContent): string {
  const canonical = JSON.stringify([r.seq, r.key_id, r.prev_hash, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after]);
  return crypto.createHmac('sha256', key).update(canonical).digest('hex');
}

/** the plain hash of an entry written before migration 005 (key_id null); seq was not part of it */
export function legacyHash(r: HashedContent): string {
  const canonical = JSON.stringify([r.prev_hash, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/** constant-time comparison of two hex digests */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function hashedContent(r: AuditRow): HashedContent {
  const { id: _id, hash: _hash, ...rest } = r;
  return { ...rest, seq: Number(r.seq), actor_id: r.actor_id == null ? null : Number(r.actor_id) };
}
