/**
 * One error type for everything the HTTP layer answers: a stable code, a human message, the status and
 * optional details. Unknown errors become a generic 500 in the error handler; nothing else leaks.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'invalid_input', message, details);
export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You may not do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, details?: unknown, code = 'conflict') => new AppError(409, code, message, details);
export const unsupportedType = (message: string) => new AppError(415, 'unsupported_type', message);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
