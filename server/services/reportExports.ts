/**
 * The editable exports of the report: the report as Word (DOCX) and the action plan as Excel (XLSX).
 * The same reader, the same score and the same print as report.pdf: a decided assessment's frozen
 * decision and, after the release, the print frozen at the release, so the Word report says what the
 * PDF says; dated by the decision (before it, a draft of the live score, dated now). A released
 * assessment's Word report is kept byte for byte like its PDF (services/reports.ts releasedDocument).
 */
import { buildReportModel } from '../../reports';
import { renderReportModelDocx } from '../../reports/docx/report';
import { renderActionPlanModelXlsx } from '../../reports/xlsx/action-plan';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/types';
import { frozenDecision } from '../repositories/decisions';
import { loadAssessmentFor } from './assessments';
import { frameworkByHash } from './frameworks';
import { reportInputFor } from './reportInput';
import { releasedDocument } from './reports';
import { currentScore } from './scoring';

type Lang = 'en' | 'nb';

/** Who may read it (403/404 as report.pdf), and how to build the report model the PDF is drawn from, and its date. */
async function exportBasis(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readReport');
  const model = async () => {
    const fw = await frameworkByHash(db, a.frameworkHash);
    const frozen = await frozenDecision(db, a.id);
    const { score } = frozen ? { score: frozen.score } : await currentScore(db, a);
    const input = await reportInputFor(db, a, fw, score, baseUrl);
    return { model: buildReportModel(input, lang), now: frozen ? new Date(frozen.decidedAt) : new Date() };
  };
  return { a, model };
}

/** After the release, the bytes stored the first time (releasedDocument), as the PDF's. */
export async function reportDocx(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, model } = await exportBasis(db, actor, assessmentId, lang, baseUrl);
  const bytes = await releasedDocument(db, a, 'report.docx', lang, async () => {
    const m = await model();
    return renderReportModelDocx(m.model, { lang, now: m.now });
  });
  return { bytes, filename: `clustermark-report-${a.id}-${lang}.docx` };
}

/** A working document, drawn each time from the same score and print (not stored). */
export async function actionPlanXlsx(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, model } = await exportBasis(db, actor, assessmentId, lang, baseUrl);
  const m = await model();
  return { bytes: await renderActionPlanModelXlsx(m.model, { now: m.now }), filename: `clustermark-action-plan-${a.id}-${lang}.xlsx` };
}
