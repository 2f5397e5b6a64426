import { Router } from 'express';
import type { AppContext } from '../context';

export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/api/health', async (_req, res) => {
    await ctx.db.knex.raw('select 1');
    res.json({ status: 'ok', database: ctx.db.dialect });
  });
  return r;
}
