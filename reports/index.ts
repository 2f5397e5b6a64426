/**
 * The report and the certificate as pure functions: the server and the CLI call these with the same
 * input and get the same bytes for the same date.
 */
export { renderReport, renderReportModel } from './pdf/report';
export { renderCertificate, verifyUrl } from './pdf/certificate';
export { renderReportDocx, renderReportModelDocx } from './docx/report';
export { renderActionPlanXlsx, renderActionPlanModelXlsx } from './xlsx/action-plan';
export { buildReportModel, SECTIONS, type ReportModel } from './model';
export {
  reportCharts,
  areaChartConfig,
  percentileChartConfig,
  likertChartConfig,
  npsChartConfig,
  areaIndicatorsChartConfig,
  progressChartConfig,
} from './charts';
export { demoPeerComparison } from './demo-peers';
export { formatValue } from './format';
export { explainCheck, explainContext, explainIndicator, explainSteps, type ExplainContext } from './explain';
export * from './types';
