/**
 * express-session store on our own `sessions` table (created by our migrations on both databases),
 * so that any number of app instances share sessions through the database.
 */
import session from 'express-session';
import type { Knex } from 'knex';

const DAY = 24 * 60 * 60 * 1000;
/**
 * A rolling session's expiry is moved forward only when it gained at least this much, so that reads
 * (every signed-in request touches the session) do not each commit a write: on SQLite every commit is
 * an fsync under synchronous=FULL and the single writer queues behind it. The stored expiry is then at
 * most this much earlier than the cookie's.
 */
export const TOUCH_SLACK_MS = 60 * 1000;

export class KnexSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(private readonly knex: Knex) {
    super();
  }

  private expiry(sess: session.SessionData): number {
    const exp = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    return Number.isFinite(exp) ? exp : Date.now() + DAY;
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.knex('sessions')
      .where({ sid })
      .first('sess', 'expires_at')
      .then((row: { sess: string; expires_at: string | number } | undefined) => {
        if (!row || Number(row.expires_at) <= Date.now()) return cb(null, null);
        cb(null, JSON.parse(row.sess));
      })
      .catch((err) => cb(err));
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const row = { sid, sess: JSON.stringify(sess), expires_at: this.expiry(sess) };
    this.knex('sessions')
      .insert(row)
      .onConflict('sid')
      .merge(['sess', 'expires_at'])
      .then(() => this.sweep())
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(sess);
    this.knex('sessions')
      .where({ sid })
      .andWhere('expires_at', '<', expiresAt - TOUCH_SLACK_MS)
      .update({ expires_at: expiresAt })
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.knex('sessions')
      .where({ sid })
      .del()
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  /** Deletes expired sessions at most once a minute, piggybacking on writes. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await this.knex('sessions').where('expires_at', '<=', now).del();
  }
}
