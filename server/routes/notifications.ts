/** The signed-in user's notification switches (issue 19, item 6; services/notifications.ts). */
import { Router } from 'express';
import type { AppContext } from '../context';
import { check } from '../http/validate';
import { requireActor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import { NotificationSettingsBody, notificationSettings, updateNotificationSettings } from '../services/notifications';

export function notificationRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  // {settings: {kind: on}} for the kinds that reach the caller's role
  r.get('/api/account/notifications', async (req, res) => {
    res.json(await notificationSettings(knex, requireActor(req)));
  });

  // some kinds on or off: 400 for an unknown kind or one of another role, nothing stored then
  r.put('/api/account/notifications', async (req, res) => {
    const actor = requireActor(req);
    const body = check(NotificationSettingsBody, req.body);
    res.json(await inTransaction(knex, (trx) => updateNotificationSettings(trx, actor, body)));
  });
  return r;
}
