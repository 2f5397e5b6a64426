/**
 * Evidence validation, before anything is computed: first the shape (ajv, the TypeBox schema of
 * evidence.ts), then everything that depends on the framework. All problems are collected and thrown
 * together as one EvidenceError with JSON-pointer paths.
 */
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { mustParseDate, parseDate, type CivilDate } from './dates';
import { EvidenceError, type EvidenceProblem } from './errors';
import { EvidenceSchema, type Evidence } from './evidence';
import type { FrameworkIndex } from './framework-index';
import { pointer, type RecordedValue } from './recorded-value';
import { aggregateSurvey, type SurveyAggregate } from './survey';
import { validateValuesByPosition } from './validate-values';

/**
 * The same schema with every union of string literals (`anyOf` of `const`s) written as an `enum`.
 * Both accept exactly the same documents; ajv tests an enum far faster than it tries each branch of
 * an anyOf, which mattered for the 18 or so document statuses of every evidence. The original form
 * is kept for describing errors, whose messages name such unions as a whole.
 */
function withLiteralEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withLiteralEnums);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = schema as Record<string, unknown>;
  const { anyOf, ...rest } = node;
  const literals = Array.isArray(anyOf) && anyOf.every(isStringLiteral) ? anyOf.map((branch) => branch.const) : null;
  const copy: Record<string, unknown> = literals ? { ...rest, enum: literals } : { ...node };
  for (const key of Object.keys(copy)) copy[key] = withLiteralEnums(copy[key]);
  return copy;
}

/** `{const: "…", type: "string"}` (how TypeBox writes a string literal) and nothing else. */
function isStringLiteral(branch: unknown): branch is { const: string } {
  if (typeof branch !== 'object' || branch === null) return false;
  const keys = Object.keys(branch);
  const { const: value, type } = branch as Record<string, unknown>;
  return typeof value === 'string' && (type === undefined || type === 'string') && keys.every((k) => k === 'const' || k === 'type');
}

function shapeValidator(schema: unknown, allErrors: boolean) {
  const ajv = new Ajv2020({ allErrors, strict: false });
  ajv.addFormat('date', (s: string) => parseDate(s) !== null);
  return ajv.compile<Evidence>(schema as object);
}

/**
 * Two validators of the same shape: almost all evidence is well-formed, and a validator that stops
 * at the first error checks that fastest; the one collecting every error runs only to describe them.
 */
const hasShape = shapeValidator(withLiteralEnums(EvidenceSchema), false);
const shapeErrors = shapeValidator(EvidenceSchema, true);

export interface ValidEvidence {
  evidence: Evidence;
  interview: CivilDate;
  /** the normalised values by indicator position (FrameworkIndex.positions) */
  values: (RecordedValue | undefined)[];
  /** the survey, aggregated in the same pass that checked its answers */
  survey: SurveyAggregate;
}

function describeAjvError(error: ErrorObject): EvidenceProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: error.instancePath + pointer(String(params.additionalProperty)), message: 'unknown property' };
    case 'required':
      return { path: error.instancePath + pointer(String(params.missingProperty)), message: 'is required' };
    case 'format':
      return { path: error.instancePath, message: `malformed date (expected a real date YYYY-MM-DD)` };
    case 'const':
    case 'enum':
      return { path: error.instancePath, message: `must be one of ${JSON.stringify(params.allowedValues ?? params.allowedValue)}` };
    default:
      return { path: error.instancePath, message: error.message ?? 'is invalid' };
  }
}

/** ajv reports each failed branch of a union of literals; keep one message per path. */
function shapeProblems(errors: ErrorObject[]): EvidenceProblem[] {
  const literalUnions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: EvidenceProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (literalUnions.has(error.instancePath) && error.keyword !== 'anyOf') continue;
    const problem =
      error.keyword === 'anyOf' ? { path: error.instancePath, message: 'has a value that is not allowed here' } : describeAjvError(error);
    const key = problem.path + problem.message;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

function checkFramework(index: FrameworkIndex, evidence: Evidence, problems: EvidenceProblem[]): void {
  const { id, version } = index.definition;
  if (evidence.framework !== id) problems.push({ path: '/framework', message: `evidence is for ${evidence.framework}, not ${id}` });
  if (evidence.frameworkVersion !== undefined && evidence.frameworkVersion !== version) {
    problems.push({ path: '/frameworkVersion', message: `evidence is for version ${evidence.frameworkVersion}, not ${version}` });
  }
}

function checkDocuments(index: FrameworkIndex, evidence: Evidence, problems: EvidenceProblem[]): void {
  for (const doc of Object.keys(evidence.documents ?? {})) {
    if (!index.checklist.has(doc)) problems.push({ path: pointer('documents', doc), message: `unknown checklist id ${doc}` });
  }
}

function checkImprovementAreas(index: FrameworkIndex, evidence: Evidence, problems: EvidenceProblem[]): void {
  (evidence.improvementAreas ?? []).forEach((area, a) => {
    area.indicators.forEach((id, i) => {
      if (!index.byId.has(id))
        problems.push({ path: pointer('improvementAreas', a, 'indicators', i), message: `unknown indicator id ${id}` });
    });
    area.documents.forEach((doc, d) => {
      if (!index.checklist.has(doc))
        problems.push({ path: pointer('improvementAreas', a, 'documents', d), message: `unknown checklist id ${doc}` });
    });
  });
}

function checkAssessors(evidence: Evidence, problems: EvidenceProblem[]): void {
  for (const role of ['lead', 'co'] as const) {
    const count = (evidence.assessors ?? []).filter((a) => a.role === role).length;
    if (count > 1) problems.push({ path: '/assessors', message: `at most one ${role} assessor, found ${count}` });
  }
}

/** Validates evidence against the framework; throws EvidenceError listing every problem. */
export function validateEvidence(index: FrameworkIndex, input: unknown): ValidEvidence {
  if (!hasShape(input)) {
    shapeErrors(input);
    throw new EvidenceError(shapeProblems(shapeErrors.errors ?? []));
  }
  const evidence = input;
  const problems: EvidenceProblem[] = [];
  const interview = mustParseDate(evidence.interviewDate);
  checkFramework(index, evidence, problems);
  const values = validateValuesByPosition(index, evidence.values, interview, problems);
  const survey = aggregateSurvey(index, evidence.survey, problems);
  checkDocuments(index, evidence, problems);
  checkImprovementAreas(index, evidence, problems);
  checkAssessors(evidence, problems);
  if (problems.length > 0) throw new EvidenceError(problems);
  return { evidence, interview, values, survey };
}
