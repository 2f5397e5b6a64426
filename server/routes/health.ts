import { Router } from 'express';
import type { AppContext } from '../context';
import { ping } from '../db/ping';

/** How long the health check waits for the database before it calls it unreachable. */
export const HEALTH_TIMEOUT_MS = 3000;

/**
 * The load balancer's question: 200 when the database answers, 503 while it does not (a fault of a
 * dependency, which the balancer should route around, not a fault in this request).
 */
export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/api/health', async (req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ping(ctx.db.knex),
        new Promise(
          (_resolve, reject) =>
            (timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS)),
        ),
      ]);
    } catch (err) {
      req.log.warn({ err }, 'health check: the database does not answer');
      res.status(503).json({
        status: 'unavailable',
        database: ctx.db.dialect,
        error: { code: 'database_unavailable', message: 'The database does not answer.' },
      });
      return;
    } finally {
      clearTimeout(timer);
    }
    res.json({ status: 'ok', database: ctx.db.dialect });
  });
  return r;
}
