/**
 * Mail (issue 19): written to the outbox in the caller's transaction, delivered by a sender loop.
 *
 * `enqueueMail(trx, {to, template, lang, values})` stores one mail beside the act that causes it: if
 * the act commits, the mail is kept, and if it rolls back, no mail exists. The text comes from the
 * catalogue (`mail.<template>.subject` and `mail.<template>.body`, ICU) in the recipient's language,
 * rendered when it is sent. Any feature that mails (invitations, resets, personal survey links,
 * reminders, notifications) adds its two keys and calls enqueueMail; nothing else.
 *
 * The sender (`MailSender`) claims one due row at a time (status 'sending' with a lease), sends it
 * over SMTP (SMTP_URL) or writes it as an .eml file to DATA_DIR/outbox (no SMTP_URL), and marks it
 * 'sent'; a failure puts it back in the queue with exponential back-off, and after MAX_ATTEMPTS it is
 * 'failed' (listed for the admin). A sender that dies mid-send leaves the row 'sending'; when its
 * lease runs out, the row is claimed again.
 *
 * "Sent once", and what SMTP lets us promise: a mail is marked sent only after the SMTP server has
 * accepted it (250 after DATA), and a row is claimed by one sender at a time, so in normal operation
 * and after every refusal, timeout or dropped connection *before* that acceptance the mail is
 * delivered exactly once. The one window SMTP cannot close is a crash (or a lost connection) after
 * the server accepted the message and before our 'sent' commit: we cannot know it arrived, so we send
 * it again (at least once beats at most once for an invitation). That duplicate carries the same
 * Message-ID (deterministic from the row), so a receiving system or a reader can recognise it.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Db, Tx } from '../db/types';
import type { Config } from '../config';
import { inTransaction } from '../db/transaction';
import { format, hasMessage, type MessageValues } from '../../messages';
import {
  claimDueMail,
  insertMail,
  listOutbox,
  markAttemptFailed,
  markSent,
  queuedMailsTo,
  replaceQueuedPayload,
  type OutboxRow,
} from '../repositories/mailOutbox';

export type { OutboxRow };
export { listOutbox };

export type MailLang = 'en' | 'nb';

export interface MailInput {
  to: string;
  /** the catalogue's `mail.<template>` group, which holds `subject` and `body` */
  template: string;
  lang: MailLang;
  values?: MessageValues;
  /** not sent before this moment (a digest: mergeIntoQueuedMail folds what comes meanwhile into it) */
  sendAfter?: Date;
}

/** Stores a mail in the outbox inside the caller's transaction; returns its outbox id. */
export async function enqueueMail(trx: Tx, input: MailInput, now = new Date()): Promise<number> {
  if (!hasMessage(`mail.${input.template}.subject`) || !hasMessage(`mail.${input.template}.body`)) {
    throw new Error(`no mail template mail.${input.template} in the catalogue`);
  }
  return insertMail(trx, {
    recipient: input.to,
    template: input.template,
    lang: input.lang === 'nb' ? 'nb' : 'en',
    payload: input.values ?? {},
    createdAt: now.toISOString(),
    nextAttemptAt: input.sendAfter?.toISOString(),
  });
}

/**
 * Folds new values into a mail of `template` to `to` that still waits in the queue (a digest, queued
 * with `sendAfter`): `merge` gets each such mail's values and gives the new values for the one the news
 * belongs to (null for the others). False when there is none, or a sender claimed it meanwhile (the
 * update changes only a row still queued): then the caller queues a new mail.
 */
export async function mergeIntoQueuedMail(
  trx: Tx,
  to: string,
  template: string,
  merge: (values: OutboxRow['payload']) => MessageValues | null,
): Promise<boolean> {
  for (const row of await queuedMailsTo(trx, to, template)) {
    const merged = merge(row.payload);
    if (merged) return replaceQueuedPayload(trx, row.id, merged);
  }
  return false;
}

/**
 * The subject and text of an outbox row in its language. A page of ours in the values (`path`, or any
 * `<name>Path`, as notifications have) becomes `{link}` (`{<name>Link}`): the path under the base URL of
 * the server that sends it.
 */
