/**
 * A form the server refused, kept for the page it is shown on again after the redirect: what the user
 * entered (never a password) and each error beside its field, in the reader's language; the flash
 * above the page says it too. A schema's refusal names the field in the catalogue's words
 * (`formErrors.<field>`); a rule's refusal (a service's AppError with a field path) gives its own
 * message; a refusal without a field is the flash alone.
 */
import type { Request } from 'express';
import { AppError } from '../errors';
import { format, hasMessage, type Lang } from '../../messages';
import { requestLang } from '../http/lang';
import { setFlash } from './render';

export interface KeptForm {
  /** which form: 'new-user', 'edit-user-7', 'new-cluster', 'new-assessment', 'team' */
  id: string;
  values: Record<string, string | string[]>;
  /** field → message */
  errors: Record<string, string>;
}

declare module 'express-session' {
  interface SessionData {
    form?: KeptForm;
  }
}

/** What a form sent, as strings, without the fields never shown again (the password, the token). */
function enteredValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'password' || k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * The refusal's messages by field. `fieldOf` places an error code without a field path on a field
 * (cluster_exists on the name).
 */
function fieldErrors(e: AppError, lang: Lang, fieldOf: Record<string, string> = {}): Record<string, string> {
  const schema = e.text?.key === 'errors.inputInvalid';
  const errors: Record<string, string> = {};
  const details = Array.isArray(e.details) ? (e.details as { path?: unknown }[]) : [];
  for (const d of details) {
    const field = typeof d.path === 'string' ? d.path.split('/')[1] : undefined;
    if (!field || field in errors) continue;
    errors[field] = !schema
      ? e.localized(lang)
      : format(lang, hasMessage(`formErrors.${field}`) ? `formErrors.${field}` : 'formErrors.invalid');
  }
  if (fieldOf[e.code]) errors[fieldOf[e.code]] = e.localized(lang);
  return errors;
}

/**
 * Keeps the refused form for the next page and says why in the flash (a schema's refusal in the
 * fields' words, a rule's in its own); anything but a refusal (a 5xx, a fault) is thrown on.
 */
export function keepForm(req: Request, id: string, e: unknown, fieldOf?: Record<string, string>): void {
  if (!(e instanceof AppError) || e.status >= 500) throw e;
  const lang = (req.res?.locals.lang as Lang | undefined) ?? requestLang(req);
  const errors = fieldErrors(e, lang, fieldOf);
  const schema = e.text?.key === 'errors.inputInvalid' && Object.keys(errors).length > 0;
  setFlash(req, 'error', schema ? [...new Set(Object.values(errors))].join(' ') : e.localized(lang));
  req.session.form = { id, values: enteredValues((req.body ?? {}) as Record<string, unknown>), errors };
}

/** The form kept by the last post, once (the next page shows it; a reload shows the page as it is). */
export function takeForm(req: Request): KeptForm | null {
  const kept = req.session?.form ?? null;
  if (kept) delete req.session.form;
  return kept;
}
