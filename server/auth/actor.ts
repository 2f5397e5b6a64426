/**
 * Who is calling: the signed-in user loaded fresh from the database on every request (a deactivated
 * or changed user takes effect at once), or null.
 */
import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { unauthorized, forbidden } from '../errors';
import { activeActorById } from '../repositories/users';
import type { Actor, Role } from './types';

export { actorFromRow } from '../repositories/users';

export type { Actor, Certification, Role } from './types';
export { ROLES } from './types';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    csrf?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor: Actor | null;
    }
  }
}

export function loadActor(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    req.actor = null;
    const userId = req.session?.userId;
    if (userId) {
      const actor = await activeActorById(ctx.db.knex, userId);
      if (actor) req.actor = actor;
    }
    next();
  };
}

export function requireActor(req: { actor: Actor | null }): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

export function requireRole(req: { actor: Actor | null }, ...roles: Role[]): Actor {
  const actor = requireActor(req);
  if (!roles.includes(actor.role))
    throw forbidden({
      key: 'errors.needsRole',
      values: { roles: { list: roles.map((r) => ({ key: `errors.roleIds.${r}` })), separator: ', ' } },
    });
  return actor;
}

/**
 * Middleware for a route that reads a large body: the caller must be signed in with one of the roles
 * before any body parser runs, so that nobody else can make the server read (or buffer) the body.
 * The unread body is left to Node, which discards it or closes the connection.
 */
export function roleFirst(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    requireRole(req, ...roles);
    next();
  };
}
