/**
 * The per-address limit on survey submissions, one for the API and the public form together (one
 * counter per app: a client cannot take the limit twice by using both). X-Forwarded-For counts only
 * when TRUST_PROXY says so (app.ts); express-rate-limit's warning about the header is then noise.
 */
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import type { AppContext } from '../context';
import { tooManyRequests } from '../errors';

const limiters = new WeakMap<AppContext, RateLimitRequestHandler>();

export function surveyRateLimit(ctx: AppContext): RateLimitRequestHandler {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    limiter = rateLimit({
      windowMs: 60_000,
      limit: ctx.config.surveyRateLimit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      validate: { xForwardedForHeader: false },
      handler: (_req, _res, next) => next(tooManyRequests({ key: 'errors.tooManySurveySubmissions' })),
    });
    limiters.set(ctx, limiter);
  }
  return limiter;
}
