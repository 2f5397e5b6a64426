/**
 * Builds the Express app from its parts. No module-level state: everything comes from the context,
 * so tests build as many apps as they like, on SQLite or PostgreSQL.
 */
import express from 'express';
import helmet from 'helmet';
import session from 'express-session';
import type { AppContext } from './context';
import { KnexSessionStore } from './auth/sessionStore';
import { loadActor } from './auth/actor';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { requestLog } from './http/requestLog';
import { apiRouter } from './routes';
import { apiCsrf } from './web/csrf';
import { staticFiles, webRoutes } from './web';

/** the public survey's API: the link's token is its only credential (routes/survey.ts) */
const SURVEY_ANSWER = /^\/api\/survey\/[^/]+$/;

/** helmet's headers with our content security policy (scripts, styles and forms from our origin only) */
export function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
}

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // only the proxies TRUST_PROXY names may set the client's address (X-Forwarded-For): otherwise any
  // client could choose its own address and slip past the per-address limits
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(requestLog(ctx.logger, { ignore: (url) => url === '/api/health' }));
  app.use(securityHeaders());
  // the API's answers are about one user at one moment: no cache keeps them (errors too)
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // static files need no session: served before it, so they never touch the session store
  app.use(staticFiles());
  // The anonymous survey API and the health check have no use for a session: express-session would
  // still make one (a random id, its hash) for every cookieless request and throw it away.
  const sessionless = (path: string) => path === '/api/health' || SURVEY_ANSWER.test(path);
  const sessions = session({
    name: 'cm.sid',
    secret: ctx.sessionSecret,
    store: new KnexSessionStore(ctx.db.knex, ctx.config.sessionIdleMinutes * 60_000),
    resave: false,
    saveUninitialized: false,
    // a browser-session cookie, sent once at sign-in; the store ends a session idle for
    // SESSION_IDLE_MINUTES, and every request moves that on (sessionStore.ts)
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies },
  });
  app.use((req, res, next) => (sessionless(req.path) ? next() : sessions(req, res, next)));
  app.use(loadActor(ctx));
  // Framework definitions and benchmark imports have their own parsers on their routes, which run
  // only after the caller is known to be an admin (routes/frameworks.ts, features/benchmark/routes.ts).
  const json = express.json({ limit: '256kb', strict: true });
  const ownParser = new Set(['/frameworks', '/benchmark/import']);
  app.use('/api', (req, res, next) =>
    req.method === 'POST' && ownParser.has(req.path.toLowerCase().replace(/\/+$/, '')) ? next() : json(req, res, next),
  );
  // browser requests to the API that ride on the session cookie must be same-origin with the CSRF token
  app.use('/api', apiCsrf(ctx.config.baseUrl));
  app.use(apiRouter(ctx));
  app.use(webRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
