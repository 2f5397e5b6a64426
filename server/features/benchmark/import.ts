/**
 * Import of benchmark records from CSV or JSON, row by row, and export of anonymised records in the
 * same format (an export can be imported elsewhere).
 *
 * Every row is checked (shape, dates, label and expiry, each value against its indicator's range,
 * a given total against the points the values give, refs unique in the file and the database) and
 * every refused row is reported with all its reasons. Points are always computed from the values.
 * Mode `all` (the default) imports nothing when any row is refused; mode `valid-only` imports the
 * good rows and reports the others. Either way the import is one transaction: all of it or none.
 */
import crypto from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Db } from '../../db/types';
import { AppError, badRequest, conflict } from '../../errors';
import { check, type FieldError } from '../../http/validate';
import { parseDate } from '../../../scoring/dates';
import { appendAudit } from '../../services/audit';
import { inTransaction } from '../../db/transaction';
import { isUniqueViolation } from '../../db/dialect';
import { FRAMEWORK_KEY, qualityIndicators, rangeOf, roundValue, scoreValues } from './scores';
import { allRecords, existingRefs, insertRecords } from './store';
import type { BenchmarkRecord } from './types';

export const MAX_IMPORT_ROWS = 20_000;
export type ImportMode = 'all' | 'valid-only';

const Key = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

let rowSchema: ReturnType<typeof makeRowSchema> | undefined;
function makeRowSchema() {
  const values: Record<string, ReturnType<typeof Type.Union>> = {};
  for (const i of qualityIndicators()) values[i.id] = Type.Union([Type.Number(), Type.Null()]);
  return Type.Object(
    {
      ref: Key,
      peerKey: Type.Optional(Type.Union([Key, Type.Null()])),
      country: Type.String({ pattern: '^[A-Z]{2}$' }),
      sector: Type.String({ minLength: 1, maxLength: 120 }),
      foundedYear: Type.Integer({ minimum: 1900, maximum: 2100 }),
      assessedOn: DateText,
      label: Type.Optional(Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold'), Type.Null()])),
      labelValidUntil: Type.Optional(Type.Union([DateText, Type.Null()])),
      totalPoints: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
      values: Type.Partial(Type.Object(values, { additionalProperties: false })),
    },
    { additionalProperties: false },
  );
}
/** One record as imported (JSON) and exported; a CSV row maps onto it column by column. */
export const ImportRow = () => (rowSchema ??= makeRowSchema());
export type ImportRowInput = Static<ReturnType<typeof makeRowSchema>>;

export const CSV_FIELDS = [
  'ref',
  'peer_key',
  'country',
  'sector',
  'founded_year',
  'assessed_on',
  'label',
  'label_valid_until',
  'total_points',
] as const;
const CSV_TO_FIELD: Record<string, string> = {
  ref: 'ref',
  peer_key: 'peerKey',
  country: 'country',
  sector: 'sector',
  founded_year: 'foundedYear',
  assessed_on: 'assessedOn',
  label: 'label',
  label_valid_until: 'labelValidUntil',
  total_points: 'totalPoints',
};
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

export interface RefusedRow {
  /** 1-based data row (the CSV header and the JSON brackets are not rows) */
  row: number;
  ref: string | null;
  errors: string[];
}

export interface ImportReport {
  mode: ImportMode;
  rows: number;
  imported: number;
  refused: RefusedRow[];
}

/** CSV text → row objects. File-level problems (bad CSV, unknown or missing columns) are a 400. */
export function rowsFromCsv(text: string): unknown[] {
  let table: string[][];
  try {
    table = parseCsv(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (e) {
    throw badRequest({ key: 'errors.csvUnreadable', values: { message: (e as Error).message } });
  }
  if (table.length === 0) throw badRequest({ key: 'errors.csvEmpty' });
  const header = table[0];
  const indicatorIds = new Set(qualityIndicators().map((i) => i.id));
  const unknown = header.filter((h) => !(h in CSV_TO_FIELD) && !indicatorIds.has(h));
  const missing = ['ref', 'country', 'sector', 'founded_year', 'assessed_on'].filter((h) => !header.includes(h));
  const duplicate = header.filter((h, i) => header.indexOf(h) !== i);
  if (unknown.length || missing.length || duplicate.length) {
    const list = (
      [
        ['errors.csvHeader.unknown', unknown],
        ['errors.csvHeader.missing', missing],
        ['errors.csvHeader.duplicate', duplicate],
      ] as const
    )
      .filter(([, columns]) => columns.length)
      .map(([key, columns]) => ({ key, values: { columns: columns.join(', ') } }));
    throw badRequest({ key: 'errors.csvHeaderInvalid', values: { problems: { list, separator: '; ' } } }, { unknown, missing, duplicate });
  }
  return table.slice(1).map((cells) => {
    const row: Record<string, unknown> = { values: {} };
    header.forEach((h, i) => {
      const cell = cells[i];
      if (indicatorIds.has(h)) (row.values as Record<string, unknown>)[h] = cell === '' ? null : NUMBER.test(cell) ? Number(cell) : cell;
      else if (cell !== '')
        row[CSV_TO_FIELD[h]] = (h === 'founded_year' || h === 'total_points') && NUMBER.test(cell) ? Number(cell) : cell;
    });
    return row;
  });
}

/** JSON text or an already parsed body → row objects. */
export function rowsFromJson(body: unknown): unknown[] {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body.replace(/^\uFEFF/, ''));
    } catch {
      throw new AppError(400, 'malformed_json', { key: 'errors.fileNotJson' });
    }
  }
  if (!Array.isArray(value)) throw badRequest({ key: 'errors.jsonImportNotArray' });
  return value;
}

