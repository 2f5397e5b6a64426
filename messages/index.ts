/**
 * One message catalogue per language (`en.json`, `nb.json`), in ICU MessageFormat, for every surface
 * that shows text: the pages, the API's error messages, the PDF report and the certificate. Keys
 * may nest (`states.preparation`); a key names a message by its dotted path. Messages are compiled
 * once per language and key (intl-messageformat, no global state). This folder imports nothing of
 * ours, so `scoring/`, `reports/` and `server/` may all use it.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import en from './en.json';
import nb from './nb.json';

export type Lang = 'en' | 'nb';
export const LANGS: readonly Lang[] = ['en', 'nb'];
export type Catalogue = typeof en;
export type MessageValues = Record<string, string | number | boolean | null | undefined>;

const CATALOGUES: Record<Lang, Catalogue> = { en, nb: nb as Catalogue };

export function isLang(x: unknown): x is Lang {
  return x === 'en' || x === 'nb';
}

/** The raw catalogue of a language (templates, not formatted). */
export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

/** Dotted keys of a catalogue's leaves ("states.preparation", "likert.0"), with their templates. */
export function flatten(tree: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (tree !== null && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = String(tree);
  return out;
}

const FLAT: Record<Lang, Record<string, string>> = { en: flatten(en), nb: flatten(nb) };

/** Whether the catalogue has a message under `key`. */
export function hasMessage(key: string, lang: Lang = 'en'): boolean {
  return key in FLAT[lang];
}

const compiled = new Map<string, IntlMessageFormat>();

function compile(template: string, lang: Lang): IntlMessageFormat {
  const id = `${lang}\u0000${template}`;
  let m = compiled.get(id);
  if (!m) {
    m = new IntlMessageFormat(template, lang === 'nb' ? 'nb' : 'en-GB', undefined, { ignoreTag: true });
    compiled.set(id, m);
  }
  return m;
}

/** Fills a template; a value the template needs but is not given stays as its `{name}` (never throws). */
export function formatTemplate(template: string, values: MessageValues = {}, lang: Lang = langOf(template)): string {
  try {
    return String(compile(template, lang).format(values as Record<string, string | number>));
  } catch {
    return template.replace(/\{(\w+)\}/g, (m, k: string) => (values[k] === undefined || values[k] === null ? m : String(values[k])));
  }
}

/** The message `key` in `lang` with `values` filled in; an unknown key is returned as is (and a test keeps it from happening). */
export function format(lang: Lang, key: string, values?: MessageValues): string {
  const template = FLAT[lang][key] ?? FLAT.en[key];
  return template === undefined ? key : formatTemplate(template, values, lang);
}

/** A formatter bound to one language: `t('uploadFailed', { message })`. */
export function translator(lang: Lang): (key: string, values?: MessageValues) => string {
  return (key, values) => format(lang, key, values);
}

// Templates handed out by `catalogue()` come back through `formatTemplate` without a language (the
// pages' `fill(t.x, …)`): the language is the catalogue that holds the template (English when both do).
let owners: Map<string, Lang> | undefined;
function langOf(template: string): Lang {
  if (!owners) {
    owners = new Map();
    for (const t of Object.values(FLAT.nb)) owners.set(t, 'nb');
    for (const t of Object.values(FLAT.en)) owners.set(t, 'en');
  }
  return owners.get(template) ?? 'en';
}

export * from './intl';
export { compareCatalogues, messageVariables } from './check';
