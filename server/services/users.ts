import { Type, type Static } from '@sinclair/typebox';
import type { Tx } from '../db/types';
import { hashPassword } from '../auth/passwords';
import { ROLES, type Actor } from '../auth/actor';
import { badRequest, conflict, notFound } from '../errors';
import { CountryCode, RowId } from '../http/validate';
import { isUniqueViolation } from '../db/dialect';
import { appendAudit } from './audit';
import { insertUser, updateUserColumns, userById, type PublicUser } from '../repositories/users';

/** reads with no rule beyond the caller's role (checked by the front end) */
export { activeUsersByName, countUsers, listUsers, usersWithClusterName } from '../repositories/users';
import { deleteSessionsOfUser } from '../repositories/sessions';
import { clusterExists } from '../repositories/clusters';

export { publicUser, type PublicUser } from '../repositories/users';

/** a code of the country list (messages/countries.ts); anything else is refused, never cut to two letters */
const Country = CountryCode();

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

/** Creates a user after the rules a schema cannot say; the caller holds the transaction. */
export async function createUser(trx: Tx, input: NewUser, actor: Actor | null, now = new Date()): Promise<PublicUser> {
  if (input.role === 'benchmarker' && !input.certification) {
    throw badRequest({ key: 'errors.benchmarkerNeedsCertification' }, [
      { path: '/certification', message: 'is required for a benchmarker' },
    ]);
  }
  if (input.role !== 'benchmarker' && input.certification) {
    throw badRequest({ key: 'errors.onlyBenchmarkersCertified' }, [{ path: '/certification', message: 'is only for benchmarkers' }]);
  }
  if (input.role === 'cluster_manager') {
    if (!input.clusterId)
      throw badRequest({ key: 'errors.managerNeedsCluster' }, [{ path: '/clusterId', message: 'is required for a cluster manager' }]);
    if (!(await clusterExists(trx, input.clusterId)))
      throw badRequest({ key: 'errors.clusterDoesNotExist' }, [{ path: '/clusterId', message: 'does not exist' }]);
  } else if (input.clusterId) {
    throw badRequest({ key: 'errors.onlyManagersHaveCluster' }, [{ path: '/clusterId', message: 'is only for cluster managers' }]);
  }
  let created: PublicUser;
  try {
    created = await insertUser(trx, {
      email: input.email.toLowerCase(),
      name: input.name,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      certification: input.certification ?? null,
      country: input.country ?? null,
      clusterId: input.clusterId ?? null,
      locale: input.locale ?? 'en',
      createdAt: now.toISOString(),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict({ key: 'errors.emailTaken' }, [{ path: '/email', message: 'is taken' }], 'email_taken');
    throw err;
  }
  await appendAudit(trx, { actorId: actor?.id ?? null, action: 'user.create', entity: 'user', entityId: created.id, after: created }, now);
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
export async function updateUser(trx: Tx, id: number | null, patch: UserPatch, actor: Actor): Promise<PublicUser> {
  const before = await userById(trx, id ?? -1);
  if (!before) throw notFound({ key: 'errors.things.user' });
  if (patch.certification && before.role !== 'benchmarker') {
    throw badRequest({ key: 'errors.onlyBenchmarkersCertified' }, [{ path: '/certification', message: 'is only for benchmarkers' }]);
  }
  if (patch.active === false && before.id === actor.id) {
    throw badRequest({ key: 'errors.cannotDeactivateSelf' }, [{ path: '/active', message: 'cannot be false for yourself' }]);
  }
  await updateUserColumns(trx, before.id, patch);
  // A change of standing ends every session of the user: a deactivated user is signed out at once, and
  // reactivating them later does not bring old cookies back to life.
  if (patch.active !== undefined && patch.active !== before.active) {
    await deleteSessionsOfUser(trx, before.id);
  }
  const after = (await userById(trx, before.id))!;
  await appendAudit(trx, { actorId: actor.id, action: 'user.update', entity: 'user', entityId: before.id, before, after });
  return after;
}
