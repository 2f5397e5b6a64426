/** The languages of the catalogues. */
export type Lang = 'en' | 'nb';
export const LANGS: readonly Lang[] = ['en', 'nb'];

export function isLang(x: unknown): x is Lang {
  return x === 'en' || x === 'nb';
}
