/**
 * The JSON error format of the contract for every error: {"error":{"code","message","details"}}.
 * Known errors keep their status; body-parser and multer errors are mapped; anything else is a 500
 * whose detail goes to the log, never to the client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors';
import { ScoringError } from '../../scoring/errors';

export const notFoundHandler: RequestHandler = (req, res) => {
  res.setHeader('Cache-Control', 'no-store');
  res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.` } });
};

/** The AppError a known error stands for (body-parser, multer), or null for a server fault. */
export function translate(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // The engine refuses evidence it cannot score (a state the stored evidence reached): a conflict
  // with the assessment's state, named, never a 500 (the score page shows the same problems).
  if (err instanceof ScoringError) return new AppError(409, err.code, `The evidence cannot be scored. ${err.message}`, err.details);
  const e = err as { type?: string; status?: number; code?: string; name?: string; message?: string; field?: string };
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new AppError(413, 'too_large', 'The request body is too large.');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new AppError(415, 'unsupported_type', 'The request body encoding is not supported.');
  }
  if (e?.name === 'MulterError') {
    if (e.code === 'LIMIT_FILE_SIZE') return new AppError(413, 'too_large', 'The file is larger than the upload limit.');
    return new AppError(400, 'invalid_upload', `The upload is invalid: ${e.message}`, { field: e.field ?? null });
  }
  if (e?.message === 'Unexpected end of form' || e?.message === 'Multipart: Boundary not found' || /^Malformed part header|^Part terminated early|^Unexpected end/.test(e?.message ?? '')) {
    return new AppError(400, 'invalid_upload', 'The multipart body is malformed.');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(e.status, 'invalid_request', e.message ?? 'The request is invalid.');
  }
  return null;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = translate(err);
  if (res.headersSent) {
    req.log?.error({ err }, 'error after headers were sent');
    res.destroy();
    return;
  }
  // an error answer is about this request only: no cache may keep it (app.ts says the same for /api)
  res.setHeader('Cache-Control', 'no-store');
  if (known) {
    const body: Record<string, unknown> = { code: known.code, message: known.message };
    if (known.details !== undefined) body.details = known.details;
    res.status(known.status).json({ error: body });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.' } });
};
