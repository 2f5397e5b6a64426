import pino, { type Logger } from 'pino';

/**
 * JSON lines on stdout. Written asynchronously: under load, lines logged while a write is under way
 * go out together in the next one instead of one blocking write per request; pino writes what is
 * left when the process exits. Lines still buffered when the machine itself fails can be lost, which
 * is the trade every asynchronous logger makes; no record depends on a log line.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password'], remove: true },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
