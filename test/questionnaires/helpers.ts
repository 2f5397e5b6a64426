import { expect } from 'chai';
import defaultJson from '../../questionnaires/esca-default/1.0.0.json';
import { FrameworkValidationError, loadFramework, type FrameworkDefinition, type FrameworkIssue } from '../../questionnaires';

/** A fresh, mutable deep copy of the published default definition. */
export function defaultCopy(): FrameworkDefinition {
  return structuredClone(defaultJson) as FrameworkDefinition;
}

/** Position of an indicator in `indicators`, so paths in tests read by id. */
export function at(def: FrameworkDefinition, id: string): number {
  const i = def.indicators.findIndex((ind) => ind.id === id);
  if (i < 0) throw new Error(`no indicator ${id}`);
  return i;
}

/** Loads and expects a refusal; returns the collected issues. */
export function refusal(json: unknown): FrameworkIssue[] {
  try {
    loadFramework(json);
  } catch (error) {
    expect(error).to.be.instanceOf(FrameworkValidationError);
    const e = error as FrameworkValidationError;
    expect(e.code).to.equal('framework_invalid');
    return e.errors;
  }
  expect.fail('the framework was accepted');
}

/** Describes the issues for an assertion message. */
export function show(issues: FrameworkIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}
