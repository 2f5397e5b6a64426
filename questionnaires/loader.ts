/**
 * Loads a framework definition: the JSON Schema first (shape), then the integrity checks a schema cannot
 * express (unique ids, references, bands, thresholds, control sums). Every problem is collected and
 * thrown together as a FrameworkValidationError. Pure: no file system, no clock.
 */
import type { Area, ChecklistItem, FrameworkDefinition, Indicator, LoadedFramework, SurveyQuestion } from './schema';
import { FrameworkValidationError, type FrameworkIssue } from './errors';
import { frameworkHash } from './canonical';
import { schemaIssues } from './schema-validation';
import { Issues, indexFramework } from './framework-index';
import {
  checkChecklistReferences,
  checkIdsUnique,
  checkIndicatorReferences,
  checkLabelRuleReferences,
  checkSurveyReferences,
} from './integrity-references';
import { checkControlSums, checkIndicatorShape, checkScales, checkScoring } from './integrity-scoring';

/** A loaded framework with lookups by id. The definition and the maps are frozen: a loaded version never changes. */
export interface IndexedFramework extends LoadedFramework {
  readonly id: string;
  readonly version: string;
  readonly areas: ReadonlyMap<string, Area>;
  readonly indicators: ReadonlyMap<string, Indicator>;
  readonly questions: ReadonlyMap<string, SurveyQuestion>;
  readonly documents: ReadonlyMap<string, ChecklistItem>;
}

/**
 * Validates `json` (already parsed) and returns the definition with its content hash.
 * @throws FrameworkValidationError with every problem found, each with a JSON Pointer path.
 */
export function loadFramework(json: unknown): IndexedFramework {
  const shape = schemaIssues(json);
  // Integrity checks walk the structure, so they only run on a definition of the right shape.
  if (shape.length > 0) throw new FrameworkValidationError(shape);

  const definition = deepFreeze(structuredClone(json) as FrameworkDefinition);
  const integrity = integrityIssues(definition);
  if (integrity.length > 0) throw new FrameworkValidationError(integrity);

  const index = indexFramework(definition);
  return Object.freeze({
    definition,
    hash: frameworkHash(definition),
    id: definition.id,
    version: definition.version,
    ...index,
  });
}

/** The integrity problems of a definition that already matches the schema (empty when there are none). */
export function integrityIssues(definition: FrameworkDefinition): FrameworkIssue[] {
  const issues = new Issues();
  const index = indexFramework(definition);
  checkIdsUnique(definition, issues);
  checkScales(definition, issues);
  checkIndicatorShape(definition, issues);
  checkIndicatorReferences(definition, index, issues);
  checkScoring(definition, issues);
  checkSurveyReferences(definition, index, issues);
  checkChecklistReferences(definition, index, issues);
  checkLabelRuleReferences(definition, index, issues);
  checkControlSums(definition, issues);
  checkTexts(definition, issues);
  return issues.list;
}

/** Every en/nb text must say something; the schema only forbids the empty string. */
function checkTexts(value: unknown, issues: Issues, path: (string | number)[] = []): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) return value.forEach((item, i) => checkTexts(item, issues, [...path, i]));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.en === 'string' && typeof record.nb === 'string') {
    for (const lang of ['en', 'nb'] as const) {
      if ((record[lang] as string).trim() === '')
        issues.at([...path, lang], `the ${lang === 'en' ? 'English' : 'Norwegian'} text is blank`);
    }
    return;
  }
  for (const key of keys) checkTexts(record[key], issues, [...path, key]);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
