/**
 * Documents named by scale-level conditions (FRAMEWORK.md §1.3.2, §4): "a condition naming a
 * document holds only if that document is accepted". The framework names them in the level texts
 * (Table 3: "… (D-08)", "shown in D-03"), so they are read from there: every checklist id a level's
 * text mentions, in either language. Levels are cumulative ("L3 +" includes every condition of L3
 * and below), so level L needs the documents named by L2…L; L1 is what holds when no level does.
 */
import type { FrameworkDefinition, Indicator } from '../questionnaires/schema';

const DOCUMENT_ID = /\bD-\d{2}\b/g;

/**
 * By level − 1, the documents levels 2…L name, in id order; null when the indicator has no levels
 * or none of them names a document.
 */
export function levelDocuments(definition: FrameworkDefinition, indicator: Indicator): string[][] | null {
  if (!indicator.levels) return null;
  const known = new Set(definition.checklist.map((c) => c.id));
  const levels = [...indicator.levels].sort((a, b) => a.level - b.level);
  const named = new Set<string>();
  const byLevel: string[][] = [];
  for (const level of levels) {
    if (level.level > 1) {
      for (const text of Object.values(level.text)) {
        for (const id of text.match(DOCUMENT_ID) ?? []) if (known.has(id)) named.add(id);
      }
    }
    byLevel.push([...named].sort());
  }
  return named.size === 0 ? null : byLevel;
}
