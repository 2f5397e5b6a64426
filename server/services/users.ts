import { Type, type Static } from '@sinclair/typebox';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { ROLES, type Actor } from '../auth/actor';
import { badRequest, conflict, notFound } from '../errors';
import { RowId } from '../http/validate';
import { isUniqueViolation } from '../db/dialect';
import { appendAudit } from './audit';

export const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code' });

export const NewUser = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 10, maxLength: 200 }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    certification: Type.Optional(Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold'), Type.Null()])),
    country: Type.Optional(Type.Union([Country, Type.Null()])),
    clusterId: Type.Optional(Type.Union([RowId(), Type.Null()])),
    locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('nb')])),
  },
  { additionalProperties: false },
);
export type NewUser = Static<typeof NewUser>;

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

/** Creates a user after the rules a schema cannot say; the caller holds the transaction. */
export async function createUser(trx: Knex.Transaction, input: NewUser, actor: Actor | null, now = new Date()) {
  if (input.role === 'benchmarker' && !input.certification) {
    throw badRequest('A benchmarker needs a certification level (bronze, silver or gold).', [{ path: '/certification', message: 'is required for a benchmarker' }]);
  }
  if (input.role !== 'benchmarker' && input.certification) {
    throw badRequest('Only benchmarkers hold a certification.', [{ path: '/certification', message: 'is only for benchmarkers' }]);
  }
  if (input.role === 'cluster_manager') {
    if (!input.clusterId) throw badRequest('A cluster manager is bound to one cluster.', [{ path: '/clusterId', message: 'is required for a cluster manager' }]);
    const cluster = await trx('clusters').where({ id: input.clusterId }).first('id');
    if (!cluster) throw badRequest('That cluster does not exist.', [{ path: '/clusterId', message: 'does not exist' }]);
  } else if (input.clusterId) {
    throw badRequest('Only cluster managers are bound to a cluster.', [{ path: '/clusterId', message: 'is only for cluster managers' }]);
  }
  const row = {
    email: input.email.toLowerCase(),
    name: input.name,
    password_hash: await hashPassword(input.password),
    role: input.role,
    certification: input.certification ?? null,
    country: input.country ?? null,
    cluster_id: input.clusterId ?? null,
    locale: input.locale ?? 'en',
    active: true,
    created_at: now.toISOString(),
  };
  let id: number;
  try {
    const [inserted] = await trx('users').insert(row).returning(['id']);
    id = Number(inserted.id);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('A user with this e-mail exists already.', [{ path: '/email', message: 'is taken' }], 'email_taken');
    throw err;
  }
  const created = publicUser({ ...row, id });
  await appendAudit(trx, { actorId: actor?.id ?? null, action: 'user.create', entity: 'user', entityId: id, after: created }, now);
  return created;
}

export const UserPatch = Type.Object(
  {
    certification: Type.Optional(Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold')])),
    active: Type.Optional(Type.Boolean()),
    country: Type.Optional(Country),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatch = Static<typeof UserPatch>;

/**
 * Changes a user's certification, country or standing (an admin's act, audited); the caller holds the
 * transaction. A deactivated user is refused from the next request on (auth/actor.ts reads the user
 * on every request) and their sessions are deleted. An admin cannot deactivate their own account:
 * nobody could then undo it.
 */
export async function updateUser(trx: Knex.Transaction, id: number | null, patch: UserPatch, actor: Actor): Promise<PublicUser> {
  const before = await trx('users').where({ id: id ?? -1 }).first();
  if (!before) throw notFound('User');
  if (patch.certification && before.role !== 'benchmarker') {
    throw badRequest('Only benchmarkers hold a certification.', [{ path: '/certification', message: 'is only for benchmarkers' }]);
  }
  if (patch.active === false && Number(before.id) === actor.id) {
    throw badRequest('You cannot deactivate your own account.', [{ path: '/active', message: 'cannot be false for yourself' }]);
  }
  await trx('users').where({ id: before.id }).update(patch);
  // A change of standing ends every session of the user: a deactivated user is signed out at once, and
  // reactivating them later does not bring old cookies back to life.
  if (patch.active !== undefined && patch.active !== Boolean(before.active)) {
    await trx('sessions').where({ user_id: before.id }).del();
  }
  const after = await trx('users').where({ id: before.id }).first();
  await appendAudit(trx, { actorId: actor.id, action: 'user.update', entity: 'user', entityId: before.id, before: publicUser(before), after: publicUser(after) });
  return publicUser(after);
}
