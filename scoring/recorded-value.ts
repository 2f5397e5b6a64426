/** An indicator's recorded value after validation, normalised for scoring. */
export type RecordedValue =
  /** a number bands apply to (already rounded per §1.2), or a scale level */
  | { kind: 'number'; value: number; recorded: unknown; computation?: string }
  /** N/A (§1.5) */
  | { kind: 'not_applicable'; recorded: unknown; computation?: string }
  /** a profile indicator's value, recorded as given */
  | { kind: 'profile'; value: unknown; recorded: unknown };

/** JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export const isNonNegativeInteger = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
