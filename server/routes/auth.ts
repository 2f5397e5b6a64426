import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { AppError, tooManyRequests } from '../errors';
import { verifyPassword, dummyHash } from '../auth/passwords';
import { actorFromRow, requireActor } from '../auth/actor';
import { addressKey, clearFailures, emailKey, lockedFor, recordFailure } from '../auth/loginLimiter';

const LoginBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/login', async (req, res) => {
    const { email, password } = check(LoginBody, req.body);
    const keys = [emailKey(email), addressKey(req.ip ?? 'unknown')];
    const wait = await lockedFor(knex, keys);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw tooManyRequests('Too many failed sign-ins. Try again later.');
    }
    const row = await knex('users').whereRaw('lower(email) = ?', [email.toLowerCase()]).andWhere({ active: true }).first();
    const ok = row ? await verifyPassword(password, row.password_hash) : (await verifyPassword(password, await dummyHash()), false);
    if (!row || !ok) {
      for (const key of keys) await recordFailure(knex, key);
      throw new AppError(401, 'bad_credentials', 'E-mail or password is wrong.');
    }
    await clearFailures(knex, keys[0]);
    const actor = actorFromRow(row);
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = actor.id;
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    res.json({ user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role } });
  });

  r.post('/api/logout', async (req, res) => {
    requireActor(req);
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie('cm.sid');
    res.status(204).end();
  });

  r.get('/api/me', (req, res) => {
    const actor = requireActor(req);
    res.json({ user: actor });
  });
  return r;
}
