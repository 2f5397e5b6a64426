/**
 * Numbers, dates and country names the reader's way, through `Intl` (Node carries the locale data):
 * 83.9 / 83,9; 14 March 2026 / 14. mars 2026; Norway / Norge. No grouping of digits, so a value reads
 * the same in a table, a sentence and an input field.
 */
import type { Lang } from './lang';

const LOCALE: Record<Lang, string> = { en: 'en-GB', nb: 'nb' };
const numberFormats = new Map<string, Intl.NumberFormat>();

/** `decimals` fixed, or up to two when not given (83.9, 2.5, 130). */
export function formatNumber(n: number, lang: Lang, decimals?: number): string {
  const id = `${lang}:${decimals ?? ''}`;
  let f = numberFormats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], {
      useGrouping: false,
      minimumFractionDigits: decimals ?? 0,
      maximumFractionDigits: decimals ?? 2,
    });
    numberFormats.set(id, f);
  }
  return f.format(n);
}

/**
 * "83.9 %" / "83,9 %": a no-break space (U+00A0) before the sign in both, so that a line never
 * breaks between the number and its sign.
 */
export function formatPercent(n: number, lang: Lang, decimals = 1): string {
  return `${formatNumber(n, lang, decimals)}\u00a0%`;
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat(LOCALE.en, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  nb: new Intl.DateTimeFormat(LOCALE.nb, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const monthFormats: Record<Lang, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat(LOCALE.en, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  nb: new Intl.DateTimeFormat(LOCALE.nb, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

const utc = (date: string | Date) => (typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date);

/** "14 March 2026" / "14. mars 2026" from YYYY-MM-DD (or a Date, read in UTC). */
export function formatDate(date: string | Date, lang: Lang): string {
  return dateFormats[lang].format(utc(date));
}

/** "September 2027" / "september 2027" from YYYY-MM. */
export function formatMonth(ym: string, lang: Lang): string {
  return monthFormats[lang].format(utc(`${ym.slice(0, 7)}-01`));
}

const regions: Record<Lang, Intl.DisplayNames> = {
  en: new Intl.DisplayNames([LOCALE.en], { type: 'region' }),
  nb: new Intl.DisplayNames([LOCALE.nb], { type: 'region' }),
};

/** "Norway" / "Norge" from an ISO 3166 code; an unknown code as given. */
export function countryName(code: string, lang: Lang): string {
  try {
    return regions[lang].of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A list "D-03, D-05 and D-11" / "D-03, D-05 og D-11". */
export function formatList(items: string[], lang: Lang): string {
  return new Intl.ListFormat(LOCALE[lang], { style: 'long', type: 'conjunction' }).format(items);
}
