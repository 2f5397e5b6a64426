/**
 * The template engine (nunjucks, autoescaping on) and the locals every page gets: the language and
 * its texts, the signed-in user, the CSRF token, the language switch and a one-time flash message.
 */
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Request, Response } from 'express';
import { csrfToken } from './csrf';
import { AppError } from '../errors';
import { fill, formatNumber, isLang, texts, type Lang } from './i18n';
import { LANG_COOKIE, requestLang } from '../http/lang';
import { countryName, format, formatDate } from '../../messages';
import { KINDS_OF_ROLE } from '../services/notifications';

declare module 'express-session' {
  interface SessionData {
    flash?: { kind: 'ok' | 'error'; text: string };
    /** a survey link just made, shown once on the next page */
    surveyUrl?: { assessmentId: number; url: string };
  }
}

/** Templates and static files beside this file (the build copies them into dist/). */
export function webDir(sub: string): string {
  return path.join(__dirname, sub);
}

let env: nunjucks.Environment | undefined;
function environment(): nunjucks.Environment {
  if (env) return env;
  env = new nunjucks.Environment(new nunjucks.FileSystemLoader(webDir('views'), { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('num', (n: unknown, lang: Lang, decimals?: number) =>
    typeof n === 'number' ? formatNumber(n, lang, decimals) : n == null ? '—' : String(n),
  );
  env.addFilter('fill', (template: string, vars: Record<string, string | number>) => fill(template, vars));
  // an evidence problem in the reader's language where the engine gave its code and facts (else its English)
  env.addFilter('problem', (p: { message: string; code?: string; facts?: Record<string, string | number> }, lang: Lang) =>
    p.code ? (p.code === 'unknown_indicator' ? '' : `${p.facts?.id ?? ''} `) + format(lang, `valueProblems.${p.code}`, p.facts) : p.message,
  );
  env.addFilter('country', (code: unknown, lang: Lang) => (typeof code === 'string' && code ? countryName(code, lang) : '—'));
  env.addFilter('date', (d: unknown, lang: Lang) => (typeof d === 'string' && d ? formatDate(d, lang) : d == null ? '—' : String(d)));
  env.addFilter('json', (x: unknown) => JSON.stringify(x ?? null).replace(/</g, '\\u003c'));
  return env;
}

/** ?lang= (remembered in a cookie), else the cookie, else the user's locale, else the browser's. */
export function pickLang(req: Request, res: Response): Lang {
  const q = req.query.lang;
  if (isLang(q)) {
    res.cookie(LANG_COOKIE, q, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true, path: '/' });
    return q;
  }
  return requestLang(req);
}

/** The current address with another language. */
function switchUrl(req: Request, lang: Lang): string {
  const u = new URL(req.originalUrl, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

export interface PageOptions {
  status?: number;
  /** public pages without a session (the survey) get no CSRF token, so no cookie is set */
  sessionless?: boolean;
  /** a page with a form for people not signed in (sign-in): makes the session's CSRF token */
  anonymousForm?: boolean;
}

export function render(req: Request, res: Response, view: string, data: Record<string, unknown> = {}, opts: PageOptions = {}): void {
  const lang = (res.locals.lang as Lang | undefined) ?? pickLang(req, res);
  const t = texts(lang);
  const flash = opts.sessionless ? undefined : req.session?.flash;
  if (flash) delete req.session.flash;
  const context = {
    lang,
    t,
    actor: req.actor,
    // the header links the notification settings only for a role that some notification reaches
    notifiable: req.actor ? (KINDS_OF_ROLE[req.actor.role as keyof typeof KINDS_OF_ROLE] ?? []).length > 0 : false,
    // a CSRF token (and so a session cookie) only where a form needs one
    csrf: opts.sessionless || (!req.actor && !opts.anonymousForm) ? null : csrfToken(req),
    path: req.path,
    otherLangUrl: switchUrl(req, t.otherLanguageCode as Lang),
    flash,
    ...data,
  };
  // the callback form: a template error must reach the log and a 500 page, never crash the process
  environment().render(view, context, (err, html) => {
    if (err || html == null) {
      req.log?.error({ err }, `template ${view} failed`);
      if (!res.headersSent)
        res
          .status(500)
          .type('html')
          // in the reader's language, with its lang attribute (axe: html-has-lang); the catalogue's texts hold no markup
          .send(
            `<!doctype html><html lang="${lang}"><title>${t.errorTitle}</title><p>${(t.errors as Record<string, string>).internal}</p></html>`,
          );
      return;
    }
    res
      .status(opts.status ?? 200)
      .type('html')
      .send(html);
  });
}

/**
 * A validation or rule error from a form: shown as a flash on the page the form sits on (the generic
 * "is invalid" of a schema check is replaced by what was wrong). Anything else is rethrown.
 */
export function flashFormError(req: Request, e: unknown): void {
  if (!(e instanceof AppError) || e.status >= 500) throw e;
  const lang = (req.res?.locals.lang as Lang | undefined) ?? requestLang(req);
  const details = Array.isArray(e.details) ? (e.details as { path: string; message: string }[]) : [];
  setFlash(
    req,
    'error',
    details.length && e.code === 'invalid_input' && /is invalid/.test(e.message)
      ? details.map((d) => `${d.path.replace(/^\//, '')} ${d.message}`).join('; ')
      : e.localized(lang),
  );
}

export function setFlash(req: Request, kind: 'ok' | 'error', text: string): void {
  req.session.flash = { kind, text };
}

/**
 * Redirects after a form post, once the session (with its flash message) is stored. express-session
 * would otherwise save it while the response is already on its way, and a browser that follows the
 * redirect at once can read the session before the flash is in it.
 */
export async function redirectAfterPost(req: Request, res: Response, url: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  res.redirect(303, url);
}
