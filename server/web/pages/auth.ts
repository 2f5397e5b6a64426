/** Sign-in and sign-out pages: the same service (services/auth.ts) as POST /api/login. */
import express, { Router } from 'express';
import type { AppContext } from '../../context';
import { SESSION_COOKIE, signIn, signOut } from '../../services/auth';
import { checkFormCsrf, loginCsrf } from '../csrf';
import { pickLang, render } from '../render';
import { texts } from '../i18n';

const parse = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const form = [parse, checkFormCsrf];

/** Only local paths, so a crafted ?next= cannot send a user elsewhere. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?!\/)[A-Za-z0-9/_\-?=&.%]*$/.test(raw) && !raw.startsWith('/api/') ? raw : '/dashboard';
}

export function authPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  // the sign-in page stores nothing until someone signs in: its form token needs no session
  const login = loginCsrf(ctx.sessionSecret, { secure: ctx.config.secureCookies, baseUrl: ctx.config.baseUrl });
  const page = (req: Parameters<typeof render>[0], res: Parameters<typeof render>[1], data: Record<string, unknown>, status = 200) =>
    render(req, res, 'login.njk', { ...data, csrf: login.token(req, res) }, { status, sessionless: true });

  r.get('/', (req, res) => res.redirect(req.actor ? '/dashboard' : '/login'));

  r.get('/login', (req, res) => {
    if (req.actor) return res.redirect(safeNext(req.query.next));
    page(req, res, { next: safeNext(req.query.next), email: '' });
  });

  r.post('/login', parse, login.check, async (req, res) => {
    const t = texts(pickLang(req, res));
    const email = String(req.body.email ?? '')
      .trim()
      .slice(0, 254);
    const password = String(req.body.password ?? '').slice(0, 1000);
    const next = safeNext(req.body.next);
    const outcome = await signIn(knex, req, { email, password, address: req.ip ?? 'unknown' });
    if (!outcome.ok && outcome.reason === 'locked') return page(req, res, { next, email, error: t.tooManyAttempts }, 429);
    if (!outcome.ok) return page(req, res, { next, email, error: t.badCredentials }, 401);
    login.clear(res);
    res.redirect(303, next);
  });

  r.post('/logout', ...form, async (req, res) => {
    await signOut(req);
    res.clearCookie(SESSION_COOKIE);
    res.redirect(303, '/login');
  });

  r.get('/verify', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code.trim().toUpperCase() : '';
    if (code) return res.redirect(`/verify/${encodeURIComponent(code)}`);
    render(req, res, 'verify-form.njk');
  });
  return r;
}
