/**
 * The structural half of framework validation: the JSON Schema from schema.ts, compiled once with ajv
 * (draft 2020-12, all errors), and ajv's errors turned into `{ path, message }` with JSON Pointer paths
 * that point at the offending property itself (not at its parent object, as ajv reports them).
 */
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { frameworkJsonSchema, type FrameworkDefinition } from './schema';
import { pointerToken, type FrameworkIssue } from './errors';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile<FrameworkDefinition>(frameworkJsonSchema());

/** Validates the shape; returns the issues (empty when the value matches the schema). */
export function schemaIssues(value: unknown): FrameworkIssue[] {
  if (validate(value)) return [];
  return toIssues(validate.errors ?? [], value);
}

function toIssues(errors: ErrorObject[], root: unknown): FrameworkIssue[] {
  // A failed union (anyOf) makes ajv report every branch's error too; keep one message per union.
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const isBranchOfUnion = (e: ErrorObject) =>
    unions.some((u) => e !== u && e.instancePath === u.instancePath && e.schemaPath.startsWith(`${u.schemaPath}/`));

  const issues: FrameworkIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (isBranchOfUnion(error)) continue;
    const issue = toIssue(error, errors, root);
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(error: ErrorObject, all: ErrorObject[], root: unknown): FrameworkIssue {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: `${at}/${pointerToken(String(params.missingProperty))}`,
        message: `required property "${String(params.missingProperty)}" is missing`,
      };
    case 'additionalProperties':
      return {
        path: `${at}/${pointerToken(String(params.additionalProperty))}`,
        message: `unknown property "${String(params.additionalProperty)}" is not allowed here`,
      };
    case 'type':
      return { path: at, message: `must be ${article(String(params.type))} (got ${describe(valueAt(root, at))})` };
    case 'pattern':
      return { path: at, message: `${JSON.stringify(valueAt(root, at))} does not match the pattern ${String(params.pattern)}` };
    case 'anyOf':
      return { path: at, message: unionMessage(error, all, root) };
    case 'minLength':
      return {
        path: at,
        message: Number(params.limit) === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} characters`,
      };
    case 'minItems':
      return { path: at, message: `must have at least ${String(params.limit)} item(s)` };
    case 'maxItems':
      return { path: at, message: `must have at most ${String(params.limit)} item(s)` };
    case 'minimum':
    case 'maximum':
      return { path: at, message: `${describe(valueAt(root, at))} ${error.message ?? 'is out of range'}` };
    default:
      return { path: at, message: error.message ?? `fails the "${error.keyword}" rule` };
  }
}

/** "must be one of 'quality', 'profile'" for unions of literals, else the branch messages joined by "or". */
function unionMessage(union: ErrorObject, all: ErrorObject[], root: unknown): string {
  const got = describe(valueAt(root, union.instancePath));
  const branches = all.filter(
    (e) => e !== union && e.instancePath === union.instancePath && e.schemaPath.startsWith(`${union.schemaPath}/`),
  );
  if (branches.length > 0 && branches.every((e) => e.keyword === 'const')) {
    const allowed = branches.map((e) => JSON.stringify((e.params as { allowedValue: unknown }).allowedValue));
    return `must be one of ${allowed.join(', ')} (got ${got})`;
  }
  const parts = branches.map((e) =>
    e.keyword === 'type' ? `be ${article(String((e.params as { type: unknown }).type))}` : (e.message ?? '').replace(/^must /, ''),
  );
  return parts.length > 0 ? `must ${[...new Set(parts)].join(' or ')} (got ${got})` : `does not match any allowed form (got ${got})`;
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: string): unknown {
  if (path === '') return root;
  let node: unknown = root;
  for (const raw of path.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
