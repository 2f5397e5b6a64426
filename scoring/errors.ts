/**
 * Domain errors of the scoring engine. They carry a machine code and details but no HTTP status:
 * the server maps codes to statuses (DESIGN.md "Errors").
 */

import { format } from '../messages';

/** The facts a problem's text quotes. */
export type ProblemFacts = Record<string, string | number>;

/**
 * One problem in the evidence, located by a JSON pointer into the evidence document. `code` and
 * `facts` say what is wrong as data (messages/ words `valueProblems.<code>` in any language);
 * `message` is the English wording, kept for the API's error details and the CLI.
 */
export interface EvidenceProblem {
  path: string;
  message: string;
  code?: string;
  facts?: ProblemFacts;
}

/**
 * A problem with a recorded value: "STR-01 must be a percentage …", its English text taken from the
 * catalogue (the one place the engine's words come from). `facts.id` names the indicator.
 */
export function valueProblem(path: string, code: string, facts: ProblemFacts): EvidenceProblem {
  const text = format('en', `valueProblems.${code}`, facts);
  return { path, message: code === 'unknown_indicator' ? text : `${facts.id} ${text}`, code, facts };
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
