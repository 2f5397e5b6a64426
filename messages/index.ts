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
import { flatten } from './flatten';
import { isLang, LANGS, type Lang } from './lang';

export { flatten, isLang, LANGS, type Lang };
export type Catalogue = typeof en;
export type MessageValues = Record<string, string | number | boolean | null | undefined>;

const CATALOGUES: Record<Lang, Catalogue> = { en, nb: nb as Catalogue };

/** The raw catalogue of a language (templates, not formatted). */
export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

const FLAT: Record<Lang, Record<string, string>> = { en: flatten(en), nb: flatten(nb) };

/** Whether the catalogue has a message under `key`. */
export function hasMessage(key: string, lang: Lang = 'en'): boolean {
  return key in FLAT[lang];
}

/**
 * A message compiled to a function. intl-messageformat parses the ICU syntax; the parts the
 * catalogue uses (text, arguments, select, plural with `#`, number) are evaluated here, a few times
 * faster than its general `format` (the engine words every indicator, check and step of every
 * score); anything else (dates, times) goes through intl-messageformat itself.
 */
type Compiled = (values: MessageValues) => string;

/** An element of intl-messageformat's syntax tree, as far as evaluation needs it. */
interface Element {
  type: number;
  value?: string;
  offset?: number;
  options?: Record<string, { value: Element[] }>;
}

const LITERAL = 0,
  ARGUMENT = 1,
  NUMBER = 2,
  SELECT = 5,
  PLURAL = 6,
  POUND = 7;
const LOCALES: Record<Lang, string> = { en: 'en-GB', nb: 'nb' };

function evaluator(elements: Element[], lang: Lang): ((values: MessageValues, count: number) => string) | null {
  const numbers = new Intl.NumberFormat(LOCALES[lang]);
  const plurals = new Intl.PluralRules(LOCALES[lang]);
  const parts: ((values: MessageValues, count: number) => string)[] = [];
  for (const el of elements) {
    const name = el.value ?? '';
    switch (el.type) {
      case LITERAL:
        parts.push(() => name);
        break;
      case ARGUMENT:
        parts.push((v) => (v[name] === undefined || v[name] === null ? `{${name}}` : String(v[name])));
        break;
      case NUMBER:
        parts.push((v) => numbers.format(Number(v[name])));
        break;
      case POUND:
        parts.push((_v, count) => numbers.format(count));
        break;
      case SELECT:
      case PLURAL: {
        const options: Record<string, (values: MessageValues, count: number) => string> = {};
        for (const [key, option] of Object.entries(el.options ?? {})) {
          const f = evaluator(option.value, lang);
          if (!f) return null;
          options[key] = f;
        }
        const offset = el.offset ?? 0;
        parts.push(
          el.type === SELECT
            ? (v, count) => (options[String(v[name])] ?? options.other)(v, count)
            : (v) => {
                const n = Number(v[name]) - offset;
                return (options[`=${n + offset}`] ?? options[plurals.select(n)] ?? options.other)(v, n);
              },
        );
        break;
      }
      default:
        return null;
    }
  }
  return (values, count) => {
    let out = '';
    for (const part of parts) out += part(values, count);
    return out;
  };
}

const compiled = new Map<string, Compiled>();

function compile(template: string, lang: Lang): Compiled {
  const id = `${lang}\u0000${template}`;
  let f = compiled.get(id);
  if (!f) {
    const general = new IntlMessageFormat(template, LOCALES[lang], undefined, { ignoreTag: true });
    const fast = evaluator(general.getAst() as unknown as Element[], lang);
    f = fast ? (values) => fast(values, 0) : (values) => String(general.format(values as Record<string, string | number>));
    compiled.set(id, f);
  }
  return f;
}

/** Fills a template; a value the template needs but is not given stays as its `{name}` (never throws on values). */
export function formatTemplate(template: string, values: MessageValues = {}, lang: Lang = langOf(template)): string {
  try {
    return compile(template, lang)(values);
  } catch {
    return template.replace(/\{(\w+)\}/g, (m, k: string) => (values[k] === undefined || values[k] === null ? m : String(values[k])));
  }
}

/** The message `key` in `lang` with `values` filled in; an unknown key is returned as is (and a test keeps it from happening). */
export function format(lang: Lang, key: string, values: MessageValues = {}): string {
  let f = BY_KEY[lang].get(key);
  if (!f) {
    const template = FLAT[lang][key] ?? FLAT.en[key];
    if (template === undefined) return key;
    f = compile(template, lang);
    BY_KEY[lang].set(key, f);
  }
  try {
    return f(values);
  } catch {
    return formatTemplate(FLAT[lang][key] ?? FLAT.en[key], values, lang);
  }
}

/** Compiled messages by key, so a message used per score costs no lookup by its text. */
const BY_KEY: Record<Lang, Map<string, Compiled>> = { en: new Map(), nb: new Map() };

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
export * from './countries';
export { compareCatalogues, messageVariables } from './check';
