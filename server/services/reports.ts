/**
 * The report and the certificate as PDF. The report of a decided assessment is dated by its decision
 * (the same bytes every time); before the decision it is a draft of the live score, dated now.
 *
 * Once released, every document is kept byte for byte (issue 18, item 5; `releasedDocument`): right
 * after the release commits (services/stateChange.ts) each is drawn from the print frozen in the
 * release transaction, stored content-addressed (blobs) and recorded in `released_files` (a file the
 * release did not get to store is drawn from the same print on its first download); from then on the
 * stored bytes are served, whatever later changes to users, clusters, the peer database or the code.
 */
import { renderCertificate, renderReport } from '../../reports';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/types';
import { conflict } from '../errors';
import { frozenDecision } from '../repositories/decisions';
import { getBlob, putBlob } from '../repositories/blobs';
import { insertReleasedFile, releasedFileHash, type ReleasedFileKey } from '../repositories/releasedFiles';
import { inTransaction } from '../db/transaction';
import type { Assessment } from '../repositories/assessments';
import { loadAssessmentFor } from './assessments';
import { frameworkByHash } from './frameworks';
import { certificateInputFor, reportInputFor } from './reportInput';
import { currentScore } from './scoring';

type Lang = 'en' | 'nb';

/** What both documents start from: the reader may read the report; the framework and the frozen decision. */
async function documentBasis(db: Db, actor: Actor, assessmentId: number | null) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readReport');
  return { a, fw: await frameworkByHash(db, a.frameworkHash), frozen: await frozenDecision(db, a.id) };
}

/**
 * A released assessment's document: the stored bytes, or (the first time) the drawn ones, stored and
 * recorded once (a concurrent first request keeps the bytes recorded first, and both serve those).
 * Before the release, the drawn bytes, not stored. The hook for every released document: the report
 * (`report.pdf`, `report.docx`) and the certificate (`certificate.pdf`).
 */
export async function releasedDocument(
  db: Db,
  a: Assessment,
  kind: ReleasedFileKey['kind'],
  lang: Lang,
  draw: () => Promise<Buffer>,
): Promise<Buffer> {
  if (a.state !== 'released') return draw();
  const key = { assessmentId: a.id, kind, lang };
  const stored = await releasedFileHash(db, key);
  if (stored) {
    const bytes = await getBlob(db, stored);
    if (bytes) return bytes;
  }
  const drawn = await draw();
  const now = new Date();
  const hash = await inTransaction(db, async (trx) => {
    await insertReleasedFile(trx, key, await putBlob(trx, drawn, now), now);
    return releasedFileHash(trx, key);
  });
  return (hash && (await getBlob(db, hash))) || drawn;
}

export async function reportPdf(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, fw, frozen } = await documentBasis(db, actor, assessmentId);
  const pdf = await releasedDocument(db, a, 'report.pdf', lang, async () => {
    const { score } = frozen ? { score: frozen.score } : await currentScore(db, a);
    const input = await reportInputFor(db, a, fw, score, baseUrl);
    return renderReport(input, { lang, now: frozen ? new Date(frozen.decidedAt) : new Date() });
  });
  return { pdf, filename: `clustermark-report-${a.id}-${lang}.pdf` };
}

/** 409 no_label when no label was awarded (yet). */
export async function certificatePdf(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, fw, frozen } = await documentBasis(db, actor, assessmentId);
  const input = await certificateInputFor(db, a, fw, baseUrl);
  if (!input) throw conflict({ key: 'errors.noCertificate' }, { state: a.state }, 'no_label');
  return {
    pdf: await releasedDocument(db, a, 'certificate.pdf', lang, () => renderCertificate(input, { lang, now: new Date(frozen!.decidedAt) })),
    filename: `clustermark-certificate-${input.code}.pdf`,
  };
}
