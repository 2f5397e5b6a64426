import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { routeId } from '../http/params';
import { requireRole } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { Type } from '@sinclair/typebox';
import { createUser, listUsers, NewUser, updateUser, UserPatch } from '../services/users';
import { inviteUser, NewInvitation, PasswordInput, requestPasswordReset, setPasswordWithLink } from '../services/accounts';

const ResetRequest = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }, { additionalProperties: false });

export function userRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  // an invitation: the person chooses their own password through the link in the mail (issue 19)
  r.post('/api/users/invitations', async (req, res) => {
    const actor = requireRole(req, 'admin');
    const input = check(NewInvitation, req.body);
    const user = await inTransaction(knex, (trx) => inviteUser(trx, input, actor, ctx.config.baseUrl));
    res.status(201).json(user);
  });

  // a reset link by mail if the account exists; the same 202 either way
  r.post('/api/password-reset', async (req, res) => {
    const { email } = check(ResetRequest, req.body);
    await requestPasswordReset(knex, email.trim(), req.ip ?? 'unknown', ctx.config.baseUrl);
    res.status(202).json({});
  });

  // the password through an invitation or reset link: once, before it expires (410 after)
  r.post('/api/password', async (req, res) => {
    const input = check(PasswordInput, req.body);
    await setPasswordWithLink(knex, input, req.ip ?? 'unknown');
    res.status(204).end();
  });

  // with a password chosen by the caller: for scripts and tests (the admin's form invites instead)
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
