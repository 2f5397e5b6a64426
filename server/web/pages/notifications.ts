/**
 * /account/notifications: the signed-in user's switches, one per kind of notification that reaches
 * their role (issue 19, item 6). The same service as GET/PUT /api/account/notifications; a form
 * without script sends the switches that are on (a checkbox left off is not sent, so it is off).
 */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { requireActor } from '../../auth/actor';
import { inTransaction } from '../../db/transaction';
import { KINDS_OF_ROLE, notificationSettings, updateNotificationSettings } from '../../services/notifications';
import { checkFormCsrf } from '../csrf';
import { redirectAfterPost, render, setFlash } from '../render';
import { texts, type Lang } from '../i18n';

const form = [express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 }), checkFormCsrf];

export function notificationPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/account/notifications', async (req, res) => {
    const actor = requireActor(req);
    const t = texts(res.locals.lang as Lang);
    const { settings } = await notificationSettings(knex, actor);
    render(req, res, 'notifications.njk', {
      title: t.notifications.title,
      kinds: Object.entries(settings).map(([kind, on]) => ({ kind, on })),
    });
  });

  r.post('/account/notifications', ...form, async (req, res) => {
    const actor = requireActor(req);
    const sent = req.body as Record<string, unknown>;
    const body = Object.fromEntries(KINDS_OF_ROLE[actor.role].map((k) => [k, sent[k] === 'on']));
    if (Object.keys(body).length) await inTransaction(knex, (trx) => updateNotificationSettings(trx, actor, body));
    setFlash(req, 'ok', texts(res.locals.lang as Lang).notifications.saved);
    await redirectAfterPost(req, res, '/account/notifications');
  });
  return r;
}
