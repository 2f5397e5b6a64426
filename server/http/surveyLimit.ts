/**
 * The limits on survey submissions, one set for the API and the public form together (one counter per
 * app: a client cannot take a limit twice by using both). A room of participants at a cluster meeting
 * answers from one address (80 answers within minutes, issue 19), so the limit is per link and address:
 * SURVEY_RATE_LIMIT answers a minute for one token from one address (default 120), and an address's
 * answers to all tokens together are held to five times that, so that trying token after token does
 * not multiply it. A personal link (its longer token, services/survey.ts PERSONAL_TOKEN_PATTERN) belongs to
 * one person: it is limited per token (PERSONAL_LINK_LIMIT requests a minute, its answer and its saved
 * drafts together) wherever it comes from, and the address's cap for personal tokens is twenty times
 * the open link's, against a flood of made-up tokens only. A flood (a thousand a minute) is turned
 * away either way. X-Forwarded-For counts only
 * when TRUST_PROXY says so (app.ts); express-rate-limit's warning about the header is then noise.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { AppContext } from '../context';
import { tooManyRequests } from '../errors';
import { PERSONAL_TOKEN_PATTERN } from '../services/survey';

/** requests a minute on one personal link */
export const PERSONAL_LINK_LIMIT = 20;
const personal = (req: { params: Record<string, unknown> }) => PERSONAL_TOKEN_PATTERN.test(String(req.params.token ?? ''));

const limiters = new WeakMap<AppContext, RequestHandler>();

export function surveyRateLimit(ctx: AppContext): RequestHandler {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    const common = {
      windowMs: 60_000,
      standardHeaders: 'draft-7' as const,
      legacyHeaders: false,
      validate: { xForwardedForHeader: false },
      handler: (_req: unknown, _res: unknown, next: (e: unknown) => void) =>
        next(tooManyRequests({ key: 'errors.tooManySurveySubmissions' })),
    };
    const perLink = rateLimit({
      ...common,
      limit: ctx.config.surveyRateLimit,
      keyGenerator: (req) => `${String(req.params.token ?? '').slice(0, 64)} ${ipKeyGenerator(req.ip ?? '')}`,
    });
    const perAddress = rateLimit({
      ...common,
      limit: ctx.config.surveyRateLimit * 5,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    });
    const perToken = rateLimit({
      ...common,
      limit: PERSONAL_LINK_LIMIT,
      keyGenerator: (req) => `personal ${String(req.params.token)}`,
    });
    const perAddressPersonal = rateLimit({
      ...common,
      limit: ctx.config.surveyRateLimit * 20,
      keyGenerator: (req) => `personal ${ipKeyGenerator(req.ip ?? '')}`,
    });
    limiter = (req, res, next) =>
      personal(req)
        ? perAddressPersonal(req, res, (e?: unknown) => (e ? next(e) : perToken(req, res, next)))
        : perAddress(req, res, (e?: unknown) => (e ? next(e) : perLink(req, res, next)));
    limiters.set(ctx, limiter);
  }
  return limiter;
}
