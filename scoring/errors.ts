/**
 * Domain errors of the scoring engine. They carry a machine code and details but no HTTP status:
 * the server maps codes to statuses (DESIGN.md "Errors").
 */

/** One problem in the evidence, located by a JSON pointer into the evidence document. */
export interface EvidenceProblem {
  path: string;
  message: string;
}

export class ScoringError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ScoringError';
    this.code = code;
    this.details = details;
  }
}

/** The evidence does not fit the framework; nothing was computed. */
export class EvidenceError extends ScoringError {
  readonly errors: EvidenceProblem[];

  constructor(errors: EvidenceProblem[]) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super('evidence_invalid', `Invalid evidence: ${first ? `${first.path || '/'} ${first.message}` : 'unknown problem'}${more}`, errors);
    this.name = 'EvidenceError';
    this.errors = errors;
  }
}
