/**
 * CSRF protection (synchroniser token pattern, csrf-sync): one random token per session, kept in the
 * session row in the database, so every app instance agrees on it.
 *
 * - Web forms carry it in a hidden `_csrf` field; every form POST of the web pages is checked.
 * - The pages' scripts send it in the `X-CSRF-Token` header when they call the JSON API.
 * - The JSON API checks unsafe methods that carry the session cookie AND come from a browser (a
 *   `Sec-Fetch-Site` or `Origin` header; every current browser sends one on such requests): they
 *   must be same-origin and carry the header token. A request without either header cannot come
 *   from a browser page, so it cannot be a cross-site forgery (scripts and CLI clients, the API
 *   tests), and it keeps working without a token. The session cookie is SameSite=Lax as well.
 * - The public survey form has no session and no ambient credential (the link's token is the secret),
 *   so it is checked for a same-origin request only and never gets a cookie.
 * - The sign-in form comes before any session (a session row is written only once someone signs in):
 *   its token is a signed double submit (`loginCsrf`), a random value in a cookie for /login only and
 *   its HMAC under the session secret in the form, checked with a same-origin request.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { AppError } from '../errors';

const sync = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => {
    const header = req.get('x-csrf-token');
    if (header) return header;
    const body = req.body as Record<string, unknown> | undefined;
    return typeof body?._csrf === 'string' ? body._csrf : undefined;
  },
});

export const csrfFailed = () => new AppError(403, 'csrf_failed', { key: 'errors.csrfFailed' });

/** The session's token, made on first use (this saves the session and sets its cookie). */
export function csrfToken(req: Request): string {
  return sync.generateToken(req);
}

/** For web form routes: the form's `_csrf` (or the header) must match the session's token. */
export const checkFormCsrf: RequestHandler = (req, _res, next) => {
  if (!sync.isRequestValid(req)) throw csrfFailed();
  next();
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * True when the browser says the request comes from our own origin. Sec-Fetch-Site is set by the
 * browser and cannot be changed by a page, so it decides when present. Without it, the Origin header
 * must name us; "null" (an opaque origin, or a no-referrer page on older browsers) is refused.
 */
export function sameOrigin(req: Request, baseUrl: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.get('origin');
  if (origin === undefined) return true;
  return origin === `${req.protocol}://${req.get('host')}` || origin === new URL(baseUrl).origin;
}

/** For the JSON API: browser requests that ride on the session cookie need same origin + the header token. */
export function apiCsrf(baseUrl: string): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method) || !req.session?.userId) return next();
    const fromBrowser = req.get('sec-fetch-site') !== undefined || req.get('origin') !== undefined;
    if (!fromBrowser) return next();
    if (!sameOrigin(req, baseUrl)) throw csrfFailed();
    const header = req.get('x-csrf-token');
    if (!header || header !== sync.getTokenFromState(req)) throw csrfFailed();
    next();
  };
}

/** For the public survey form: same-origin only (it has no session to protect). */
export function sameOriginOnly(baseUrl: string): RequestHandler {
  return (req, _res, next) => {
    if (!sameOrigin(req, baseUrl)) throw csrfFailed();
    next();
  };
}

const LOGIN_COOKIE = 'cm.login';
const NONCE = /^[0-9a-f]{32}$/;

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The sign-in form's CSRF token without a session (so that an anonymous visit to /login stores
 * nothing): the browser keeps a random nonce in an HttpOnly cookie sent to /login only, and the form
 * carries HMAC(nonce) under a key derived from the session secret. A forged cross-site post has
 * neither the victim's nonce nor a way to compute its HMAC; the request must be same-origin as well.
 */
export function loginCsrf(secret: string, opts: { secure: boolean; baseUrl: string; path?: string }) {
  // the sign-in form's cookie lives under /login; the set-password and reset forms' under /account
  const cookiePath = opts.path ?? '/login';
  const key = crypto.createHmac('sha256', secret).update('clustermark login form csrf').digest();
  const sign = (nonce: string) => crypto.createHmac('sha256', key).update(nonce).digest('hex');
  return {
    /** The form's token, setting the nonce cookie when the browser has none yet. */
    token(req: Request, res: Response): string {
      let nonce = cookieValue(req, LOGIN_COOKIE);
      if (!nonce || !NONCE.test(nonce)) {
        nonce = crypto.randomBytes(16).toString('hex');
        res.cookie(LOGIN_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: cookiePath });
      }
      return sign(nonce);
    },
    /** For POST /login, after the form body is parsed. */
    check: ((req, _res, next) => {
      const nonce = cookieValue(req, LOGIN_COOKIE);
      const given = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
      if (!sameOrigin(req, opts.baseUrl) || !nonce || !NONCE.test(nonce) || !/^[0-9a-f]{64}$/.test(given)) throw csrfFailed();
      if (!crypto.timingSafeEqual(Buffer.from(sign(nonce), 'hex'), Buffer.from(given, 'hex'))) throw csrfFailed();
      next();
    }) as RequestHandler,
    /** After a successful sign-in the nonce has done its work. */
    clear(res: Response): void {
      res.clearCookie(LOGIN_COOKIE, { path: cookiePath });
    },
  };
}
