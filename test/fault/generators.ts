/**
 * Seeded generators for the fuzz test: a small PRNG (mulberry32), hostile strings, body mutations
 * and multipart bodies, good and broken.
 */
import crypto from 'node:crypto';

export interface Rng {
  (): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = next as Rng;
  rng.int = (n) => Math.floor(next() * n);
  rng.pick = (xs) => xs[Math.floor(next() * xs.length)];
  return rng;
}

/** Well-formed Unicode strings that must come back exactly as sent and render escaped. */
export const INJECTIONS = [
  "<script>alert(1)</script>' OR 1=1 --",
  "Robert'); DROP TABLE clusters;--",
  '"><img src=x onerror=alert(1)>',
  "1' UNION SELECT password_hash FROM users --",
  '{{7*7}} ${7*7} <%= 7*7 %> %s %n %x',
  'Ærø Øst Åsane – “quotes” ‘single’ …',
  'Zalgo: Z̴̡̛a̶̢͝l̷̨̛g̸̢̛o̵̡͝',
  'RTL \u202eevil\u202c zero\u200bwidth\ufeffBOM \u00e9 e\u0301',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀👩‍👩‍👧‍👦 中文 العربية हिन्दी',
  'tab\tnew\nline\r\nback\\slash "dq" \'sq\' `bt`',
  '\u0001\u0007\u001b[31mANSI\u001b[0m',
  '; rm -rf / #  $(reboot) `id` | cat /etc/passwd',
];

const ODD = ['\ud800', '\udfff', '\u0000', 'a\u0000b', '\uffff', '\ufffe', '\u{10ffff}', '\u0085', '\u2028\u2029'];

/** A hostile string: injection, odd unicode (also lone surrogates and NUL), empty, or huge. */
export function weird(rng: Rng): string {
  switch (rng.int(8)) {
    case 0:
      return '';
    case 1:
      return rng.pick(ODD) + rng.pick(INJECTIONS);
    case 2:
      return rng.pick(INJECTIONS).repeat(1 + rng.int(400));
    case 3:
      return 'x'.repeat(rng.pick([199, 200, 201, 2000, 5001, 70_000]));
    default:
      return rng.pick(INJECTIONS);
  }
}

function wrongValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 2 ** 53 + 1,
    () => 1e308,
    () => -0.000001,
    () => '42',
    () => weird(rng),
    () => [],
    () => [weird(rng), 1, null],
    () => ({}),
    () => ({ $gt: '' }),
    () => ({ __proto__: { admin: true }, constructor: { prototype: { polluted: 1 } } }),
    () => JSON.parse('{"__proto__":{"polluted":1}}'),
    () => nested(rng.pick([10, 100, 3000])),
  ])();
}

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** The valid body, or it with a field removed, added or retyped, or something else entirely. */
export function mutate(rng: Rng, valid: Record<string, unknown>): { headers: Record<string, string>; body: string | Buffer } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const keys = Object.keys(valid);
  const body: Record<string, unknown> = { ...valid };
  switch (rng.int(12)) {
    case 0:
    case 1:
    case 2:
      break; // valid (or valid-looking with hostile strings in it)
    case 3:
      delete body[rng.pick(keys)];
      break;
    case 4:
      body[rng.pick(['extra', 'id', 'version', 'role', '__proto__', 'constructor', ''])] = wrongValue(rng);
      break;
    case 5:
    case 6:
      body[rng.pick(keys)] = wrongValue(rng);
      break;
    case 7:
      return { headers, body: JSON.stringify(wrongValue(rng)) ?? 'null' };
    case 8:
      return {
        headers,
        body: rng.pick([
          '{',
          '{"a":',
          '{"a":1,}',
          "{'a':1}",
          'null',
          '',
          '\u0000',
          '[]',
          '"str"',
          '{"a":"\\ud800"}',
          '{"a":1}{"b":2}',
          '\ufeff{"a":1}',
        ]),
      };
    case 9:
      return {
        headers: {
          'content-type': rng.pick([
            'text/plain',
            'application/xml',
            'application/x-www-form-urlencoded',
            'application/json; charset=latin1',
            'application/json; charset=utf-16',
            'multipart/form-data',
          ]),
        },
        body: JSON.stringify(body),
      };
    case 10:
      return { headers, body: Buffer.concat([Buffer.from('{"name":"'), crypto.randomBytes(64), Buffer.from('"}')]) }; // invalid UTF-8
    default:
      return { headers, body: JSON.stringify({ ...body, big: 'y'.repeat(300_000) }) }; // over the JSON limit
  }
  return { headers, body: JSON.stringify(body) };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function multipart(
  boundary: string,
  parts: { name: string; filename?: string; type?: string; data: Buffer | string }[],
  end = true,
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\n${disp}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`),
      Buffer.from(p.data),
      Buffer.from('\r\n'),
    );
  }
  if (end) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export function goodMultipart(rng: Rng): { headers: Record<string, string>; body: Buffer } {
  const b = `fuzz${rng.int(1e9)}`;
  const data = Buffer.concat([PDF, Buffer.from(`% ${rng.int(1e9)}\n`)]);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    body: multipart(b, [
      { name: 'item', data: rng.pick(['D-01', 'D-02', 'D-13']) },
      { name: 'file', filename: rng.pick(['a.pdf', weird(rng).slice(0, 300), '../../etc/passwd']), type: 'application/pdf', data },
    ]),
  };
}

export function badMultipart(rng: Rng): { headers: Record<string, string>; body: Buffer } {
  const b = `fuzz${rng.int(1e9)}`;
  const ct = { 'content-type': `multipart/form-data; boundary=${b}` };
  switch (rng.int(10)) {
    case 0:
      return { headers: { 'content-type': 'multipart/form-data' }, body: multipart(b, [{ name: 'item', data: 'D-01' }]) }; // no boundary
    case 1:
      return {
        headers: ct,
        body: multipart(
          b,
          [
            { name: 'item', data: 'D-01' },
            { name: 'file', filename: 'a.pdf', data: PDF },
          ],
          false,
        ).subarray(0, 60),
      }; // truncated
    case 2:
      return {
        headers: ct,
        body: multipart(b, [
          { name: 'item', data: 'D-01' },
          { name: 'file', filename: 'a.exe', data: Buffer.from('MZ\x90\x00 not a pdf') },
        ]),
      }; // wrong type
    case 3:
      return {
        headers: ct,
        body: multipart(b, [
          { name: 'item', data: 'D-01' },
          { name: 'file', filename: 'big.pdf', data: Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 32)]) },
        ]),
      }; // over the limit
    case 4:
      return {
        headers: ct,
        body: multipart(b, [
          { name: 'item', data: 'D-01' },
          { name: 'file', filename: 'a.pdf', data: PDF },
          { name: 'file', filename: 'b.pdf', data: PDF },
        ]),
      }; // two files
    case 5:
      return {
        headers: ct,
        body: multipart(
          b,
          Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, data: 'x' })),
        ),
      }; // too many parts
    case 6:
      return {
        headers: ct,
        body: multipart(b, [
          { name: 'item', data: 'x'.repeat(5000) },
          { name: 'file', filename: 'a.pdf', data: PDF },
        ]),
      }; // field too long
    case 7:
      return {
        headers: ct,
        body: Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n`),
      }; // header never ends
    case 8:
      return {
        headers: ct,
        body: multipart(b, [
          { name: 'item', data: rng.pick(['D-99', "' OR 1=1 --", '']) },
          { name: 'file', filename: 'a.pdf', data: PDF },
        ]),
      }; // unknown item
    default:
      return { headers: ct, body: crypto.randomBytes(200 + rng.int(2000)) }; // noise
  }
}
