/**
 * Starts the server: configuration, database, bootstrap, HTTP, and a graceful shutdown on SIGTERM and
 * SIGINT (stop accepting, finish what is in flight, close the database).
 */
import type { Server } from 'node:http';
import { loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { openDatabase, sqliteFileIn, type Database } from './db/knex';
import { bootstrap } from './bootstrap';
import { createApp } from './app';
import { resolveSessionSecret } from './secrets';
import { MailSender } from './services/mail';
import { ReminderScheduler } from './services/surveyParticipants';
import { startLabelExpiryChecks } from './services/notifications';

export interface Running {
  server: Server;
  db: Database;
  config: Config;
  stop(): Promise<void>;
}

export async function start(config: Config = loadConfig()): Promise<Running> {
  const logger = createLogger(config.logLevel);
  const db = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.dataDir) });
  await bootstrap(db, config, logger);
  const app = createApp({ db, config, logger, sessionSecret: resolveSessionSecret(config) });
  let server: Server;
  try {
    server = await listen(app, config.port);
  } catch (e) {
    await db.close();
    throw e;
  }
  // the outbox's sender loop (services/mail.ts): stopped before the database closes
  const mail = new MailSender({ db: db.knex, config, logger });
  mail.start();
  // the survey reminder schedules (services/surveyParticipants.ts), safe beside other instances
  const reminders = new ReminderScheduler({ db: db.knex, baseUrl: config.baseUrl, logger });
  reminders.start();
  // the daily label expiry check (services/notifications.ts): safe with several instances
  const expiry = startLabelExpiryChecks({ db: db.knex, logger });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  logger.info({ port, database: db.dialect }, `ClusterMark listening on http://localhost:${port}`);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      await expiry.stop();
      await reminders.stop();
      await mail.stop();
      await db.close();
    })());
  return { server, db, config, stop };
}

/** Why the server could not listen, in one line naming the port and the variable that sets it. */
export class ListenError extends Error {
  constructor(
    readonly port: number,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    const why =
      cause.code === 'EADDRINUSE' ? 'the port is in use by another program' : cause.code === 'EACCES' ? 'permission denied' : cause.message;
    super(`cannot listen on port ${port}: ${why}; set PORT to a free port`);
    this.name = 'ListenError';
  }
}

/**
 * Express 5 hands a listen error (EADDRINUSE, EACCES) to the listen callback instead of throwing it:
 * a callback that ignores its argument would report "listening" while holding no socket.
 */
function listen(app: ReturnType<typeof createApp>, port: number): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, (err?: Error) => (err ? reject(new ListenError(port, err)) : resolve(s)));
  });
}

export function stopOnSignals(running: Running): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