/** Checks one row; returns the record, or the reasons it is refused. */
export function validateRow(raw: unknown, today: string): { record: BenchmarkRecord } | { errors: string[] } {
  let row: ImportRowInput;
  try {
    row = check(ImportRow(), raw, 'row');
  } catch (e) {
    const details = (e as AppError).details as FieldError[] | undefined;
    return { errors: (details ?? [{ path: '/', message: 'is invalid' }]).map((d) => `${d.path} ${d.message}`) };
  }
  const errors: string[] = [];
  const assessed = parseDate(row.assessedOn);
  if (!assessed) errors.push(`/assessedOn ${row.assessedOn} is not a date`);
  else if (row.assessedOn > today) errors.push(`/assessedOn ${row.assessedOn} is in the future`);
  else if (row.foundedYear > assessed.y) errors.push(`/foundedYear ${row.foundedYear} is after the assessment`);
  const label = row.label ?? null;
  const until = row.labelValidUntil ?? null;
  if (label && !until) errors.push('/labelValidUntil is required with a label');
  if (!label && until) errors.push('/labelValidUntil is given without a label');
  if (until && !parseDate(until)) errors.push(`/labelValidUntil ${until} is not a date`);
  else if (until && row.assessedOn >= until) errors.push('/labelValidUntil must be after the assessment');
  const values: Record<string, number | null> = {};
  for (const indicator of qualityIndicators()) {
    const v = (row.values as Record<string, number | null | undefined>)[indicator.id];
    if (v == null) {
      values[indicator.id] = null;
      continue;
    }
    const range = rangeOf(indicator);
    if (v < range.min || v > range.max) errors.push(`/values/${indicator.id} ${v} is outside ${range.min}–${range.max}`);
    else if (range.integer && !Number.isInteger(v)) errors.push(`/values/${indicator.id} ${v} must be a whole number`);
    values[indicator.id] = roundValue(indicator, v);
  }
  if (errors.length) return { errors };
  const scores = scoreValues(values);
  if (row.totalPoints != null && row.totalPoints !== scores.totalPoints) {
    return { errors: [`/totalPoints ${row.totalPoints} does not match the ${scores.totalPoints} points its values give`] };
  }
  return {
    record: {
      ref: row.ref,
      peerKey: row.peerKey ? `import:${row.peerKey}` : null,
      source: 'import',
      country: row.country,
      sector: row.sector,
      foundedYear: row.foundedYear,
      assessedOn: row.assessedOn,
      frameworkKey: FRAMEWORK_KEY,
      label,
      labelValidUntil: until,
      indicatorValues: values,
      ...scores,
      assessmentId: null,
      clusterId: null,
    },
  };
}

