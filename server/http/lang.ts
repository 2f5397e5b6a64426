/**
 * The reader's language for a request, the same way for the pages and the API: `?lang=`, then the
 * `cm.lang` cookie the pages set, then the signed-in user's locale, then `Accept-Language`; English
 * by default.
 */
import type { Request } from 'express';
import { isLang, type Lang } from '../../messages';

export const LANG_COOKIE = 'cm.lang';

export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function requestLang(req: Request): Lang {
  const q = req.query?.lang;
  if (isLang(q)) return q;
  const c = cookie(req, LANG_COOKIE);
  if (isLang(c)) return c;
  if (req.actor) return req.actor.locale;
  return /^(nb|no|nn)\b/i.test(req.get?.('accept-language') ?? '') ? 'nb' : 'en';
}
