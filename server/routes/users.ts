import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireRole } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { createUser, NewUser, publicUser } from '../services/users';
import { appendAudit } from '../services/audit';
import { badRequest, notFound } from '../errors';

const UserPatch = Type.Object(
  {
    certification: Type.Optional(Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold')])),
    active: Type.Optional(Type.Boolean()),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export function userRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.post('/api/users', async (req, res) => {
    const actor = requireRole(req, 'admin');
    const input = check(NewUser, req.body);
    const user = await inTransaction(knex, (trx) => createUser(trx, input, actor));
    res.status(201).json(user);
  });

  r.get('/api/users', async (req, res) => {
    requireRole(req, 'admin', 'benchmarker');
    const rows = await knex('users').orderBy('id');
    res.json(rows.map(publicUser));
  });

  r.patch('/api/users/:id', async (req, res) => {
    const actor = requireRole(req, 'admin');
    const id = routeId(req);
    const patch = check(UserPatch, req.body);
    const updated = await inTransaction(knex, async (trx) => {
      const before = await trx('users').where({ id: id ?? -1 }).first();
      if (!before) throw notFound('User');
      if (patch.certification && before.role !== 'benchmarker') {
        throw badRequest('Only benchmarkers hold a certification.', [{ path: '/certification', message: 'is only for benchmarkers' }]);
      }
      await trx('users').where({ id: before.id }).update(patch);
      const after = await trx('users').where({ id: before.id }).first();
      await appendAudit(trx, { actorId: actor.id, action: 'user.update', entity: 'user', entityId: before.id, before: publicUser(before), after: publicUser(after) });
      return publicUser(after);
    });
    res.json(updated);
  });
  return r;
}
