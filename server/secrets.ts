/**
 * The session secret: SESSION_SECRET, or one generated once and kept in the data folder (mode 0600).
 * Several instances must share SESSION_SECRET (or the data folder). The audit keys likewise: AUDIT_KEY,
 * or generated into DATA_DIR/audit-keys.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from './config';

export function resolveSessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet: generate below
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** One audit key: its name (stored with every entry it signs) and its bytes. */
export interface AuditKey {
  id: string;
  key: Buffer;
}

/** The key that signs new audit entries and every key that may have signed older ones, by name. */
export interface AuditKeyring {
  current: AuditKey;
  keys: ReadonlyMap<string, Buffer>;
}

export const AUDIT_KEYS_FILE = 'audit-keys';

type AuditKeyConfig = Pick<Config, 'dataDir' | 'auditKey' | 'auditKeyId' | 'auditKeysOld'>;

/** the name of a key given without one: a short fingerprint, so a rotated key gets a new name by itself */
export function auditKeyId(key: string): string {
  return crypto.createHash('sha256').update(`clustermark audit key ${key}`).digest('hex').slice(0, 12);
}

/** DATA_DIR/audit-keys: one key a line, "<id> <key>", oldest first; the last one signs when AUDIT_KEY is unset. */
function readKeysFile(file: string): { id: string; key: string }[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError('DATA_DIR', `cannot read ${file}: ${(e as Error).message}`);
  }
  return text.split('\n').flatMap((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return [];
    const m = /^([A-Za-z0-9._-]{1,32}) +([^\s,]{32,})$/.exec(t);
    if (!m) throw new ConfigError('DATA_DIR', `${file} line ${i + 1} is not "<id> <key>" (a key of at least 32 characters)`);
    return [{ id: m[1], key: m[2] }];
  });
}

function newKeyLine(): { id: string; key: string; line: string } {
  const key = crypto.randomBytes(32).toString('base64url');
  const id = auditKeyId(key);
  return { id, key, line: `${id} ${key}\n` };
}

/**
 * The audit keyring: AUDIT_KEY (named AUDIT_KEY_ID, or by its fingerprint) signs, or else the last key
 * of DATA_DIR/audit-keys, generated there (mode 0600) on first need. Every key of that file and of
 * AUDIT_KEYS_OLD stays in the ring to verify what it signed. Without `create`, a missing key is null
 * (audit verify never makes one up).
 */
export function resolveAuditKeyring(config: AuditKeyConfig, opts: { create: boolean } = { create: true }): AuditKeyring | null {
  const file = path.join(config.dataDir, AUDIT_KEYS_FILE);
  let fileKeys = readKeysFile(file);
  if (!config.auditKey && fileKeys.length === 0) {
    if (!opts.create) return null;
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, newKeyLine().line, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first: use that one
    }
    fileKeys = readKeysFile(file);
  }
  const current = config.auditKey
    ? { id: config.auditKeyId ?? auditKeyId(config.auditKey), key: config.auditKey }
    : fileKeys[fileKeys.length - 1];
  const keys = new Map<string, Buffer>();
  const all = [...fileKeys, ...config.auditKeysOld.map((k) => ({ id: k.id ?? auditKeyId(k.key), key: k.key })), current];
  for (const k of all) {
    const bytes = Buffer.from(k.key, 'utf8');
    const known = keys.get(k.id);
    if (known && !known.equals(bytes))
      throw new ConfigError(
        'AUDIT_KEYS_OLD',
        `the key id "${k.id}" names two different keys (AUDIT_KEY_ID, AUDIT_KEYS_OLD, ${AUDIT_KEYS_FILE})`,
      );
    keys.set(k.id, bytes);
  }
  return { current: { id: current.id, key: Buffer.from(current.key, 'utf8') }, keys };
}

/** `audit rotate-key`: a new last key in DATA_DIR/audit-keys (the older ones stay, to verify); returns its id. */
export function rotateAuditKey(config: AuditKeyConfig): string {
  if (config.auditKey)
    throw new ConfigError('AUDIT_KEY', 'is set: rotate by setting a new AUDIT_KEY and moving the old one into AUDIT_KEYS_OLD');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const next = newKeyLine();
  fs.appendFileSync(path.join(config.dataDir, AUDIT_KEYS_FILE), next.line, { mode: 0o600 });
  return next.id;
}
