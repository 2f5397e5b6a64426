/**
 * Notifications that matter (issue 19, item 6), each one switchable off per user:
 *
 * | kind             | when                                      | to                                          |
 * |------------------|-------------------------------------------|---------------------------------------------|
 * | documentUploaded | a checklist document is uploaded          | the assessment's lead                       |
 * | documentRejected | documents are rejected (one or in bulk)   | the cluster's managers                      |
 * | inReview         | the assessment moves to review            | the cluster's managers and the co-assessor  |
 * | reportReleased   | the assessment is released                | the cluster's managers                      |
 * | labelExpiring    | a label's validity ends within six months | the cluster's managers and the admins       |
 *
 * Each event's function is called by the service that performs the act, inside its transaction: the
 * mails go to the outbox (services/mail.ts) with the act, so an act that rolls back mails nobody and an
 * act that was acknowledged always has its mails. Nobody is told of their own act. A mail is in its
 * recipient's language (users.locale) and names the cluster, the assessment, what happened and a link
 * (a path, made absolute with the base URL by the sender: renderMail).
 *
 * The label expiry is a daily check (`startLabelExpiryChecks`, started beside the mail sender) that
 * several app instances may run at once: each label's notice is queued in one transaction with the row
 * that records it (label_expiry_notices, keyed by the label), so it is queued once, ever.
 *
 * Who gets which kind follows the role (KINDS_OF_ROLE); a user switches a kind off on
 * /account/notifications or with PUT /api/account/notifications. A kind never set is on.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { Actor, Role } from '../auth/actor';
import type { Db, Tx } from '../db/types';
import type { Assessment } from '../repositories/assessments';
import { clusterById } from '../repositories/clusters';
import { labelOfAssessment, releasedLabelsOf } from '../repositories/labels';
import {
  claimExpiryNotice,
  labelsExpiringWithoutNotice,
  recipientsOf,
  saveSettings,
  settingsOf,
  type Audience,
  type ExpiringLabel,
} from '../repositories/notifications';
import { inTransaction } from '../db/transaction';
import { badRequest } from '../errors';
import { format, formatDate, type Lang, type MessageValues } from '../../messages';
import { enqueueMail, mergeIntoQueuedMail, type OutboxRow } from './mail';
import { judgeLabel } from './labels';

const Switch = () => Type.Optional(Type.Boolean());

/** PUT /api/account/notifications: some kinds, each on (true) or off (false); an unknown kind is refused. */
export const NotificationSettingsBody = Type.Object(
  {
    documentUploaded: Switch(),
    documentRejected: Switch(),
    inReview: Switch(),
    reportReleased: Switch(),
    labelExpiring: Switch(),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NotificationSettingsBody = Static<typeof NotificationSettingsBody>;

export type NotificationKind = keyof NotificationSettingsBody;
export const NOTIFICATION_KINDS = Object.keys(NotificationSettingsBody.properties) as NotificationKind[];

/** The kinds that can reach a user of each role (the settings show only these). */
export const KINDS_OF_ROLE: Record<Role, NotificationKind[]> = {
  admin: ['labelExpiring'],
  // as an assessment's lead (uploads) or its co-assessor (review)
  benchmarker: ['documentUploaded', 'inReview'],
  cluster_manager: ['documentRejected', 'inReview', 'reportReleased', 'labelExpiring'],
  trainee: [],
};

const kindsOf = (role: string): NotificationKind[] => KINDS_OF_ROLE[role as Role] ?? [];

// ——— settings ———

/** The actor's switches: every kind of their role, on unless they switched it off. */
export async function notificationSettings(db: Db | Tx, actor: Actor): Promise<{ settings: Partial<Record<NotificationKind, boolean>> }> {
  const set = await settingsOf(db, actor.id);
  return { settings: Object.fromEntries(kindsOf(actor.role).map((k) => [k, set.get(k) ?? true])) };
}

/** Switches kinds on or off for the actor; 400 for a kind that does not reach their role (nothing is stored then). */
export async function updateNotificationSettings(trx: Tx, actor: Actor, body: NotificationSettingsBody, now = new Date()) {
  const mine = kindsOf(actor.role);
  const foreign = Object.keys(body).filter((k) => !mine.includes(k as NotificationKind));
  if (foreign.length)
    throw badRequest(
      { key: 'errors.notificationNotForRole' },
      foreign.map((k) => ({ path: `/${k}`, message: 'does not apply to your role' })),
    );
  await saveSettings(trx, actor.id, body as Record<string, boolean>, now.toISOString());
  return notificationSettings(trx, actor);
}

// ——— sending ———

/** The values of a mail in the recipient's language. */
type Values = (lang: Lang) => MessageValues;

/** A kind whose mails gather for a while: what comes meanwhile is folded into the one waiting (`merge`, null: not the same subject). */
interface Digest {
  afterMs: number;
  merge(waiting: OutboxRow['payload'], next: MessageValues): MessageValues | null;
}

/** A page of ours for the recipient: in bokmål for a bokmål reader (also the sign-in page before it). */
const pageFor = (path: string, lang: Lang) => (lang === 'nb' ? `${path}${path.includes('?') ? '&' : '?'}lang=nb` : path);

/**
 * Queues the kind's mail (catalogue mail.notify_<kind>) to everyone of `who` whose role the kind
 * reaches, who is active and has not switched it off, except the actor. Each mail links its page and
 * the recipient's settings. Returns how many people were told.
 */
async function notify(
  trx: Tx,
  kind: NotificationKind,
  who: Audience,
  actor: { id: number } | null,
  values: Values,
  now: Date,
  digest?: Digest,
) {
  const people = (await recipientsOf(trx, who, kind)).filter((p) => p.id !== actor?.id && kindsOf(p.role).includes(kind));
  const template = `notify_${kind}`;
  for (const p of people) {
    const v = values(p.locale);
    const mail = {
      ...v,
      name: p.name,
      path: pageFor(String(v.path), p.locale),
      settingsPath: pageFor('/account/notifications', p.locale),
    };
    if (digest && (await mergeIntoQueuedMail(trx, p.email, template, (waiting) => digest.merge(waiting, mail)))) continue;
    const sendAfter = digest ? new Date(now.getTime() + digest.afterMs) : undefined;
    await enqueueMail(trx, { to: p.email, template, lang: p.locale, values: mail, sendAfter }, now);
  }
  return people.length;
}

const labelWord = (lang: Lang, label: string) => format(lang, `labelWords.${label}`);

/** What every mail about an assessment says: the cluster, the assessment (its requested label), who acted, the page. */
async function aboutAssessment(trx: Tx, a: Assessment, actor: Actor, page = '') {
  const cluster = (await clusterById(trx, a.clusterId))?.name ?? '';
  return (lang: Lang): MessageValues => ({
    cluster,
    label: labelWord(lang, a.requestedLabel),
    actor: actor.name,
    path: `/assessments/${a.id}${page}`,
  });
}

/** How long the lead's mail about uploads waits for more uploads to the same assessment (one mail for a batch). */
export const UPLOAD_DIGEST_MS = 10 * 60_000;
/** the most files one upload mail names (it counts them all) */
const DIGEST_FILES = 40;

const uploadDigest: Digest = {
  afterMs: UPLOAD_DIGEST_MS,
  merge: (waiting, next) =>
    waiting.path !== next.path
      ? null
      : {
          ...waiting,
          count: Number(waiting.count) + 1,
          files: Number(waiting.count) < DIGEST_FILES ? `${String(waiting.files)}\n${String(next.files)}` : waiting.files,
        },
};

/**
 * A checklist document was uploaded (documents.ts storeDocument): the lead is told, unless they uploaded
 * it; uploads to one assessment within UPLOAD_DIGEST_MS come in one mail.
 */
export async function notifyDocumentUploaded(
  trx: Tx,
  a: Assessment,
  actor: Actor,
  doc: { item: string; filename: string },
  now = new Date(),
): Promise<number> {
  const about = await aboutAssessment(trx, a, actor, '/checklist');
  const files = `- ${doc.item}: ${doc.filename} (${actor.name})`;
  return notify(trx, 'documentUploaded', { ids: [a.leadId] }, actor, (lang) => ({ ...about(lang), count: 1, files }), now, uploadDigest);
}

/** Documents were rejected (documentReview.ts, one or in bulk: one mail for them all): the cluster's managers are told. */
export async function notifyDocumentsRejected(
  trx: Tx,
  a: Assessment,
  actor: Actor,
  docs: { item: string; filename: string }[],
  comment: string | null,
  now = new Date(),
): Promise<number> {
  if (!docs.length) return 0;
  const about = await aboutAssessment(trx, a, actor, '/checklist');
  const files = docs.map((d) => `- ${d.item}: ${d.filename}`).join('\n');
  return notify(
    trx,
    'documentRejected',
    { managersOf: a.clusterId },
    actor,
    (lang) => ({ ...about(lang), count: docs.length, files, comment: comment ?? format(lang, 'notifications.noComment') }),
    now,
  );
}

/** The assessment moved to review (assessments.ts transition): the cluster's managers and the co-assessor are told. */
export async function notifyInReview(trx: Tx, a: Assessment, actor: Actor, now = new Date()): Promise<number> {
  const about = await aboutAssessment(trx, a, actor);
  return notify(trx, 'inReview', { managersOf: a.clusterId, ids: a.coAssessorId ? [a.coAssessorId] : [] }, actor, about, now);
}

/** The assessment was released (assessments.ts transition): the cluster's managers are told, with the outcome. */
export async function notifyReleased(trx: Tx, a: Assessment, actor: Actor, now = new Date()): Promise<number> {
  const about = await aboutAssessment(trx, a, actor);
  const label = await labelOfAssessment(trx, a.id);
  return notify(
    trx,
    'reportReleased',
    { managersOf: a.clusterId },
    actor,
    (lang) => ({
      ...about(lang),
      outcome: label
        ? format(lang, 'notifications.outcomeLabel', { label: labelWord(lang, label.label), until: formatDate(label.validUntil, lang) })
        : format(lang, 'notifications.outcomeNone'),
    }),
    now,
  );
}

// ——— label expiry ———

/** How far ahead a label's expiry is announced. */
export const EXPIRY_NOTICE_MONTHS = 6;

/** The day `months` after `day` (YYYY-MM-DD), the month's last day when it has no such day (31 Aug + 6 → 28/29 Feb). */
export function monthsAfter(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

async function noticeExpiry(trx: Tx, l: ExpiringLabel, now: Date): Promise<boolean> {
  if (!(await claimExpiryNotice(trx, l.id, l.validUntil, now.toISOString()))) return false;
  await notify(
    trx,
    'labelExpiring',
    { managersOf: l.clusterId, admins: true },
    null,
    (lang) => ({
      cluster: l.cluster,
      label: labelWord(lang, l.label),
      until: formatDate(l.validUntil, lang),
      code: l.certificateCode,
      path: `/clusters/${l.clusterId}`,
    }),
    now,
  );
  return true;
}

/**
 * One expiry check on `now`'s day: every released label that still holds (not expired, not superseded
 * by a newer label of its cluster) and ends within six months gets its notice, once. Returns the
 * number of labels whose notice this run queued (another instance's run may have queued some).
 */
export async function checkExpiringLabels(db: Db, now = new Date()): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  const found = await labelsExpiringWithoutNotice(db, day, monthsAfter(day, EXPIRY_NOTICE_MONTHS));
  if (!found.length) return 0;
  const released = await releasedLabelsOf(db, [...new Set(found.map((l) => l.clusterId))]);
  let queued = 0;
  for (const l of found) {
    const record = released.find((r) => r.id === l.id);
    if (!record || judgeLabel(record, released, day).state !== 'valid') continue;
    if (await inTransaction(db, (trx) => noticeExpiry(trx, l, now))) queued++;
  }
  return queued;
}

/** The daily check in the background (main.ts starts it beside the mail sender): at start, then once a day. */
export function startLabelExpiryChecks(opts: { db: Db; logger: Logger; intervalMs?: number; firstAfterMs?: number }): {
  stop(): Promise<void>;
} {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    timer = null;
    running = checkExpiringLabels(opts.db)
      .then((n) => n && opts.logger.info({ labels: n }, 'label expiry notices queued'))
      .catch((err: unknown) => opts.logger.error({ err }, 'label expiry check failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 24 * 3_600_000);
      });
  };
  timer = setTimeout(tick, opts.firstAfterMs ?? 30_000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** A state change (assessments.ts transition): to review and to released notify; the others do not. */
export async function notifyStateChange(trx: Tx, a: Assessment, to: string, actor: Actor, now = new Date()): Promise<number> {
  if (to === 'review') return notifyInReview(trx, a, actor, now);
  if (to === 'released') return notifyReleased(trx, a, actor, now);
  return 0;
}
