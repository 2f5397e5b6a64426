/**
 * The action plan's table (the report's closing chapter), the same in the PDF and the Word report: a
 * row per recommended action in the report's order with the indicator, the owner and due date the
 * lead set (the narrative; a dash when not set) and the expected gain in points.
 */
import { COLOR } from './pdf/theme';
import type { ReportModel } from './model';

type PlanCell = string | { text: string; bold?: boolean; color?: string };

export function actionPlanTable(m: ReportModel): {
  /** the chapter's first paragraph: the lead's plan, or the engine's list without owners */
  intro: string;
  columns: { header: string; width: number; align?: 'left' | 'center' | 'right' }[];
  rows: PlanCell[][];
} {
  const t = m.t;
  return {
    intro: m.narrative ? t.actionPlanIntro : t.actionPlanIntroEngine,
    columns: [
      { header: '#', width: 0.05, align: 'center' },
      { header: t.action, width: 0.32 },
      { header: t.indicator, width: 0.25 },
      { header: t.actionPlanOwner, width: 0.14 },
      { header: t.actionPlanDue, width: 0.13 },
      { header: t.actionPlanGain, width: 0.11, align: 'center' },
    ],
    rows: m.recommendations.map((r): PlanCell[] => [
      { text: String(r.rank), bold: true },
      r.action || '—',
      r.indicator ? `${r.indicator}\n${r.name}` : '—',
      r.owner || '—',
      r.due || '—',
      // a recommendation the lead added has no figures
      r.fromEngine ? { text: `+${r.gain}`, bold: true, color: COLOR.pass } : '—',
    ]),
  };
}
