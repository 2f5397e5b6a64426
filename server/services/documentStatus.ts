/**
 * The rule that gives a checklist item its status from its files, in a module of its own (it imports no
 * other service): the engine's evidence (evidence.ts), the checklist, the dashboard and the report
 * (reportInput.ts) read statuses through it, and services/documents.ts writes the files.
 */
import type { Db } from '../db/types';
import { currentFileStatuses, type DocStatus } from '../repositories/documents';

export type ItemStatus = DocStatus | 'not_provided';

/**
 * The status of a checklist item from the files that count for it (neither replaced nor removed), as
 * the scoring engine, the checklist, the dashboard and the report read it:
 *
 * - `not_provided`: no file counts;
 * - `uploaded` (awaiting review): at least one file has not been reviewed yet: the item is judged only
 *   when every file is, so a CV added after the others were accepted puts the item back to review;
 * - `rejected`: every file is reviewed and at least one is rejected: a rejected file holds its item back
 *   until the cluster manager replaces or removes it (a CV of the wrong person, an outdated minutes);
 * - `accepted`: every file is accepted.
 *
 * So "accepted" always means that the assessors have accepted everything the cluster put forward for
 * the item, which is what a label's evidence must be; an assessor who finds a file merely redundant
 * accepts it, or asks the manager to remove it.
 */
export function itemStatus(files: readonly { status: DocStatus }[]): ItemStatus {
  if (files.length === 0) return 'not_provided';
  if (files.some((f) => f.status === 'uploaded')) return 'uploaded';
  if (files.some((f) => f.status === 'rejected')) return 'rejected';
  return 'accepted';
}

/** Whether a document counts for its item (it was neither replaced nor removed). */
export const counts = (d: { supersededAt: string | null }) => d.supersededAt === null;

/** Each item's status (itemStatus) from the files that count; items without such a file are left out. */
export function itemStatuses(files: readonly { item: string; status: DocStatus }[]): Record<string, DocStatus> {
  const byItem = new Map<string, { status: DocStatus }[]>();
  for (const f of files) {
    const mine = byItem.get(f.item);
    if (mine) mine.push(f);
    else byItem.set(f.item, [f]);
  }
  const out: Record<string, DocStatus> = {};
  for (const [item, mine] of byItem) out[item] = itemStatus(mine) as DocStatus;
  return out;
}

/** The documents part of the engine's evidence: each item's status (every score read assembles it). */
export async function documentStatuses(db: Db, assessmentId: number): Promise<Record<string, DocStatus>> {
  return itemStatuses(await currentFileStatuses(db, assessmentId));
}

/** The types a browser shows by itself (PDF, PNG, JPEG): served inline for a preview; anything else is downloaded. */
export const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg']);
