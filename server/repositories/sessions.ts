/**
 * The sessions table (the express-session store, auth/sessionStore.ts, and the end of a user's
 * sessions when their standing changes). Expiry times are epoch milliseconds.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

export interface StoredSession {
  /** the session as JSON text */
  sess: string;
  expiresAt: number;
}

/** Plain SQL (sql.ts): every signed-in request reads its session. */
export async function readSession(db: Db, sid: string): Promise<StoredSession | undefined> {
  const row = await sqlOf(db).get<{ sess: string; expires_at: string | number }>('select sess, expires_at from sessions where sid = ?', [
    sid,
  ]);
  return row ? { sess: row.sess, expiresAt: Number(row.expires_at) } : undefined;
}

export async function writeSession(db: Db, s: { sid: string; sess: string; expiresAt: number; userId: number | null }): Promise<void> {
  await db('sessions')
    .insert({ sid: s.sid, sess: s.sess, expires_at: s.expiresAt, user_id: s.userId })
    .onConflict('sid')
    .merge(['sess', 'expires_at', 'user_id']);
}

/** Moves the expiry on when the stored one is earlier than `before`; the number of rows changed. */
export async function extendSession(db: Db, sid: string, expiresAt: number, before: number): Promise<number> {
  return db('sessions').where({ sid }).andWhere('expires_at', '<', before).update({ expires_at: expiresAt });
}

export async function deleteSession(db: Db, sid: string): Promise<void> {
  await db('sessions').where({ sid }).del();
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db('sessions').where('expires_at', '<=', now).del();
}

/** Ends every session of a user. */
export async function deleteSessionsOfUser(trx: Db | Tx, userId: number): Promise<void> {
  await trx('sessions').where({ user_id: userId }).del();
}
