import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireRole } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { createUser, listUsers, NewUser, updateUser, UserPatch } from '../services/users';

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
    res.json(await listUsers(knex));
  });

  r.patch('/api/users/:id', async (req, res) => {
    const actor = requireRole(req, 'admin');
    const patch = check(UserPatch, req.body);
    res.json(await inTransaction(knex, (trx) => updateUser(trx, routeId(req), patch, actor)));
  });
  return r;
}
