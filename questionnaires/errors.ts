/** One problem found in a framework definition: where (a JSON Pointer into the definition) and what. */
export interface FrameworkIssue {
  path: string;
  message: string;
}

/**
 * Thrown by `loadFramework` when a definition is refused. It carries every problem found, not just the
 * first, so an operator can fix a file in one pass. The server maps `code` to a 400 response.
 */
export class FrameworkValidationError extends Error {
  readonly code = 'framework_invalid' as const;
  readonly errors: FrameworkIssue[];

  constructor(errors: FrameworkIssue[]) {
    const first = errors[0];
    const head = first ? `${first.path || '/'}: ${first.message}` : 'unknown problem';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`Invalid framework definition: ${head}${more}`);
    this.name = 'FrameworkValidationError';
    this.errors = errors;
  }
}

/** Escapes one reference token of a JSON Pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON Pointer from reference tokens: pointer('indicators', 3, 'scoring') → /indicators/3/scoring. */
export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${pointerToken(t)}`).join('');
}
