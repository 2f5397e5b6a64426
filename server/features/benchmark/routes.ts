/**
 * The peer benchmark (issue 6): peer distributions, import and anonymised export of benchmark
 * records, and the programme portfolio.
 *
 * Import modes: `mode=all` (default) imports nothing when any row is refused and answers 400
 * `import_refused` with the report in `error.details`; `mode=valid-only` imports the good rows and
 * answers 200 with the report. Bodies: `text/csv`, a JSON array (`application/json`, within the app's
 * JSON limit), or multipart with a `file` field holding a .csv or .json file (up to 10 MB).
 */
import express, { Router, type Request } from 'express';
import multer from 'multer';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context';
import { check } from '../../http/validate';
import { requireActor, requireRole, roleFirst } from '../../auth/actor';
import { AppError, badRequest, unsupportedType } from '../../errors';
import { parseDate } from '../../../scoring/dates';
import { AGE_BANDS } from './scores';
import { peerDistribution } from './peers';
import { exportRows, importRecords, rowsFromCsv, rowsFromJson, toCsv } from './import';
import { portfolio } from './portfolio';

const MAX_FILE = 10 * 1024 * 1024;
const Country = Type.String({ pattern: '^[A-Z]{2}$' });
const Sector = Type.String({ minLength: 1, maxLength: 120 });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const BenchmarkQuery = Type.Object(
  {
    indicator: Type.Optional(Type.String({ pattern: '^[A-Z]{3}-\\d{2}$' })),
    area: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    country: Type.Optional(Country),
    sector: Type.Optional(Sector),
    ageBand: Type.Optional(Type.Union(AGE_BANDS.map((b) => Type.Literal(b)))),
    excellence: Type.Optional(Type.Union([Type.Literal('gold'), Type.Literal('labelled')])),
    value: Type.Optional(Type.String({ pattern: '^-?\\d{1,9}(\\.\\d{1,6})?$' })),
    asOf: Type.Optional(DateText),
  },
  { additionalProperties: false },
);
const ImportQuery = Type.Object(
  { mode: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('valid-only')])) },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')])),
    country: Type.Optional(Country),
    sector: Type.Optional(Sector),
  },
  { additionalProperties: false },
);
const PortfolioQuery = Type.Object(
  {
    country: Country,
    sector: Type.Optional(Sector),
    asOf: Type.Optional(DateText),
    renewalMonths: Type.Optional(Type.String({ pattern: '^([1-9]|1\\d|2[0-4])$' })),
  },
  { additionalProperties: false },
);

const today = () => new Date().toISOString().slice(0, 10);

function asOfOf(raw: string | undefined): string {
  if (raw === undefined) return today();
  if (!parseDate(raw)) throw badRequest({ key: 'errors.notADate', values: { value: raw } }, [{ path: '/asOf', message: 'is not a date' }]);
  return raw;
}

/** The import's rows from whichever body the client sent. */
function importRows(req: Request): { rows: unknown[]; format: 'csv' | 'json' } {
  const file = (req as Request & { file?: Express.Multer.File }).file;
  if (file) {
    const text = file.buffer.toString('utf8');
    const json = /\.json$/i.test(file.originalname) || file.mimetype === 'application/json' || /^\s*\[/.test(text.replace(/^\uFEFF/, ''));
    return json ? { rows: rowsFromJson(text), format: 'json' } : { rows: rowsFromCsv(text), format: 'csv' };
  }
  if (req.is('text/csv') || req.is('text/plain')) {
    if (typeof req.body !== 'string') throw badRequest({ key: 'errors.csvBodyEmpty' });
    return { rows: rowsFromCsv(req.body), format: 'csv' };
  }
  if (req.is('application/json')) return { rows: rowsFromJson(req.body), format: 'json' };
  if (req.is('multipart/form-data')) throw badRequest({ key: 'errors.multipartNoFile' });
  throw unsupportedType({ key: 'errors.importTypes' });
}

export function benchmarkRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_FILE, files: 1, fields: 5 }, defParamCharset: 'utf8' });
  // a JSON array within the app's JSON limit (app.ts leaves this route's body to it)
  const json = express.json({ limit: '256kb', strict: true });
  const csvText = express.text({ type: ['text/csv', 'text/plain'], limit: MAX_FILE });

  r.get('/api/benchmark', async (req, res) => {
    requireActor(req);
    const q = check(BenchmarkQuery, { ...req.query }, 'query');
    res.json(await peerDistribution(knex, { ...q, asOf: () => asOfOf(q.asOf), value: q.value === undefined ? null : Number(q.value) }));
  });

  // the body (up to 10 MB) is read only once the caller is known to be an admin
  r.post('/api/benchmark/import', roleFirst('admin'), json, csvText, upload.single('file'), async (req, res) => {
    const actor = requireRole(req, 'admin');
    const { mode = 'all' } = check(ImportQuery, { ...req.query }, 'query');
    const { rows, format } = importRows(req);
    const report = await importRecords(knex, rows, { mode, actorId: actor.id, today: today(), format });
    if (report.refused.length && mode === 'all') {
      throw new AppError(
        400,
        'import_refused',
        { key: 'errors.importRefused', values: { refused: report.refused.length, rows: report.rows } },
        report,
      );
    }
    res.json(report);
  });

  r.get('/api/benchmark/export', async (req, res) => {
    requireRole(req, 'admin');
    const q = check(ExportQuery, { ...req.query }, 'query');
    const rows = await exportRows(knex, ctx.sessionSecret, { country: q.country, sector: q.sector });
    const name = `benchmark-export-${today()}`;
    if (q.format === 'json') {
      res.setHeader('Content-Disposition', `attachment; filename="${name}.json"`);
      res.json(rows);
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.send(toCsv(rows));
  });

  r.get('/api/portfolio', async (req, res) => {
    requireRole(req, 'admin', 'benchmarker');
    const q = check(PortfolioQuery, { ...req.query }, 'query');
    res.json(
      await portfolio(knex, {
        country: q.country,
        sector: q.sector,
        asOf: asOfOf(q.asOf),
        renewalMonths: q.renewalMonths ? Number(q.renewalMonths) : 6,
      }),
    );
  });
  return r;
}
