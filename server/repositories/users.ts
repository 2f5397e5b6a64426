/**
 * The users table: the only code that reads or writes it, and where its rows become an Actor (who is
 * calling) or a PublicUser (what the API shows of a user).
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';
import type { Actor, Role } from '../auth/types';
import type { LabelName } from '../../scoring/types';

export interface PublicUser {
  id: number;
  email: string;
  name: string;
  role: string;
  certification: string | null;
  country: string | null;
  clusterId: number | null;
  active: boolean;
}

export function actorFromRow(row: Record<string, unknown>): Actor {
  return {
    id: Number(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role as Role,
    certification: (row.certification as LabelName | null) ?? null,
    country: (row.country as string | null) ?? null,
    clusterId: row.cluster_id == null ? null : Number(row.cluster_id),
    locale: row.locale === 'nb' ? 'nb' : 'en',
  };
}

export function publicUser(row: Record<string, unknown>): PublicUser {
  return {
    id: Number(row.id),
    email: String(row.email),
    name: String(row.name),
    role: String(row.role),
    certification: (row.certification as string | null) ?? null,
    country: (row.country as string | null) ?? null,
    clusterId: row.cluster_id == null ? null : Number(row.cluster_id),
    active: Boolean(row.active),
  };
}

/** The active user with this e-mail (case ignored) and their password hash, for signing in. */
export async function activeUserByEmail(db: Db, email: string): Promise<{ actor: Actor; passwordHash: string } | undefined> {
  const row = await db('users').whereRaw('lower(email) = ?', [email.toLowerCase()]).andWhere({ active: true }).first();
  return row ? { actor: actorFromRow(row), passwordHash: String(row.password_hash) } : undefined;
}

/** The active user with this id as the caller; plain SQL (sql.ts): every signed-in request reads its user. */
export async function activeActorById(db: Db, id: number): Promise<Actor | undefined> {
  const row = await sqlOf(db).get('select * from users where id = ? and active = ?', [id, true]);
  return row ? actorFromRow(row) : undefined;
}

/** The user with this e-mail as an actor (exact e-mail, active or not); the demo seeding acts as them. */
export async function actorByEmail(db: Db | Tx, email: string): Promise<Actor | undefined> {
  const row = await db('users').where({ email }).first();
  return row ? actorFromRow(row) : undefined;
}

export async function emailExists(db: Db | Tx, email: string): Promise<boolean> {
  return Boolean(await db('users').where({ email }).first('id'));
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  return (await db('users').orderBy('id')).map(publicUser);
}

export async function userById(db: Db | Tx, id: number): Promise<PublicUser | undefined> {
  const row = await db('users').where({ id }).first();
  return row ? publicUser(row) : undefined;
}

export interface NewUserRow {
  email: string;
  name: string;
  passwordHash: string;
  role: string;
  certification: string | null;
  country: string | null;
  clusterId: number | null;
  locale: string;
  createdAt: string;
}

/** Inserts an active user; a taken e-mail fails on the unique index (the caller translates it). */
export async function insertUser(trx: Tx, u: NewUserRow): Promise<PublicUser> {
  const row = {
    email: u.email,
    name: u.name,
    password_hash: u.passwordHash,
    role: u.role,
    certification: u.certification,
    country: u.country,
    cluster_id: u.clusterId,
    locale: u.locale,
    active: true,
    created_at: u.createdAt,
  };
  const [inserted] = await trx('users').insert(row).returning(['id']);
  return publicUser({ ...row, id: Number(inserted.id) });
}

export async function updateUserColumns(
  trx: Tx,
  id: number,
  patch: { certification?: string; active?: boolean; country?: string },
): Promise<void> {
  await trx('users').where({ id }).update(patch);
}

/** Active users by name (the choices of the creation forms). */
export async function activeUsersByName(db: Db): Promise<PublicUser[]> {
  return (await db('users').where({ active: true }).orderBy('name')).map(publicUser);
}

/** Every user with the name of the cluster a manager is bound to (the admin's table). */
export async function usersWithClusterName(db: Db): Promise<(PublicUser & { cluster: string | null })[]> {
  const rows = await db('users as u').leftJoin('clusters as c', 'c.id', 'u.cluster_id').orderBy('u.id').select('u.*', 'c.name as cluster');
  return rows.map((row: Record<string, unknown>) => ({ ...publicUser(row), cluster: (row.cluster as string | null) ?? null }));
}

/** How many users there are (the first admin is made only when there are none). */
export async function countUsers(db: Db): Promise<number> {
  const { n } = (await db('users').count({ n: '*' }).first()) as { n: number | string };
  return Number(n);
}

/** A new password hash (set through an invitation or reset link). */
export async function setPasswordHash(trx: Tx, id: number, passwordHash: string): Promise<void> {
  await trx('users').where({ id }).update({ password_hash: passwordHash });
}

/** The user with this e-mail (case ignored), active or not, with the language of their mail. */
export async function userByEmail(db: Db | Tx, email: string): Promise<(PublicUser & { locale: string }) | undefined> {
  const row = await db('users').whereRaw('lower(email) = ?', [email.toLowerCase()]).first();
  return row ? { ...publicUser(row), locale: row.locale === 'nb' ? 'nb' : 'en' } : undefined;
}
