/**
 * One log line per request (pino): who asked what, the answer's status and how long it took; a
 * warning when the client went away before the answer, an error line for a 5xx. `req.log` is a child
 * logger bound to the request's id, for the code that logs about a request (errors, mostly).
 *
 * This replaced pino-http, which makes a child logger for every request up front, with its request
 * bindings serialised, and keeps arrays of loggers on the request and response: measured with
 * `BENCH_ONLY=me npm run bench:api`, that cost a signed-in request a fifth of its throughput. Here the
 * line is written once, at the end, and the child logger is made only when some code asks for it.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id: number;
      log: Logger;
    }
  }
}

/**
 * A survey link's token is its only credential (routes/survey.ts, web/pages/survey.ts): whoever reads
 * the log could answer the survey as someone else. The path segment after /survey/ is logged as ':token'.
 */
const SURVEY_TOKEN = /^(\/(?:api\/)?survey\/)[^/?#]+/i;

export function redactUrl(url: string): string {
  return url.replace(SURVEY_TOKEN, '$1:token');
}

export function requestLog(logger: Logger, opts: { ignore?: (url: string) => boolean } = {}): RequestHandler {
  let sequence = 0;
  // `req.log` is a getter on the app's request prototype, defined once: defining it on every request
  // gave every request object a property of its own to build (measured with `npm run bench:floor`)
  const prototypes = new WeakSet<object>();
  return (req, res, next) => {
    const id = ++sequence;
    const started = performance.now();
    req.id = id;
    const proto = Object.getPrototypeOf(req) as object;
    if (!prototypes.has(proto)) {
      prototypes.add(proto);
      Object.defineProperty(proto, 'log', {
        configurable: true,
        enumerable: false,
        get(this: Express.Request & { logChild?: Logger }) {
          return (this.logChild ??= logger.child({ reqId: this.id }));
        },
      });
    }
    if (opts.ignore?.(req.url)) return next();
    const { method } = req;
    const url = redactUrl(req.originalUrl);
    // 'close' comes after every answer, finished or not (Node emits it after 'finish' too): one listener
    res.once('close', () => {
      const line = {
        reqId: id,
        req: { method, url, remoteAddress: req.socket?.remoteAddress },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (!res.writableFinished) logger.warn(line, 'request aborted');
      else if (res.statusCode >= 500) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
