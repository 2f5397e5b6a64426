/**
 * The pages' view of the message catalogue (messages/): `texts(lang)` gives the templates by name, as
 * the page handlers and the views have always read them (`t.signIn`, `t.states[state]`), and `fill`
 * formats one with its values in ICU MessageFormat. Framework texts (indicator names, guide questions,
 * levels, survey questions) come from the framework definition, which carries both languages.
 * The language is chosen by `?lang=`, then the `cm.lang` cookie, then the signed-in user's locale.
 */
import { catalogue, formatNumber, formatTemplate, isLang, translator, type Catalogue, type Lang, type MessageValues } from '../../messages';

export type { Lang };
export { formatNumber, isLang, translator };

/** The catalogue's shape, with its groups open to a lookup by any key (`t.states[a.state]`). */
export type Texts = {
  [K in keyof Catalogue]: Catalogue[K] extends string ? string : Catalogue[K] extends string[] ? string[] : Record<string, string>;
};

export function texts(lang: Lang): Texts {
  return catalogue(lang) as unknown as Texts;
}

/** Formats a template of `texts(lang)` with its values (the template's own language). */
export function fill(template: string, vars: MessageValues = {}): string {
  return formatTemplate(template, vars);
}
