import express, { Router } from 'express';
import type { AppContext } from '../context';
import { requireActor, requireRole, roleFirst } from '../auth/actor';
import { routeId } from '../http/params';
import { loadFramework, FrameworkValidationError } from '../../questionnaires';
import { frameworkById, listFrameworks, publishFramework } from '../services/frameworks';
import { inTransaction } from '../db/transaction';
import { badRequest } from '../errors';

export function frameworkRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/api/frameworks', async (req, res) => {
    requireActor(req);
    const rows = await listFrameworks(knex);
    res.json(rows.map((f) => ({ id: f.id, key: f.key, version: f.version, hash: f.hash, title: f.title })));
  });

  r.get('/api/frameworks/:id', async (req, res) => {
    requireActor(req);
    const { row, fw } = await frameworkById(knex, routeId(req) ?? -1);
    res.json({ id: row.id, hash: row.hash, definition: fw.definition });
  });

  // A framework definition is larger than ordinary bodies: its own limit, read for admins only.
  r.post('/api/frameworks', roleFirst('admin'), express.json({ limit: '2mb' }), async (req, res) => {
    const actor = requireRole(req, 'admin');
    let fw;
    try {
      fw = loadFramework(req.body);
    } catch (e) {
      if (e instanceof FrameworkValidationError)
        throw badRequest({ key: 'errors.frameworkInvalid', values: { count: e.errors.length } }, e.errors);
      throw e;
    }
    const row = await inTransaction(knex, (trx) => publishFramework(trx, fw, actor));
    res.status(201).json(row);
  });
  return r;
}
