import fs from 'node:fs';

/** A command-line mistake: printed with the command's name, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** A JSON file named on the command line (a usage error when it cannot be read or parsed). */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}
