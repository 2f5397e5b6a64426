/** A command-line mistake: printed with the command's name, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}
