/**
 * The only reader of process.env. Every variable is checked at start; a bad value stops the program
 * with one line naming the variable (ConfigError).
 */
import path from 'node:path';

export interface Config {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  sessionSecret: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  demo: boolean;
  maxUploadMb: number;
  baseUrl: string;
  logLevel: string;
  secureCookies: boolean;
  /** survey submissions per client address per minute */
  surveyRateLimit: number;
  /** a session ends after this many minutes without a request */
  sessionIdleMinutes: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 1 or 0 (true/false), got "${raw}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// (leave it unset for the embedded SQLite database)');
  }
  const sessionSecret = env.SESSION_SECRET || null;
  if (sessionSecret !== null && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long');
  }
  const adminEmail = env.ADMIN_EMAIL?.trim() || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', `is not an e-mail address: "${adminEmail}"`);
  }
  if (adminPassword !== null && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters long');
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const baseUrl = (env.BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new ConfigError('BASE_URL', `must be an http(s) URL, got "${baseUrl}"`);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    sessionSecret,
    adminEmail,
    adminPassword,
    demo: bool(env, 'DEMO', false),
    maxUploadMb: int(env, 'MAX_UPLOAD_MB', 25, 1, 1024),
    baseUrl,
    logLevel,
    secureCookies: bool(env, 'SECURE_COOKIES', baseUrl.startsWith('https://')),
    surveyRateLimit: int(env, 'SURVEY_RATE_LIMIT', 30, 1, 1_000_000),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 480, 5, 10_080),
  };
}
