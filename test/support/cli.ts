/**
 * Runs the CLI's main() in this process, as a test would type it: arguments, environment variables set
 * for the call (undefined: unset) and put back afterwards, and what it wrote to stdout and stderr.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../server/cli';

export async function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await main(args, out, err);
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
