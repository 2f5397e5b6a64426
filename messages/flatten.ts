/** Dotted keys of a catalogue's leaves ("states.preparation", "likert.0"), with their templates. */
export function flatten(tree: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (tree !== null && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out[prefix] = String(tree);
  return out;
}
