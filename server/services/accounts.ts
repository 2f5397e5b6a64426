/**
 * Accounts by invitation (issue 19, item 5): no one types another person's password. The admin invites
 * (name, e-mail, role …); the person gets a single-use, expiring link by mail and chooses their own
 * password. A forgotten password is reset the same way. Only the token's SHA-256 is stored.
 *
 * The link travels in the mail's values through the outbox until it is sent (services/mail.ts).
 */
import crypto from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Db, Tx } from '../db/types';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { lockedFor, recordFailure } from '../auth/loginLimiter';
import { badRequest, AppError, tooManyRequests } from '../errors';
import { inTransaction } from '../db/transaction';
import { setPasswordHash, userByEmail } from '../repositories/users';
import { deleteSessionsOfUser } from '../repositories/sessions';
import { closeTokensOf, insertToken, useToken, validToken, type TokenPurpose } from '../repositories/userTokens';
import { createUser, NewUser, type PublicUser } from './users';
import { enqueueMail } from './mail';
import { appendAudit } from './audit';

export { pendingInvitations } from '../repositories/userTokens';

export const INVITE_DAYS = 7;
const INVITE_MS = INVITE_DAYS * 24 * 3_600_000;
const RESET_MS = 3_600_000;

/** What the admin gives for an invitation: a new user's fields without a password. */
export const NewInvitation = Type.Omit(NewUser, ['password'], { additionalProperties: false });
export type NewInvitation = Static<typeof NewInvitation>;

export const PasswordInput = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100 }), password: Type.String({ minLength: 10, maxLength: 200 }) },
  { additionalProperties: false },
);
export type PasswordInput = Static<typeof PasswordInput>;

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

function expiresText(at: Date, lang: string): string {
  return (
    new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) +
    ' UTC'
  );
}

/** A new single-use link for `user`, and its mail, in the caller's transaction. */
async function issueLink(
  trx: Tx,
  user: { id: number; email: string; name: string; locale: string },
  purpose: TokenPurpose,
  baseUrl: string,
  values: Record<string, string>,
  now: Date,
): Promise<void> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + (purpose === 'invite' ? INVITE_MS : RESET_MS));
  await insertToken(trx, {
    userId: user.id,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: expires.toISOString(),
    createdAt: now.toISOString(),
  });
  const lang = user.locale === 'nb' ? 'nb' : 'en';
  await enqueueMail(
    trx,
    {
      to: user.email,
      template: purpose,
      lang,
      values: {
        ...values,
        name: user.name,
        email: user.email,
        expires: expiresText(expires, lang),
        url: `${baseUrl}/account/set-password?token=${token}${lang === 'nb' ? '&lang=nb' : ''}`,
      },
    },
    now,
  );
}

/**
 * The admin invites a person: the account is made (the same rules as createUser) with a password
 * nobody knows, and the invitation mail with its link is queued in the same transaction.
 */
export async function inviteUser(trx: Tx, input: NewInvitation, actor: Actor, baseUrl: string, now = new Date()): Promise<PublicUser> {
  const user = await createUser(trx, { ...input, password: crypto.randomBytes(32).toString('base64url') }, actor, now);
  await issueLink(trx, { ...user, locale: input.locale ?? 'en' }, 'invite', baseUrl, { inviter: actor.name }, now);
  await appendAudit(
    trx,
    { actorId: actor.id, action: 'user.invite', entity: 'user', entityId: user.id, after: { email: user.email } },
    now,
  );
  return user;
}

// per address the login limiter's address limit (50 within its window: an office shares one address), per e-mail 5
const resetKey = (address: string) => `ip:reset:${address}`;
const resetEmailKey = (email: string) => `reset-email:${email.toLowerCase()}`;
const linkKey = (address: string) => `ip:setpw:${address}`;

/**
 * "Forgot your password?": a reset link to the account with this e-mail if there is an active one;
 * the same answer either way (the caller says "if there is an account …"). Limited per address and
 * per e-mail (the login limiter's counts and window), so nobody can flood a mailbox.
 */
export async function requestPasswordReset(db: Db, email: string, address: string, baseUrl: string, now = new Date()): Promise<void> {
  const keys = [resetKey(address), resetEmailKey(email)];
  if ((await lockedFor(db, keys, now.getTime())) > 0) throw tooManyRequests({ key: 'account.tooMany' });
  for (const key of keys) await recordFailure(db, key, now.getTime());
  await inTransaction(db, async (trx) => {
    const user = await userByEmail(trx, email);
    if (!user || !user.active) return;
    await issueLink(trx, user, 'reset', baseUrl, {}, now);
  });
}

/** Who a link is for, if it is still valid (the set-password page names the account). */
export async function linkHolder(db: Db, token: string, now = new Date()): Promise<{ email: string; name: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const t = await validToken(db, hashToken(token), now.toISOString());
  return t ? { email: t.email, name: t.name } : undefined;
}

/**
 * Sets the password through a link: once (the token is marked used in the same transaction, by a
 * conditional update, so two requests with one link cannot both succeed), before it expires. Every
 * other open link of the user ends and their sessions end. Invalid links count against the address.
 */
export async function setPasswordWithLink(db: Db, input: PasswordInput, address: string, now = new Date()): Promise<{ email: string }> {
  if ((await lockedFor(db, [linkKey(address)], now.getTime())) > 0) throw tooManyRequests({ key: 'account.tooMany' });
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(db, async (trx) => {
      const at = now.toISOString();
      const t = /^[A-Za-z0-9_-]{20,100}$/.test(input.token) ? await validToken(trx, hashToken(input.token), at) : undefined;
      if (!t || !(await useToken(trx, t.id, at))) throw new AppError(410, 'link_invalid', { key: 'account.linkInvalid' });
      await setPasswordHash(trx, t.userId, passwordHash);
      await closeTokensOf(trx, t.userId, at);
      await deleteSessionsOfUser(trx, t.userId);
      await appendAudit(trx, { actorId: t.userId, action: `user.password_${t.purpose}`, entity: 'user', entityId: t.userId }, now);
      return { email: t.email };
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'link_invalid') await recordFailure(db, linkKey(address), now.getTime());
    throw e;
  }
}

/** The form's two passwords, checked before anything else (the page's inline errors). */
export function checkNewPassword(password: string, repeat: string): void {
  if (password.length < 10) throw badRequest({ key: 'account.passwordTooShort' }, [{ path: '/password', message: 'too short' }]);
  if (password !== repeat) throw badRequest({ key: 'account.passwordsDiffer' }, [{ path: '/repeat', message: 'differs' }]);
}
