/**
 * Framework definitions: the schema and its types, the loader, and the default framework.
 * Nothing here does I/O or reads the clock; the default is bundled as an imported JSON module.
 */
import defaultJson from './esca-default/1.0.0.json';
import v110Json from './esca-default/1.1.0.json';
import { loadFramework, type IndexedFramework } from './loader';

export * from './schema';
export { loadFramework, integrityIssues, type IndexedFramework } from './loader';
export { FrameworkValidationError, type FrameworkIssue } from './errors';
export { canonicalJson, frameworkHash } from './canonical';
export { frameworkJsonSchemaText } from './schema-document';

/** The id of the framework used when an assessment names none. */
export const DEFAULT_FRAMEWORK_ID = 'esca-default';

let cachedDefault: IndexedFramework | undefined;

/** The default framework (esca-default 1.0.0), validated once and cached. */
export function defaultFramework(): IndexedFramework {
  cachedDefault ??= loadFramework(defaultJson);
  return cachedDefault;
}

let cachedBundled: IndexedFramework[] | undefined;

/**
 * Every bundled version of the default framework, oldest first (the server stores each at start).
 * 1.1.0 adds the eligibility checklist before the interview; 1.0.0 stays the default of the
 * new-assessment form (listed first), so an assessment is under the gate only when 1.1.0 is chosen.
 */
export function bundledFrameworks(): IndexedFramework[] {
  cachedBundled ??= [defaultFramework(), loadFramework(v110Json)];
  return cachedBundled;
}
