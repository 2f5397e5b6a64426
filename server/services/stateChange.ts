/**
 * An assessment's state change as the API and the pages ask for it: the transition in its own
 * transaction and, once a release has committed, the released documents drawn and stored (issue 18,
 * item 5): the report (PDF and Word) and the certificate in both languages are kept byte for byte
 * from the moment of the release, before anyone has asked for them, so nothing that changes after the
 * release (users, the peer database, the code) can reach them.
 *
 * The drawing runs after the commit: the release itself never waits on, or fails with, a renderer.
 * Should the process stop between the commit and the last stored file, the print frozen in the
 * release transaction is still there and the missing file is drawn from it on its first download
 * (services/reports.ts releasedDocument), so the same bytes come out.
 */
import type { Actor } from '../auth/actor';
import { inTransaction } from '../db/transaction';
import type { Db } from '../db/types';
import { reportDocx } from './reportExports';
import { certificatePdf, reportPdf } from './reports';
import { certificateInputFor } from './reportInput';
import { loadAssessmentFor, transitionAssessment } from './assessments';
import type { State } from '../auth/policy';
import { frameworkByHash } from './frameworks';

const LANGS = ['en', 'nb'] as const;

/** Draws and stores every released document of a released assessment (a no-op for one already stored). */
export async function storeReleasedDocuments(db: Db, actor: Actor, assessmentId: number, baseUrl: string): Promise<void> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readReport');
  const labelled = (await certificateInputFor(db, a, await frameworkByHash(db, a.frameworkHash), baseUrl)) !== null;
  for (const lang of LANGS) {
    await reportPdf(db, actor, assessmentId, lang, baseUrl);
    await reportDocx(db, actor, assessmentId, lang, baseUrl);
    if (labelled) await certificatePdf(db, actor, assessmentId, lang, baseUrl);
  }
}

export async function changeAssessmentState(
  db: Db,
  actor: Actor,
  assessmentId: number | null,
  to: State,
  ifMatch: number | null,
  opts: { baseUrl: string; onStoreError?: (err: unknown) => void },
) {
  const out = await inTransaction(db, (trx) => transitionAssessment(trx, actor, assessmentId, to, ifMatch));
  if (to === 'released' && assessmentId !== null) {
    try {
      await storeReleasedDocuments(db, actor, assessmentId, opts.baseUrl);
    } catch (err) {
      // the release stands; the document is drawn from the frozen print on its first download
      opts.onStoreError?.(err);
    }
  }
  return out;
}
