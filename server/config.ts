/**
 * The only reader of process.env. Every variable is checked at start; a bad value stops the program
 * with one line naming the variable (ConfigError).
 */
import path from 'node:path';
import { isIP } from 'node:net';

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
  /** TRUST_PROXY: Express's `trust proxy` (false: X-Forwarded-For is ignored, the peer is the client) */
  trustProxy: TrustProxy;
  /** AUDIT_KEY: the key that signs new audit entries (null: generated and kept in DATA_DIR) */
  auditKey: string | null;
  /** AUDIT_KEY_ID: the name stored with each entry (null: derived from the key) */
  auditKeyId: string | null;
  /** AUDIT_KEYS_OLD: earlier keys, kept to verify the entries they signed */
  auditKeysOld: { id: string | null; key: string }[];
  /** SMTP_URL: smtp(s)://user:pass@host:port (null: mail is written as .eml files to DATA_DIR/outbox) */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every mail ("ClusterMark <noreply@example.org>") */
  mailFrom: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
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

/** false, a number of proxy hops, or a list of trusted proxy addresses, subnets and names */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.includes(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset (or 0) trusts no proxy, so a client cannot choose its own address with
 * X-Forwarded-For and slip past the per-address limits (login, survey submissions). Behind a proxy,
 * a number of hops or the proxies' addresses: "loopback", "1", "10.0.0.0/8, 192.168.1.7".
 */
function trustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (/^[0-9]+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `must be at most 10 proxy hops, got ${hops}`);
    return hops === 0 ? false : hops;
  }
  const items = raw.split(',').map((x) => x.trim());
  const bad = items.find((x) => !isProxyAddress(x));
  if (bad !== undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be a number of proxy hops, or a comma list of proxy addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal; got "${bad}"`,
    );
  }
  return items;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const AUDIT_KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
const AUDIT_KEY_TEXT = /^[^\s,]{32,}$/;

/** AUDIT_KEY, AUDIT_KEY_ID and AUDIT_KEYS_OLD ("id:key,id:key" or bare keys, whose ids are derived) */
function auditKeys(env: Env): Pick<Config, 'auditKey' | 'auditKeyId' | 'auditKeysOld'> {
  const auditKey = env.AUDIT_KEY || null;
  if (auditKey !== null && !AUDIT_KEY_TEXT.test(auditKey))
    throw new ConfigError('AUDIT_KEY', 'must be at least 32 characters, without spaces or commas');
  const auditKeyId = env.AUDIT_KEY_ID?.trim() || null;
  if (auditKeyId !== null && !AUDIT_KEY_ID.test(auditKeyId))
    throw new ConfigError('AUDIT_KEY_ID', 'must be 1 to 32 letters, digits, dots, dashes or underscores');
  if (auditKeyId !== null && auditKey === null) throw new ConfigError('AUDIT_KEY_ID', 'names AUDIT_KEY, which is not set');
  const auditKeysOld = (env.AUDIT_KEYS_OLD ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((item) => {
      const colon = item.indexOf(':');
      const id = colon > 0 && AUDIT_KEY_ID.test(item.slice(0, colon)) ? item.slice(0, colon) : null;
      const key = id === null ? item : item.slice(colon + 1);
      if (!AUDIT_KEY_TEXT.test(key))
        throw new ConfigError('AUDIT_KEYS_OLD', 'must list "id:key" or "key" items separated by commas, each key at least 32 characters');
      return { id, key };
    });
  return { auditKey, auditKeyId, auditKeysOld };
}

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
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s/]+(:[0-9]+)?\/?(\?[^\s]*)?$/.test(smtpUrl)) {
    throw new ConfigError(
      'SMTP_URL',
      'must be smtp://host:port or smtps://user:password@host:port (leave it unset to write mail to DATA_DIR/outbox)',
    );
  }
  const mailFrom = env.MAIL_FROM?.trim() || `ClusterMark <noreply@${new URL(baseUrl).hostname}>`;
  if (!/^([^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `must be an address or "Name <address>", got "${mailFrom}"`);
  }
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
    surveyRateLimit: int(env, 'SURVEY_RATE_LIMIT', 120, 1, 1_000_000),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 480, 5, 10_080),
    trustProxy: trustProxy(env),
    ...auditKeys(env),
    smtpUrl,
    mailFrom,
  };
}
