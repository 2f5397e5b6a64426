/**
 * The editable exports of the report: the report as Word (DOCX) and the action plan as Excel (XLSX).
 * The same reader, the same score and the same print as report.pdf: a decided assessment's frozen
 * decision and, after the release, the print frozen at the release, so the Word report says what the
 * PDF says; dated by the decision (before it, a draft of the live score, dated now).
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
import { currentScore } from './scoring';

type Lang = 'en' | 'nb';

/** The report model the PDF would be drawn from, in `lang`, and its date. 403/404 as report.pdf. */
async function reportModelFor(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readReport');
  const fw = await frameworkByHash(db, a.frameworkHash);
  const frozen = await frozenDecision(db, a.id);
  const { score } = frozen ? { score: frozen.score } : await currentScore(db, a);
  const input = await reportInputFor(db, a, fw, score, baseUrl);
  return { a, model: buildReportModel(input, lang), now: frozen ? new Date(frozen.decidedAt) : new Date() };
}

export async function reportDocx(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, model, now } = await reportModelFor(db, actor, assessmentId, lang, baseUrl);
  return { bytes: await renderReportModelDocx(model, { lang, now }), filename: `clustermark-report-${a.id}-${lang}.docx` };
}

export async function actionPlanXlsx(db: Db, actor: Actor, assessmentId: number | null, lang: Lang, baseUrl: string) {
  const { a, model, now } = await reportModelFor(db, actor, assessmentId, lang, baseUrl);
  return { bytes: await renderActionPlanModelXlsx(model, { now }), filename: `clustermark-action-plan-${a.id}-${lang}.xlsx` };
}
