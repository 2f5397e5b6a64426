/**
 * The action plan as an Excel workbook the cluster can work with: a row per recommended action (the
 * report's recommendations, in its order) with the indicator, the gap to the Gold threshold, the
 * priority, the expected gain, the owner and due date the lead set in the narrative (empty when not
 * set, to fill in) and an empty status column. Headers in
 * the report's language from the message catalogue; the header row styled and frozen. Pure: model in,
 * bytes out.
 */
import ExcelJS from 'exceljs';
import { catalogue } from '../../messages';
import { buildReportModel, type ReportModel } from '../model';
import type { Lang, ReportInput } from '../types';

export async function renderActionPlanXlsx(input: ReportInput, opts: { lang: Lang; now: Date }): Promise<Buffer> {
  return renderActionPlanModelXlsx(buildReportModel(input, opts.lang), opts);
}

export async function renderActionPlanModelXlsx(m: ReportModel, opts: { now: Date }): Promise<Buffer> {
  const c = catalogue(m.lang);
  const t = m.t;
  const wb = new ExcelJS.Workbook();
  wb.creator = t.brand;
  wb.title = `${c.actionPlanSheet}: ${m.cover.clusterName}`;
  wb.created = opts.now;
  wb.modified = opts.now;
  const ws = wb.addWorksheet(c.actionPlanSheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ws.columns = [
    { header: t.rank, key: 'rank', width: 6 },
    { header: t.indicator, key: 'indicator', width: 11 },
    { header: c.actionPlanIndicatorName, key: 'name', width: 38 },
    { header: t.action, key: 'action', width: 60 },
    { header: t.value, key: 'value', width: 14 },
    { header: t.points, key: 'points', width: 9 },
    { header: t.threshold, key: 'threshold', width: 12 },
    { header: c.actionPlanGap, key: 'gap', width: 18 },
    { header: t.priority, key: 'priority', width: 11 },
    { header: c.actionPlanGain, key: 'gain', width: 16 },
    { header: c.actionPlanOwner, key: 'owner', width: 22 },
    { header: c.actionPlanDue, key: 'due', width: 14 },
    { header: c.actionPlanStatus, key: 'status', width: 14 },
  ];
  // a recommendation the lead added (the narrative) has no figures: those cells stay empty
  for (const r of m.recommendations)
    ws.addRow({
      rank: r.rank,
      indicator: r.indicator,
      name: r.indicator ? r.name : '',
      action: r.action,
      value: r.fromEngine ? r.value : '',
      points: r.fromEngine ? r.points : null,
      threshold: r.fromEngine ? r.threshold : null,
      gap: r.fromEngine ? r.gap : null,
      priority: r.fromEngine ? r.priority : null,
      gain: r.fromEngine ? r.gain : null,
      owner: r.owner,
      // the lead's due date as a date cell (midnight UTC of that day)
      due: r.dueIso ? new Date(`${r.dueIso}T00:00:00Z`) : null,
      status: '',
    });
  const header = ws.getRow(1);
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1B3A5C' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  ws.getColumn('action').alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn('name').alignment = { wrapText: true, vertical: 'top' };
  ws.getColumn('due').numFmt = 'yyyy-mm-dd';
  header.getCell('action').alignment = { vertical: 'middle', wrapText: true };
  header.getCell('name').alignment = { vertical: 'middle', wrapText: true };
  if (m.recommendations.length) {
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columns.length } };
    // the due date column accepts dates only
    for (let i = 2; i <= m.recommendations.length + 1; i++)
      ws.getCell(i, 12).dataValidation = {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(2000, 0, 1))],
      };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
