/**
 * The chain head: how long the audit log was (`seq`, its number of entries) and the hash of its last
 * entry, kept outside the database in DATA_DIR/audit-head.json and signed with the audit key. Deleting
 * entries from the end of the log (or all of them) leaves a valid chain, but one shorter than the head,
 * or with another entry at the head's position: `audit verify` names it.
 *
 * The head is written only from what the database has committed (it reads the log's last entry after
 * the transactions that appended commit), so a crash leaves it behind the log, never ahead of it; a
 * log longer than its head verifies. Writes are coalesced (at most one every HEAD_INTERVAL_MS, on a
 * timer started by the first commit after the last write) and atomic (a temporary file, fsync, rename).
 * The writer never moves a head over a log that no longer holds it: it logs the problem and leaves the
 * file as evidence for `audit verify`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Db as Knex } from '../db/types';
import type { Logger } from 'pino';
import { auditHashAt, auditTail } from '../repositories/audit';
import type { AuditKeyring } from '../secrets';
import { GENESIS, sameDigest } from './auditChain';

export const AUDIT_HEAD_FILE = 'audit-head.json';
const FORMAT = 'clustermark-audit-head/1';
/** the head lags the log by at most this long (plus the write itself) while the server writes */
export const HEAD_INTERVAL_MS = 200;

export interface AuditHead {
  format: string;
  /** how many entries the log had */
  seq: number;
  /** the hash of entry number `seq` (GENESIS for an empty log) */
  hash: string;
  /** when the head was written */
  at: string;
  keyId: string;
  mac: string;
}

function headMac(key: Buffer, h: Pick<AuditHead, 'seq' | 'hash' | 'at' | 'keyId'>): string {
  return crypto
    .createHmac('sha256', key)
    .update(JSON.stringify([FORMAT, h.seq, h.hash, h.at, h.keyId]))
    .digest('hex');
}

export function signHead(keyring: AuditKeyring, seq: number, hash: string, at = new Date()): AuditHead {
  const h = { seq, hash, at: at.toISOString(), keyId: keyring.current.id };
  return { format: FORMAT, ...h, mac: headMac(keyring.current.key, h) };
}

export type HeadRead = { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; head: AuditHead };

/** Reads and checks a head file: its shape and its signature, under a key of the ring. */
export function readHead(file: string, keyring: AuditKeyring | null): HeadRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: `cannot be read (${(e as Error).message})` };
  }
  let h: Partial<AuditHead>;
  try {
    h = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'is not JSON' };
  }
  if (
    !h ||
    typeof h !== 'object' ||
    h.format !== FORMAT ||
    !Number.isSafeInteger(h.seq) ||
    (h.seq as number) < 0 ||
    typeof h.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(h.hash) ||
    typeof h.at !== 'string' ||
    typeof h.keyId !== 'string' ||
    typeof h.mac !== 'string' ||
    !/^[0-9a-f]{64}$/.test(h.mac)
  ) {
    return { kind: 'invalid', reason: `is not a ${FORMAT} file` };
  }
  const key = keyring?.keys.get(h.keyId);
  if (!key) return { kind: 'invalid', reason: `is signed with the audit key "${h.keyId}", which the keyring does not hold` };
  if (!sameDigest(headMac(key, h as AuditHead), h.mac)) return { kind: 'invalid', reason: 'does not match its signature (it was edited)' };
  return { kind: 'ok', head: h as AuditHead };
}

async function writeHeadFile(file: string, head: AuditHead): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await fs.promises.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(head) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    // a rename lost in a crash leaves the previous head: behind the log, which verifies
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Keeps one database's head file up to date with what the database committed. */
export class AuditHeadWriter {
  /** what the file holds, as far as this writer knows (undefined: not read yet) */
  private last: { seq: number; hash: string } | null | undefined = undefined;
  private broken = false;
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastWrite = 0;

  constructor(
    private readonly knex: Knex,
    readonly file: string,
    private readonly keyring: AuditKeyring,
    private readonly logger: Logger,
  ) {}

  /** An append committed: the head follows within HEAD_INTERVAL_MS. */
  committed(): void {
    if (this.broken || this.closed) return;
    this.dirty = true;
    if (this.timer === null && this.running === null) this.schedule();
  }

  /** Writes the head now (at start, in tests), after a write in progress. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      if (this.running === null) break;
      await this.running;
    }
    this.dirty = true;
    await this.run();
  }

  /** The last write, before the database closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    const wait = Math.max(0, this.lastWrite + HEAD_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
    this.timer.unref(); // a process that ends without close() leaves the head behind, which verifies
  }

  private run(): Promise<void> {
    if (this.running !== null) return this.running;
    const p = (async () => {
      this.dirty = false;
      try {
        await this.writeNow();
      } catch (e) {
        // the database or the folder went away (a test dropped it, a shutdown): the head stays behind
        this.logger.warn({ err: e, file: this.file }, 'could not write the audit chain head');
      } finally {
        this.lastWrite = Date.now();
        this.running = null;
      }
      if (this.dirty && !this.closed && !this.broken) this.schedule();
    })();
    this.running = p;
    return p;
  }

  private refuse(reason: string): void {
    this.broken = true;
    this.logger.error({ file: this.file }, `audit chain head: ${reason}; the head file is left as it is (run "clustermark audit verify")`);
  }

  private async writeNow(): Promise<void> {
    if (this.broken || this.closed) return;
    if (this.last === undefined) {
      const read = readHead(this.file, this.keyring);
      if (read.kind === 'invalid') return this.refuse(`${this.file} ${read.reason}`);
      this.last = read.kind === 'ok' ? { seq: read.head.seq, hash: read.head.hash } : null;
    }
    const tail = await auditTail(this.knex);
    const seq = tail ? tail.seq : 0;
    const hash = tail?.hash ?? GENESIS;
    if (this.last) {
      const was = this.last;
      if (seq < was.seq)
        return this.refuse(`the log ends at entry #${seq}, before its head at #${was.seq}: entries were removed from its end`);
      if (seq === was.seq) {
        if (hash !== was.hash) this.refuse(`entry #${seq} is not the one the head recorded: the log was rewritten`);
        return;
      }
      if (was.seq > 0) {
        const at = await auditHashAt(this.knex, was.seq);
        if (at !== was.hash) return this.refuse(`entry #${was.seq} is not the one the head recorded: the log was rewritten`);
      }
    }
    await writeHeadFile(this.file, signHead(this.keyring, seq, hash));
    this.last = { seq, hash };
  }
}
