/**
 * Notifications (migration 017): the only code that reads or writes notification_settings and
 * label_expiry_notices, and the recipients' query (services/notifications.ts decides who and when).
 */
import type { Db, Tx } from '../db/types';

/** Someone a notification may go to: an active user who has not switched its kind off. */
export interface Recipient {
  id: number;
  email: string;
  name: string;
  role: string;
  locale: 'en' | 'nb';
}

/** Whom to look at: these users, the managers of a cluster, the admins (any combination). */
export interface Audience {
  ids?: number[];
  managersOf?: number;
  admins?: boolean;
}

/**
 * The active users of `who` who have not switched `kind` off, in id order. A user without a row for
 * the kind has it on (migration 017).
 */
export async function recipientsOf(db: Db | Tx, who: Audience, kind: string): Promise<Recipient[]> {
  const ids = (who.ids ?? []).filter((id) => Number.isInteger(id));
  if (!ids.length && who.managersOf === undefined && !who.admins) return [];
  const rows = await db('users as u')
    .where('u.active', true)
    .andWhere((q) => {
      if (ids.length) q.orWhereIn('u.id', ids);
      if (who.managersOf !== undefined) q.orWhere((m) => m.where('u.role', 'cluster_manager').andWhere('u.cluster_id', who.managersOf!));
      if (who.admins) q.orWhere('u.role', 'admin');
    })
    .whereNotExists(function () {
      this.from('notification_settings as s').whereRaw('s.user_id = u.id').andWhere('s.kind', kind).andWhere('s.enabled', false);
    })
    .orderBy('u.id')
    .select('u.id', 'u.email', 'u.name', 'u.role', 'u.locale');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    email: String(r.email),
    name: String(r.name),
    role: String(r.role),
    locale: r.locale === 'nb' ? 'nb' : 'en',
  }));
}

/** The kinds a user has set (on or off); the kinds without a row are on. */
export async function settingsOf(db: Db | Tx, userId: number): Promise<Map<string, boolean>> {
  const rows = await db('notification_settings').where({ user_id: userId }).select('kind', 'enabled');
  return new Map(rows.map((r: Record<string, unknown>) => [String(r.kind), Boolean(r.enabled)]));
}

/** Stores a user's choice for each kind given (a row per kind, replaced when it exists). */
export async function saveSettings(trx: Tx, userId: number, settings: Record<string, boolean>, at: string): Promise<void> {
  for (const [kind, enabled] of Object.entries(settings)) {
    await trx('notification_settings')
      .insert({ user_id: userId, kind, enabled, updated_at: at })
      .onConflict(['user_id', 'kind'])
      .merge(['enabled', 'updated_at']);
  }
}

/** A released label whose validity ends in the window, and whose notice has not been queued yet. */
export interface ExpiringLabel {
  id: number;
  clusterId: number;
  cluster: string;
  label: string;
  validUntil: string;
  certificateCode: string;
}

/** Released labels valid until a day from `from` to `to` (YYYY-MM-DD, both included) without a notice yet. */
export async function labelsExpiringWithoutNotice(db: Db, from: string, to: string): Promise<ExpiringLabel[]> {
  const rows = await db('labels as l')
    .join('clusters as c', 'c.id', 'l.cluster_id')
    .whereNotNull('l.released_at')
    .andWhere('l.valid_until', '>=', from)
    .andWhere('l.valid_until', '<=', to)
    .whereNotExists(function () {
      this.from('label_expiry_notices as n').whereRaw('n.label_id = l.id');
    })
    .orderBy('l.id')
    .select('l.id', 'l.cluster_id', 'c.name as cluster', 'l.label', 'l.valid_until', 'l.certificate_code');
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    clusterId: Number(r.cluster_id),
    cluster: String(r.cluster),
    label: String(r.label),
    validUntil: String(r.valid_until),
    certificateCode: String(r.certificate_code),
  }));
}

/**
 * Records that a label's expiry notice is queued: true for the first call, false when a row exists
 * already (another run, or another instance at the same moment: the key decides, the later insert
 * waits for the earlier transaction on PostgreSQL and then finds its row).
 */
export async function claimExpiryNotice(trx: Tx, labelId: number, validUntil: string, at: string): Promise<boolean> {
  const rows = await trx('label_expiry_notices')
    .insert({ label_id: labelId, valid_until: validUntil, notified_at: at })
    .onConflict('label_id')
    .ignore()
    .returning(['label_id']);
  return rows.length === 1;
}
