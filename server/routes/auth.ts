import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { AppError, tooManyRequests } from '../errors';
import { requireActor } from '../auth/actor';
import { SESSION_COOKIE, signIn, signOut } from '../services/auth';

const LoginBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/login', async (req, res) => {
    const { email, password } = check(LoginBody, req.body);
    const outcome = await signIn(knex, req, { email, password, address: req.ip ?? 'unknown' });
    if (!outcome.ok && outcome.reason === 'locked') {
      res.setHeader('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
      throw tooManyRequests({ key: 'errors.tooManySignIns' });
    }
    if (!outcome.ok) throw new AppError(401, 'bad_credentials', { key: 'errors.badCredentials' });
    const { actor } = outcome;
    res.json({ user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role } });
  });

  r.post('/api/logout', async (req, res) => {
    requireActor(req);
    await signOut(req);
    res.clearCookie(SESSION_COOKIE);
    res.status(204).end();
  });

  r.get('/api/me', (req, res) => {
    const actor = requireActor(req);
    res.json({ user: actor });
  });
  return r;
}
