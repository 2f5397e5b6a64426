/**
 * express-session store on our own `sessions` table (created by our migrations on both databases),
 * so that any number of app instances share sessions through the database.
 */
import session from 'express-session';
import type { Db } from '../db/types';
import { deleteExpiredSessions, deleteSession, extendSession, readSession, writeSession } from '../repositories/sessions';

/**
 * How long a session lives without a request, unless SESSION_IDLE_MINUTES says otherwise (app.ts).
 * The cookie itself is a browser-session cookie (no expiry of its own): the server alone decides when
 * a session ends, so a signed-in answer carries no Set-Cookie (express-session's `rolling` would sign
 * and send the cookie again with every answer, autosaves included).
 */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/**
 * A rolling session's expiry is moved forward only when it gained at least this much, so that reads
 * (every signed-in request touches the session) do not each commit a write: on SQLite every commit is
 * an fsync under synchronous=FULL and the single writer queues behind it. The stored expiry is then at
 * most this much earlier than the cookie's.
 */
export const TOUCH_SLACK_MS = 60 * 1000;

/** sessions whose stored expiry this instance knows, at most (see `stored`) */
const KNOWN_EXPIRIES = 10_000;

/** How often, at most, expired rows are deleted (by whichever store call comes first after that). */
export const SWEEP_EVERY_MS = 60 * 1000;

export class KnexSessionStore extends session.Store {
  private lastSweep = 0;
  /**
   * The stored expiry of sessions this instance read or wrote lately, so that a touch within the
   * slack needs no query at all. It can only be older than the stored one (another instance moved it
   * on), which at worst costs one update that was not needed.
   */
  private readonly stored = new Map<string, number>();

  private remember(sid: string, expiresAt: number): void {
    this.stored.delete(sid);
    if (this.stored.size >= KNOWN_EXPIRIES) this.stored.delete(this.stored.keys().next().value as string);
    this.stored.set(sid, expiresAt);
  }

  constructor(
    private readonly knex: Db,
    private readonly idleMs = SESSION_IDLE_MS,
    private readonly sweepEveryMs = SWEEP_EVERY_MS,
  ) {
    super();
  }

  /** The cookie's own expiry if it has one, else the idle timeout from now. */
  private expiry(sess: session.SessionData): number {
    const exp = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    return Number.isFinite(exp) ? exp : Date.now() + this.idleMs;
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sweepSometimes();
    readSession(this.knex, sid)
      .then((row) => {
        if (!row || row.expiresAt <= Date.now()) {
          this.stored.delete(sid);
          return cb(null, null);
        }
        this.remember(sid, row.expiresAt);
        cb(null, JSON.parse(row.sess));
      })
      .catch((err) => cb(err));
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    // the user, in a column of its own: deactivating a user deletes their sessions (services/users.ts)
    const userId = Number.isSafeInteger(sess.userId) ? sess.userId! : null;
    const row = { sid, sess: JSON.stringify(sess), expiresAt: this.expiry(sess), userId };
    this.sweepSometimes();
    writeSession(this.knex, row)
      .then(() => this.remember(sid, row.expiresAt))
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(sess);
    const known = this.stored.get(sid);
    if (known !== undefined && known >= expiresAt - TOUCH_SLACK_MS) {
      cb?.();
      return;
    }
    extendSession(this.knex, sid, expiresAt, expiresAt - TOUCH_SLACK_MS)
      // no row changed: the stored expiry is already within the slack (another instance moved it)
      .then((changed: number) => this.remember(sid, changed > 0 ? expiresAt : expiresAt - TOUCH_SLACK_MS))
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.stored.delete(sid);
    deleteSession(this.knex, sid)
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  /**
   * Deletes expired sessions at most once every `sweepEveryMs`, started by any call of the store (a
   * signed-in request reads its session; writes alone can be rare once nobody signs in), in the
   * background: no request waits for it. A failed sweep (the database away) waits for the next turn.
   */
  private sweepSometimes(): void {
    const now = Date.now();
    if (now - this.lastSweep < this.sweepEveryMs) return;
    this.lastSweep = now;
    deleteExpiredSessions(this.knex, now).catch(() => undefined);
  }
}
