/**
 * Accounts by invitation (issue 19, item 5): the public set-password page of an invitation or reset
 * link, "forgot your password?", and the admin's outbox list (item 1). The same services as the API
 * (services/accounts.ts, services/mail.ts). The public forms carry a token without a session, as the
 * sign-in form does (csrf.ts loginCsrf, under /account).
 */
import fs from 'node:fs';
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { requireRole } from '../../auth/actor';
import { AppError, formatMessage, notFound } from '../../errors';
import { checkNewPassword, linkHolder, requestPasswordReset, setPasswordWithLink } from '../../services/accounts';
import { emlPath, listOutbox, renderMail } from '../../services/mail';
import { loginCsrf } from '../csrf';
import { pickLang, render } from '../render';
import { texts } from '../i18n';

const parse = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
const str = (x: unknown, max: number) => (typeof x === 'string' ? x.slice(0, max) : '');

export function accountPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const csrf = loginCsrf(ctx.sessionSecret, { secure: ctx.config.secureCookies, baseUrl: ctx.config.baseUrl, path: '/account' });
  const page = (req: Request, res: Response, data: Record<string, unknown>, status = 200) =>
    render(req, res, 'account.njk', { ...data, csrf: csrf.token(req, res) }, { status, sessionless: true });
  const errorText = (req: Request, res: Response, e: unknown) => {
    if (e instanceof AppError && e.text) return formatMessage(pickLang(req, res), e.text);
    throw e;
  };

  r.get('/account/set-password', async (req, res) => {
    const t = texts(pickLang(req, res));
    const token = str(req.query.token, 200);
    const holder = await linkHolder(knex, token);
    if (!holder) return page(req, res, { title: t.account.setTitle, mode: 'invalid', error: t.account.linkInvalid }, 410);
    page(req, res, { title: t.account.setTitle, mode: 'set', token, holder });
  });

  r.post('/account/set-password', parse, csrf.check, async (req, res) => {
    const t = texts(pickLang(req, res));
    const token = str(req.body.token, 200);
    const password = str(req.body.password, 200);
    const repeat = str(req.body.repeat, 200);
    const holder = await linkHolder(knex, token);
    if (!holder) return page(req, res, { title: t.account.setTitle, mode: 'invalid', error: t.account.linkInvalid }, 410);
    try {
      checkNewPassword(password, repeat);
      await setPasswordWithLink(knex, { token, password }, req.ip ?? 'unknown');
    } catch (e) {
      const status = e instanceof AppError ? e.status : 500;
      const mode = status === 410 ? 'invalid' : 'set';
      return page(req, res, { title: t.account.setTitle, mode, token, holder, error: errorText(req, res, e) }, status);
    }
    csrf.clear(res);
    page(req, res, { title: t.account.setTitle, done: t.account.passwordSet });
  });

  r.get('/account/forgot', (req, res) => {
    const t = texts(pickLang(req, res));
    page(req, res, { title: t.account.forgotTitle, mode: 'forgot', email: '' });
  });

  r.post('/account/forgot', parse, csrf.check, async (req, res) => {
    const t = texts(pickLang(req, res));
    const email = str(req.body.email, 254).trim();
    try {
      if (/^[^@\s]+@[^@\s]+$/.test(email)) await requestPasswordReset(knex, email, req.ip ?? 'unknown', ctx.config.baseUrl);
    } catch (e) {
      const status = e instanceof AppError ? e.status : 500;
      return page(req, res, { title: t.account.forgotTitle, mode: 'forgot', email, error: errorText(req, res, e) }, status);
    }
    // the same answer whether the account exists or not
    page(req, res, { title: t.account.forgotTitle, mode: 'forgot', email: '', sent: true });
  });

  // the admin's view of the outbox: every mail, its state and, without SMTP, its .eml file
  r.get('/admin/outbox', async (req, res) => {
    requireRole(req, 'admin');
    const rows = (await listOutbox(knex)).map((m) => ({
      ...m,
      subject: renderMail(m).subject,
      file: !ctx.config.smtpUrl && m.status === 'sent' && fs.existsSync(emlPath(ctx.config.dataDir, m.id)) ? `${m.id}` : null,
    }));
    render(req, res, 'outbox.njk', { rows, dir: `${ctx.config.dataDir}/outbox`, smtp: Boolean(ctx.config.smtpUrl) });
  });

  r.get('/admin/outbox/:id.eml', async (req, res) => {
    requireRole(req, 'admin');
    const id = /^[0-9]{1,9}$/.test(req.params.id) ? Number(req.params.id) : -1;
    const file = emlPath(ctx.config.dataDir, id);
    if (id < 0 || !fs.existsSync(file)) throw notFound({ key: 'outbox.file' });
    res.type('message/rfc822').setHeader('Content-Disposition', `attachment; filename="${id}.eml"`);
    res.sendFile(file);
  });
  return r;
}