/** Validates every row, then imports in one transaction according to `mode`. */
export async function importRecords(
  knex: Db,
  rows: unknown[],
  opts: { mode: ImportMode; actorId: number; today: string; format: 'csv' | 'json' },
): Promise<ImportReport> {
  if (rows.length === 0) throw badRequest({ key: 'errors.noRecords' });
  if (rows.length > MAX_IMPORT_ROWS)
    throw badRequest({ key: 'errors.tooManyRecords', values: { rows: rows.length, max: MAX_IMPORT_ROWS } });
  const refused: RefusedRow[] = [];
  const good: { row: number; record: BenchmarkRecord }[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, i) => {
    const result = validateRow(raw, opts.today);
    const ref = typeof (raw as { ref?: unknown })?.ref === 'string' ? (raw as { ref: string }).ref : null;
    const errors = 'errors' in result ? result.errors : [];
    if (ref !== null && seen.has(ref)) errors.push(`/ref ${ref} repeats row ${seen.get(ref)}`);
    else if (ref !== null) seen.set(ref, i + 1);
    if (errors.length) refused.push({ row: i + 1, ref, errors });
    else good.push({ row: i + 1, record: (result as { record: BenchmarkRecord }).record });
  });
  try {
    return await inTransaction(knex, async (trx) => {
      const taken = await existingRefs(
        trx,
        good.map((g) => g.record.ref),
      );
      const fresh = good.filter((g) => {
        if (!taken.has(g.record.ref)) return true;
        refused.push({ row: g.row, ref: g.record.ref, errors: [`/ref ${g.record.ref} is already in the benchmark database`] });
        return false;
      });
      refused.sort((a, b) => a.row - b.row);
      const report: ImportReport = { mode: opts.mode, rows: rows.length, imported: 0, refused };
      if (refused.length && opts.mode === 'all') return report;
      report.imported = await insertRecords(
        trx,
        fresh.map((g) => g.record),
      );
      await appendAudit(trx, {
        actorId: opts.actorId,
        action: 'benchmark.import',
        entity: 'benchmark_records',
        entityId: null,
        after: { format: opts.format, mode: opts.mode, rows: rows.length, imported: report.imported, refused: refused.length },
      });
      return report;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict({ key: 'errors.importRace' });
    throw e;
  }
}

/** A keyed hash: the same ref always gives the same code on this installation, and cannot be reversed by guessing refs without the key. */
export function anonymise(secret: string, kind: string, value: string): string {
  return crypto.createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex').slice(0, 32);
}

export interface ExportFilter {
  country?: string;
  sector?: string;
}

/** Every record as an import row, with ref and cluster key hashed and no link to clusters or assessments. */
export async function exportRows(knex: Db, secret: string, filter: ExportFilter): Promise<ImportRowInput[]> {
  return (await allRecords(knex, filter)).map((r) => {
    return {
      ref: anonymise(secret, 'ref', r.ref),
      peerKey: r.peerKey ? anonymise(secret, 'peer', r.peerKey) : null,
      country: r.country,
      sector: r.sector,
      foundedYear: r.foundedYear,
      assessedOn: r.assessedOn,
      label: r.label,
      labelValidUntil: r.labelValidUntil,
      totalPoints: r.totalPoints,
      values: r.indicatorValues,
    };
  });
}

const csvCell = (v: unknown): string => {
  if (v == null) return '';
  let s = String(v);
  // a text cell a spreadsheet would run as a formula is defused with a leading apostrophe
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(rows: ImportRowInput[]): string {
  const ids = qualityIndicators().map((i) => i.id);
  const lines = [[...CSV_FIELDS, ...ids].join(',')];
  for (const r of rows) {
    const fixed = [r.ref, r.peerKey, r.country, r.sector, r.foundedYear, r.assessedOn, r.label, r.labelValidUntil, r.totalPoints];
    lines.push([...fixed, ...ids.map((id) => (r.values as Record<string, unknown>)[id])].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
