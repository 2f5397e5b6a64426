/**
 * The English catalogue's messages as phrases to look for in a Norwegian page or PDF: each message
 * longer than three words that differs from its Norwegian counterpart; a template by its literal
 * stretches of four words or more (its arguments and plural branches left out).
 */
import { catalogue, flatten } from '../../messages';

/** The phrases, once. */
export function englishPhrases(minWords = 4): string[] {
  const en = flatten(catalogue('en'));
  const nb = flatten(catalogue('nb'));
  const phrases = new Set<string>();
  for (const [key, message] of Object.entries(en)) {
    if (message === nb[key]) continue;
    // the literal text between ICU arguments (a plural's branches are skipped with their braces)
    for (const chunk of message.replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '\u0000').split('\u0000')) {
      const phrase = chunk
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^[,.:;·–—-]\s*|\s*[,.:;·–—-]$/g, '');
      if (phrase.split(' ').length >= minWords) phrases.add(phrase);
    }
  }
  // a stretch the Norwegian catalogue has too ("N ≥", "T =") is no English
  const norwegian = Object.values(nb).join('\n');
  return [...phrases].filter((p) => !norwegian.includes(p));
}

/** The English phrases found in `text`. */
export function englishIn(text: string, minWords = 4): string[] {
  const flat = text.replace(/\s+/g, ' ');
  return englishPhrases(minWords).filter((p) => flat.includes(p));
}
