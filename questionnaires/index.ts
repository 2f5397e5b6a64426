/**
 * Framework definitions: the schema and its types, the loader, and the default framework.
 * Nothing here does I/O or reads the clock; the default is bundled as an imported JSON module.
 */
import defaultJson from './esca-default/1.0.0.json';
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
