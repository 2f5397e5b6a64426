/**
 * Signing in and out: one rule for POST /api/login and the sign-in form (routes/auth.ts,
 * web/pages/auth.ts). The login limit (auth/loginLimiter.ts) counts every failed attempt per e-mail
 * and per client address; a wrong e-mail costs the same password hashing as a wrong password; a
 * successful sign-in gets a new session (no fixation) holding the user.
 */
import type { Session, SessionData } from 'express-session';
import type { Db } from '../db/types';
import type { Actor } from '../auth/actor';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { addressKey, clearFailures, emailKey, lockedFor, recordFailure } from '../auth/loginLimiter';
import { activeUserByEmail } from '../repositories/users';

/** What signing in needs of the request: its session, which it replaces. */
export interface SessionHolder {
  session: Session & Partial<SessionData>;
}

export interface Credentials {
  email: string;
  password: string;
  /** the client's address, for the per-address limit */
  address: string;
}

export type SignInOutcome =
  | { ok: true; actor: Actor }
  /** too many failed attempts: try again after `retryAfterMs` */
  | { ok: false; reason: 'locked'; retryAfterMs: number }
  | { ok: false; reason: 'bad_credentials' };

const promised = (run: (done: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => run((err) => (err ? reject(err) : resolve())));

export async function signIn(db: Db, holder: SessionHolder, c: Credentials): Promise<SignInOutcome> {
  const keys = [emailKey(c.email), addressKey(c.address)];
  const wait = await lockedFor(db, keys);
  if (wait > 0) return { ok: false, reason: 'locked', retryAfterMs: wait };
  const user = c.email ? await activeUserByEmail(db, c.email) : undefined;
  const ok = user ? await verifyPassword(c.password, user.passwordHash) : (await verifyPassword(c.password, await dummyHash()), false);
  if (!user || !ok) {
    for (const key of keys) await recordFailure(db, key);
    return { ok: false, reason: 'bad_credentials' };
  }
  await clearFailures(db, keys[0]);
  await promised((done) => holder.session.regenerate(done));
  // regenerate replaced the request's session object
  holder.session.userId = user.actor.id;
  await promised((done) => holder.session.save(done));
  return { ok: true, actor: user.actor };
}

/** Ends the session (its row is deleted); the front end clears the cookie. */
export async function signOut(holder: SessionHolder): Promise<void> {
  await promised((done) => holder.session.destroy(done));
}

/** The session cookie's name (app.ts), for the front ends to clear on sign-out. */
export const SESSION_COOKIE = 'cm.sid';
