/**
 * One Ajv instance for every request schema. Schemas are TypeBox objects, so the validator and the
 * TypeScript type of a body come from the same declaration. ajv errors become readable messages
 * with the field path.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import type { RequestHandler } from 'express';
import { badRequest } from '../errors';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);

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

/** Validates `value` against `schema`; throws a 400 naming every bad field. */
export function check<T extends TSchema>(schema: T, value: unknown, what = 'Request body'): Static<T> {
  const fn = compiled(schema);
  if (!fn(value)) {
    const details = describeAjvErrors(fn.errors);
    throw badRequest(`${what} is invalid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
  }
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
