import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted recursively (by UTF-16 code units, as `Array.prototype.sort` does) and no
 * whitespace. Two definitions with the same content give the same text whatever their key order or
 * formatting, so the hash identifies content, not a file.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot serialise a value of type ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/**
 * The content hash of a framework definition: SHA-256 (hex) of its canonical JSON. The top-level `$schema`
 * is left out: it only points an editor at the schema file and says nothing about the framework.
 */
export function frameworkHash(definition: object): string {
  const { $schema: _ignored, ...content } = definition as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
