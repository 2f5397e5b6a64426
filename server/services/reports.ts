/**
 * The report and the certificate as PDF. The report of a decided assessment is dated by its decision
 * (the same bytes every time); before the decision it is a draft of the live score, dated now.
 */
import { renderCertificate, renderReport } from '../../reports';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/types';
import { conflict } from '../errors';
import { frozenDecision } from '../repositories/decisions';
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

export async function reportPdf(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, fw, frozen } = await documentBasis(db, actor, assessmentId);
  const { score } = frozen ? { score: frozen.score } : await currentScore(db, a);
  const input = await reportInputFor(db, a, fw, score, baseUrl);
  const pdf = await renderReport(input, { lang, now: frozen ? new Date(frozen.decidedAt) : new Date() });
  return { pdf, filename: `clustermark-report-${a.id}-${lang}.pdf` };
}

/** 409 no_label when no label was awarded (yet). */
export async function certificatePdf(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, fw, frozen } = await documentBasis(db, actor, assessmentId);
  const input = await certificateInputFor(db, a, fw, baseUrl);
  if (!input) throw conflict({ key: 'errors.noCertificate' }, { state: a.state }, 'no_label');
  return {
    pdf: await renderCertificate(input, { lang, now: new Date(frozen!.decidedAt) }),
    filename: `clustermark-certificate-${input.code}.pdf`,
  };
}
