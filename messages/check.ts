/**
 * The catalogues' integrity as a function, so a test can run it on the real catalogues and on a
 * broken copy: every key of one language exists in the other, and each translation uses exactly the
 * ICU variables of its counterpart (a missing `{points}` would print nothing, a stray one a raw brace).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { flatten } from './flatten';

/** The names of the variables a message uses, sorted ("{n, plural, …}" counts as `n`). */
/** An element of intl-messageformat's syntax tree, as far as the walk needs it. */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

export function messageVariables(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const el of elements) {
      // 0 is literal text and 7 the plural's `#`: neither names a variable
      if (el.type !== 0 && el.type !== 7 && typeof el.value === 'string') names.add(el.value);
      for (const o of Object.values(el.options ?? {})) walk(o.value);
      if (Array.isArray(el.children)) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst() as unknown as Element[]);
  return [...names].sort();
}

/** Problems between two catalogues (empty when they match): missing keys either way, unparsable messages, variables that differ. */
export function compareCatalogues(a: unknown, b: unknown, names: [string, string] = ['en', 'nb']): string[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const problems: string[] = [];
  for (const k of Object.keys(fa)) if (!(k in fb)) problems.push(`${k}: missing in ${names[1]}`);
  for (const k of Object.keys(fb)) if (!(k in fa)) problems.push(`${k}: missing in ${names[0]}`);
  for (const k of Object.keys(fa)) {
    if (!(k in fb)) continue;
    let va: string[];
    let vb: string[];
    try {
      va = messageVariables(fa[k]);
      vb = messageVariables(fb[k]);
    } catch (e) {
      problems.push(`${k}: not valid ICU MessageFormat (${(e as Error).message})`);
      continue;
    }
    if (va.join() !== vb.join()) problems.push(`${k}: variables {${va.join(', ')}} in ${names[0]} but {${vb.join(', ')}} in ${names[1]}`);
  }
  return problems;
}
