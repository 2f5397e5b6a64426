/**
 * The JSON error format of the contract for every error: {"error":{"code","message","details"}}.
 * Known errors keep their status; body-parser and multer errors are mapped; anything else is a 500
 * whose detail goes to the log, never to the client. `message` is in the request's language (see
 * http/lang.ts) where the error has a catalogue key; `code` and `details` never change with it.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { format } from '../../messages';
import { AppError } from '../errors';
import { requestLang } from './lang';
import { ScoringError } from '../../scoring/errors';

export const notFoundHandler: RequestHandler = (req, res) => {
  res.setHeader('Cache-Control', 'no-store');
  res
    .status(404)
    .json({ error: { code: 'not_found', message: format(requestLang(req), 'errors.noRoute', { method: req.method, path: req.path }) } });
};

/** The AppError a known error stands for (body-parser, multer), or null for a server fault. */
export function translate(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // The engine refuses evidence it cannot score (a state the stored evidence reached): a conflict
  // with the assessment's state, named, never a 500 (the score page shows the same problems).
  if (err instanceof ScoringError)
    return new AppError(409, err.code, { key: 'errors.evidenceCannotBeScored', values: { message: err.message } }, err.details);
  const e = err as { type?: string; status?: number; code?: string; name?: string; message?: string; field?: string };
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'malformed_json', { key: 'errors.malformedJson' });
  if (e?.type === 'entity.too.large') return new AppError(413, 'too_large', { key: 'errors.bodyTooLarge' });
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new AppError(415, 'unsupported_type', { key: 'errors.encodingNotSupported' });
  }
  if (e?.name === 'MulterError') {
    if (e.code === 'LIMIT_FILE_SIZE') return new AppError(413, 'too_large', { key: 'errors.fileTooLarge' });
    return new AppError(
      400,
      'invalid_upload',
      { key: 'errors.invalidUpload', values: { message: e.message ?? '' } },
      { field: e.field ?? null },
    );
  }
  if (
    e?.message === 'Unexpected end of form' ||
    e?.message === 'Multipart: Boundary not found' ||
    /^Malformed part header|^Part terminated early|^Unexpected end/.test(e?.message ?? '')
  ) {
    return new AppError(400, 'invalid_upload', { key: 'errors.malformedMultipart' });
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(e.status, 'invalid_request', e.message ?? { key: 'errors.invalidRequest' });
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
    const body: Record<string, unknown> = { code: known.code, message: known.localized(requestLang(req)) };
    if (known.details !== undefined) body.details = known.details;
    res.status(known.status).json({ error: body });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: format(requestLang(req), 'errors.internal') } });
};
