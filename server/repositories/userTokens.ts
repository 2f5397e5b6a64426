/**
 * Single-use links to set a password (migration 014: user_tokens): only the token's SHA-256 is stored.
 */
import type { Db, Tx } from '../db/types';

export type TokenPurpose = 'invite' | 'reset';

export async function insertToken(
  trx: Tx,
  t: { userId: number; purpose: TokenPurpose; tokenHash: string; expiresAt: string; createdAt: string },
): Promise<void> {
  await trx('user_tokens').insert({
    user_id: t.userId,
    purpose: t.purpose,
    token_hash: t.tokenHash,
    expires_at: t.expiresAt,
    created_at: t.createdAt,
  });
}

/** The unused, unexpired token with this hash and its user (active users only). */
export async function validToken(
  db: Db | Tx,
  tokenHash: string,
  now: string,
): Promise<{ id: number; userId: number; purpose: TokenPurpose; email: string; name: string } | undefined> {
  const row = await db('user_tokens as t')
    .join('users as u', 'u.id', 't.user_id')
    .where({ 't.token_hash': tokenHash, 'u.active': true })
    .whereNull('t.used_at')
    .andWhere('t.expires_at', '>', now)
    .first('t.id', 't.user_id', 't.purpose', 'u.email', 'u.name');
  return row
    ? {
        id: Number(row.id),
        userId: Number(row.user_id),
        purpose: row.purpose as TokenPurpose,
        email: String(row.email),
        name: String(row.name),
      }
    : undefined;
}

/** Marks the token used if it still is unused and unexpired; false when another request used it first. */
export async function useToken(trx: Tx, id: number, now: string): Promise<boolean> {
  const n = await trx('user_tokens').where({ id }).whereNull('used_at').andWhere('expires_at', '>', now).update({ used_at: now });
  return Number(n) === 1;
}

/** Every other open link of the user ends (a password set through one link closes the rest). */
export async function closeTokensOf(trx: Tx, userId: number, now: string): Promise<void> {
  await trx('user_tokens').where({ user_id: userId }).whereNull('used_at').update({ used_at: now });
}

/** Users with an invitation not yet accepted (the admin's list shows them as invited). */
export async function pendingInvitations(db: Db): Promise<Set<number>> {
  const ids = await db('user_tokens').where({ purpose: 'invite' }).whereNull('used_at').distinct('user_id').pluck('user_id');
  return new Set(ids.map(Number));
}
