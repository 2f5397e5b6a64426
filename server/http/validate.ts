/**
 * One Ajv instance for every request schema. Schemas are TypeBox objects, so the validator and the
 * TypeScript type of a body come from the same declaration. ajv errors become readable messages
 * with the field path.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import type { RequestHandler } from 'express';
import { Type } from '@sinclair/typebox';
import { badRequest } from '../errors';
import { isCountryCode } from '../../messages';

/** The largest row id: both databases' `integer` (PostgreSQL refuses a larger one with an error). */
export const MAX_ID = 2147483647;
/** A row id in a request body. */
export const RowId = () => Type.Integer({ minimum: 1, maximum: MAX_ID });

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);
// one of the ISO 3166-1 alpha-2 codes of messages/countries.ts: a format, so that a refusal names it
// ("must match format \"country\"") instead of quoting a pattern of 249 codes
ajv.addFormat('country', { type: 'string', validate: isCountryCode });

/** A country of a user or a cluster: an ISO 3166-1 alpha-2 code of the list (messages/countries.ts), nothing else. */
export const CountryCode = () => Type.String({ format: 'country', description: 'ISO 3166-1 alpha-2 country code' });

const cache = new WeakMap<TSchema, ValidateFunction>();

function compiled(schema: TSchema): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export interface FieldError {
  path: string;
  message: string;
}

export function describeAjvErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    let path = e.instancePath || '/';
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = `${e.instancePath}/${extra}`;
      message = 'is not allowed here';
    } else if (e.keyword === 'required') {
      path = `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return { path, message };
  });
}

/** NUL, and UTF-16 surrogates without their pair (JSON allows both as escapes). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Paths of strings (keys too) that no database could keep as sent: PostgreSQL refuses NUL in text,
 * and a lone surrogate has no UTF-8 form, so both databases would store something else. Refused
 * rather than silently altered, the same on both databases.
 */
export function unstorableStrings(value: unknown, path = '', out: FieldError[] = [], depth = 0): FieldError[] {
  if (out.length >= 10 || depth > 64) return out;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) out.push({ path: path || '/', message: 'contains a NUL character or an unpaired surrogate' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableStrings(v, `${path}/${i}`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) out.push({ path: `${path}/${k}`, message: 'has a name with a NUL character or an unpaired surrogate' });
      unstorableStrings(v, `${path}/${k}`, out, depth + 1);
    }
  }
  return out;
}

/** What `check` validates, as the catalogue names it ("Request body is invalid: …"). */
const INPUTS = {
  requestBody: { key: 'errors.inputs.requestBody' },
  query: { key: 'errors.inputs.query' },
  row: { key: 'errors.inputs.row' },
  user: { key: 'errors.inputs.user' },
};

/** 400 for bad fields: the message from the catalogue, the fields themselves as ajv words them (technical and stable). */
function invalid(what: keyof typeof INPUTS, details: FieldError[]) {
  const fields = details.map((d) => `${d.path} ${d.message}`).join('; ');
  return badRequest({ key: 'errors.inputInvalid', values: { what: INPUTS[what], fields } }, details);
}

/** Validates `value` against `schema`; throws a 400 naming every bad field. */
export function check<T extends TSchema>(schema: T, value: unknown, what: keyof typeof INPUTS = 'requestBody'): Static<T> {
  const unstorable = unstorableStrings(value);
  if (unstorable.length) throw invalid(what, unstorable);
  const fn = compiled(schema);
  if (!fn(value)) throw invalid(what, describeAjvErrors(fn.errors));
  return value as Static<T>;
}

/** Middleware form of `check` for JSON bodies. */
export function body<T extends TSchema>(schema: T): RequestHandler {
  return (req, _res, next) => {
    check(schema, req.body ?? {});
    next();
  };
}

/** Parses a positive integer route or query parameter; 404 for ids (an id that cannot exist). */
export function idParam(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= 2147483647 ? n : null;
}