export function renderMail(row: Pick<OutboxRow, 'template' | 'lang' | 'payload'>, baseUrl = ''): { subject: string; text: string } {
  const lang: MailLang = row.lang === 'nb' ? 'nb' : 'en';
  const values: MessageValues = { ...row.payload };
  for (const [k, v] of Object.entries(row.payload)) {
    if (typeof v === 'string' && /^(path|[a-z][A-Za-z]*Path)$/.test(k))
      values[k === 'path' ? 'link' : `${k.slice(0, -4)}Link`] = `${baseUrl}${v}`;
  }
  return {
    subject: format(lang, `mail.${row.template}.subject`, values),
    text: format(lang, `mail.${row.template}.body`, values),
  };
}

/** attempts before a mail is given up as failed (about 17 hours of back-off in all) */
export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3_600_000;
/** how long a claimed row belongs to its sender; a row still 'sending' after that is claimed again */
export const LEASE_MS = 5 * 60_000;

/** the wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most an hour */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

function domainOf(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m ? m[1] : 'clustermark.invalid';
}

/** The Message-ID of an outbox row: the same on every attempt, unique per row. */
export function messageIdOf(row: Pick<OutboxRow, 'id' | 'createdAt'>, from: string): string {
  return `<outbox-${row.id}.${Date.parse(row.createdAt)}@${domainOf(from)}>`;
}

export interface MailSenderOptions {
  db: Db;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir' | 'baseUrl'>;
  logger: Logger;
  /** the clock (tests move it forward past a back-off or a lease) */
  now?: () => Date;
  /** polling interval of the loop */
  intervalMs?: number;
}

/** The outbox's sender loop: `start()` with the server, `stop()` before the database closes. */
export class MailSender {
  private readonly transport: Transporter;
  private readonly toFiles: boolean;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly opts: MailSenderOptions) {
    this.toFiles = !opts.config.smtpUrl;
    this.transport = this.toFiles
      ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      : nodemailer.createTransport({
          url: opts.config.smtpUrl!,
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        });
  }

  private now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /** the folder of the .eml files when there is no SMTP server */
  get outboxDir(): string {
    return path.join(this.opts.config.dataDir, 'outbox');
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.timer = null;
      void this.runOnce()
        .catch((err: unknown) => this.opts.logger.error({ err }, 'mail sender failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.intervalMs ?? 5_000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the loop and waits for a send under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
    this.transport.close();
  }

  /** Sends every mail due now (one at a time); returns how many were attempted. */
  runOnce(): Promise<number> {
    // one pass at a time in this process; other processes are kept apart by the claim
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    let attempted = 0;
    for (;;) {
      if (this.stopped && attempted > 0) break;
      const now = this.now();
      const row = await inTransaction(this.opts.db, (trx) =>
        claimDueMail(trx, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString()),
      );
      if (!row) break;
      attempted++;
      await this.deliver(row);
    }
    return attempted;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { subject, text } = renderMail(row, this.opts.config.baseUrl);
    const messageId = messageIdOf(row, this.opts.config.mailFrom);
    try {
      const info = (await this.transport.sendMail({
        from: this.opts.config.mailFrom,
        to: row.recipient,
        subject,
        text,
        messageId,
        date: new Date(row.createdAt),
      })) as { message?: Buffer };
      if (this.toFiles) {
        await fs.promises.mkdir(this.outboxDir, { recursive: true });
        const file = path.join(this.outboxDir, `${String(row.id).padStart(6, '0')}.eml`);
        // written under a temporary name and renamed: a crash leaves no half file under the real name
        await fs.promises.writeFile(`${file}.tmp`, info.message ?? Buffer.alloc(0));
        await fs.promises.rename(`${file}.tmp`, file);
      }
      // a sent mail's link (an invitation's or a reset's token) is not kept in the database
      const kept = { ...row.payload, ...(row.payload.url !== undefined ? { url: '(sent)' } : {}) };
      await markSent(this.opts.db, row.id, this.now().toISOString(), messageId, kept);
      this.opts.logger.info({ mail: row.id, template: row.template }, 'mail sent');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const next = row.attempts >= MAX_ATTEMPTS ? null : new Date(this.now().getTime() + backoffMs(row.attempts)).toISOString();
      await markAttemptFailed(this.opts.db, row.id, message, next);
      this.opts.logger.warn(
        { mail: row.id, attempts: row.attempts, err: message },
        next ? 'mail not sent, will retry' : 'mail failed for good',
      );
    }
  }
}

/** The .eml file of an outbox row written without SMTP, if there is one. */
export function emlPath(dataDir: string, id: number): string {
  return path.join(dataDir, 'outbox', `${String(id).padStart(6, '0')}.eml`);
}
