import { Router } from 'express';
import type { AppContext } from '../context';

/** Peer benchmark, import/export and portfolio routes (issue 6). Filled in step by step. */
export function benchmarkRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
