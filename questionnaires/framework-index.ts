/**
 * Lookups by id over a framework definition, and the collector the integrity checks report into.
 * Built once per load; the first occurrence of a duplicated id wins (the duplicate itself is an error).
 */
import type { Area, ChecklistItem, FrameworkDefinition, Indicator, SurveyQuestion } from './schema';
import { pointer, type FrameworkIssue } from './errors';

export interface FrameworkIndex {
  areas: ReadonlyMap<string, Area>;
  indicators: ReadonlyMap<string, Indicator>;
  questions: ReadonlyMap<string, SurveyQuestion>;
  documents: ReadonlyMap<string, ChecklistItem>;
}

export function indexFramework(def: FrameworkDefinition): FrameworkIndex {
  return {
    areas: firstById(def.areas, (a) => a.code),
    indicators: firstById(def.indicators, (i) => i.id),
    questions: firstById(def.survey.questions, (q) => q.id),
    documents: firstById(def.checklist, (d) => d.id),
  };
}

function firstById<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

/** Collects issues; `at` takes the reference tokens of a JSON Pointer. */
export class Issues {
  readonly list: FrameworkIssue[] = [];

  at(tokens: (string | number)[], message: string): void {
    this.list.push({ path: pointer(...tokens), message });
  }

  /** Reports every repeated value of `key` at the later occurrence, naming the first one. */
  unique<T>(items: readonly T[], key: (item: T) => string | number, base: (string | number)[], field: string | null, what: string): void {
    const first = new Map<string | number, number>();
    items.forEach((item, i) => {
      const value = key(item);
      const seen = first.get(value);
      if (seen === undefined) first.set(value, i);
      else
        this.at(
          field === null ? [...base, i] : [...base, i, field],
          `duplicate ${what} ${JSON.stringify(value)} (already at ${pointer(...base, seen)})`,
        );
    });
  }
}
