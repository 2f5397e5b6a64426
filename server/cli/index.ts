/**
 * `clustermark <command>`: serve, migrate, seed --demo, score, report, framework validate, user add,
 * backup, audit verify, audit rotate-key. Errors go to stderr with a non-zero exit: 2 for bad input (usage, invalid
 * files), 1 for anything else.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config';
import { commands, type Command } from './commands';
import { UsageError } from './usage';
import { ListenError } from '../main';

/** The first line of an error's message: a CLI error is one line on stderr, never a stack. */
function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]
    .trim();
}

/**
 * Errors that come from reaching or opening the database (connection refused, unknown host, bad
 * password or database name, an SQLite file that cannot be opened, knex's pool timeout).
 */
export function isDatabaseError(e: unknown): boolean {
  const err = e as { code?: unknown; name?: unknown; syscall?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  const code = typeof err.code === 'string' ? err.code : '';
  if (err.name === 'KnexTimeoutError') return true;
  if (/^SQLITE_/.test(code)) return true;
  // PostgreSQL: connection exceptions (08), invalid authorisation (28), invalid catalog name (3D), insufficient resources (53), operator intervention (57)
  if (/^(08|28|3D|53|57)[0-9A-Z]{3}$/.test(code)) return true;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code) &&
    err.syscall !== 'listen'
  );
}

const HELP = `Usage: clustermark <command> [options]

Commands:
  serve                                  start the server (PORT, DATA_DIR, DATABASE_URL, DEMO, …)
  migrate [--down]                       run the database migrations (or roll all of them back)
  seed --demo                            seed the demo data into an empty database
  score <evidence.json> [--as-of DATE] [--framework FILE]
                                         print the score of an evidence file as JSON
  report <evidence.json> -o <file.pdf> [--lang en|nb] [--date YYYY-MM-DD] [--certificate FILE]
                                         write the PDF report (and optionally the certificate)
  framework validate <file>              validate a framework definition
  user add --email E --name N --role R [--password P] [--certification C] [--country CC] [--cluster ID]
                                         add a user (password also from CLUSTERMARK_PASSWORD)
  backup <file>                          write a consistent copy of the SQLite database
  survey-reminders                       send the survey reminders that are due now (one tick of the server's schedule)
  audit verify [--head FILE | --no-head] check the audit log: its keyed chain, its length against the
                                         chain head (DATA_DIR/audit-head.json), decisions and labels
  audit rotate-key                       add a new audit key to DATA_DIR/audit-keys (used from the next start)
`;

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.write(HELP);
    return name ? 0 : 2;
  }
  const command: Command | undefined = commands[name];
  if (!command) {
    err.write(`clustermark: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals, { out, err });
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`clustermark: configuration error: ${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      err.write(`clustermark ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    if (e instanceof ListenError) {
      err.write(`clustermark ${name}: ${e.message}\n`);
      return 1;
    }
    if (isDatabaseError(e)) {
      err.write(`clustermark ${name}: database error: ${firstLine(e)}\n`);
      return 1;
    }
    throw e;
  }
}
