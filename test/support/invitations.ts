/**
 * For tests that make users through the admin's invitation form: accept every open invitation with
 * `password`, as each person would through the link in their mail (read from the outbox).
 */
import type { Db } from '../../server/db/types';
import { listOutbox } from '../../server/services/mail';
import { setPasswordWithLink } from '../../server/services/accounts';
import { AppError } from '../../server/errors';

export async function acceptInvitations(db: Db, password: string): Promise<string[]> {
  const accepted: string[] = [];
  for (const m of await listOutbox(db, 1000)) {
    if (m.template !== 'invite') continue;
    const token = new URL(String(m.payload.url)).searchParams.get('token') ?? '';
    try {
      await setPasswordWithLink(db, { token, password }, `test-${m.id}`);
      accepted.push(m.recipient);
    } catch (e) {
      if (!(e instanceof AppError && e.status === 410)) throw e;
    }
  }
  return accepted;
}
