/** What every chapter drawer gets, and the one way a chart is placed in the flow. */
import { CHART_SIZES, type ReportChart } from '../charts';
import type { ReportModel } from '../model';
import { drawChart, type ChartMode } from './chart-draw';
import type { Flow } from './layout';

export interface SectionContext {
  flow: Flow;
  model: ReportModel;
  charts: Map<string, ReportChart>;
  mode: ChartMode;
}

/** Places a chart at the cursor (on a new page when it does not fit) and moves the cursor below it. */
export function placeChart(ctx: SectionContext, id: string, after = 12): void {
  const c = ctx.charts.get(id);
  if (!c) return;
  const { height } = CHART_SIZES[c.size];
  ctx.flow.ensure(height);
  drawChart(ctx.flow.doc, c, ctx.flow.left, ctx.flow.y, ctx.mode);
  ctx.flow.y += height + after;
}
