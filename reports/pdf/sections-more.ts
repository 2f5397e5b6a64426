/** Chapters 5–8 and the appendix: survey, documentation, recommendations, path, interview notes. */
import { formatPercent } from '../i18n';
import { actionPlanTable } from '../model-plan';
import type { Cell } from './layout';
import { placeChart as chart, type SectionContext } from './section-context';
import { COLOR, SIZE } from './theme';

const pct = (c: number, n: number, lang: 'en' | 'nb') => (n === 0 ? '—' : formatPercent((100 * c) / n, lang, 0));

export function drawSurvey(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  const s = m.survey;
  if (!s.run) {
    flow.paragraph(t.noSurvey);
    return;
  }
  flow.keyFigures([
    { label: t.invited, value: s.invited },
    { label: t.validResponses, value: String(s.valid) },
    { label: t.responseRate, value: s.responseRate, color: s.minimumMet ? COLOR.navy : COLOR.fail },
  ]);
  flow.paragraph(s.minimumLine, { color: s.minimumMet ? COLOR.pass : COLOR.fail, bold: true });
  chart(ctx, 'likert');
  flow.table(
    [
      { header: '', width: 0.06 },
      { header: t.question, width: 0.5 },
      { header: t.answers, width: 0.06, align: 'right' },
      { header: t.mean, width: 0.08, align: 'right' },
      { header: `${t.distribution} (1–5)`, width: 0.3 },
    ],
    s.likert.map((q) => [{ text: q.id, bold: true }, q.text, String(q.n), { text: q.mean, bold: true }, q.counts.join(' · ')]),
  );
  chart(ctx, 'nps');
  const rows: Cell[][] = [
    ...s.yesNo.map(
      (q) =>
        [{ text: q.id, bold: true }, q.text, String(q.n), `${t.yes} ${q.yes} (${pct(q.yes, q.n, m.lang)}) · ${t.no} ${q.no}`] as Cell[],
    ),
    ...s.choice.map(
      (q) => [{ text: q.id, bold: true }, q.text, String(q.n), q.options.map((o) => `${o.label}: ${o.count}`).join(' · ')] as Cell[],
    ),
  ];
  flow.table(
    [
      { header: '', width: 0.06 },
      { header: t.question, width: 0.44 },
      { header: t.answers, width: 0.06, align: 'right' },
      { header: t.distribution, width: 0.44 },
    ],
    rows,
  );
  drawVerbatims(ctx);
}

/** The participants' free-text answers (Q15): sorted, scrubbed, identical ones counted; or one line when too few answered. */
function drawVerbatims(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const v = m.survey.verbatims;
  if (!v) return;
  flow.heading(v.title);
  for (const b of v.blocks) {
    flow.paragraph(b.intro, { color: b.answers.length ? COLOR.ink : COLOR.muted, after: 4 });
    for (const a of b.answers) {
      const h = flow.textHeight(a, flow.width - 12, SIZE.body);
      flow.ensure(h);
      flow.write('•', flow.left, flow.y, 10, { size: SIZE.body, color: COLOR.muted });
      flow.write(a, flow.left + 12, flow.y, flow.width - 12, { size: SIZE.body });
      flow.y += h + 3;
    }
    flow.gap(6);
  }
}

export function drawDocuments(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  flow.paragraph(m.documentSummary, { bold: true });
  const colour: Record<string, string> = { accepted: COLOR.pass, rejected: COLOR.fail, uploaded: COLOR.amber, not_provided: COLOR.muted };
  const mark: Record<string, string> = { accepted: '✓', rejected: '✗', uploaded: '•', not_provided: '–' };
  flow.table(
    [
      { header: '', width: 0.07 },
      { header: t.document, width: 0.33 },
      { header: t.status, width: 0.22 },
      { header: t.supports, width: 0.38 },
    ],
    m.documents.map((d) => [
      { text: d.id, bold: true },
      d.item,
      { text: `${mark[d.statusKey]} ${d.status}`, color: colour[d.statusKey], bold: true },
      d.comment ? `${d.supports}\n${d.comment}` : d.supports,
    ]),
  );
}

export function drawRecommendations(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  if (m.recommendations.length === 0) {
    flow.paragraph(t.noRecommendations);
    return;
  }
  flow.paragraph(m.narrative ? t.recIntroNarrative : t.recIntro);
  flow.table(
    [
      { header: t.rank, width: 0.05, align: 'center' },
      { header: t.indicator, width: 0.22 },
      { header: t.value, width: 0.09 },
      { header: t.points, width: 0.085, align: 'center' },
      { header: t.thresholdShort, width: 0.04, align: 'center' },
      { header: t.priority, width: 0.115, align: 'center' },
      { header: t.gain, width: 0.09, align: 'center' },
      { header: t.action, width: 0.31 },
    ],
    m.recommendations.map((r): Cell[] =>
      r.fromEngine
        ? engineRow(r)
        : [{ text: String(r.rank), bold: true }, r.indicator ? `${r.indicator}\n${r.name}` : '—', '—', '—', '—', '—', '—', r.action],
    ),
  );
  function engineRow(r: (typeof m.recommendations)[number]): Cell[] {
    return [
      { text: String(r.rank), bold: true },
      {
        text: `${r.indicator}\n${r.name}${r.minimumFailed ? `\n${t.minimumFailed}` : ''}`,
        color: r.minimumFailed ? COLOR.fail : COLOR.ink,
      },
      r.value,
      String(r.points),
      String(r.threshold),
      `${r.gap} × ${r.weight} = ${r.priority}`,
      { text: `+${r.gain}`, bold: true, color: COLOR.pass },
      r.action || '—',
    ];
  }
}

export function drawPath(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  for (const p of m.paths) {
    flow.heading(p.title);
    if (p.next === null && p.improvements.length === 0 && m.cover.validUntil) {
      flow.paragraph(t.renewal.replace('{date}', m.cover.validUntil));
    }
    if (p.improvements.length > 0) {
      flow.table(
        [
          { header: t.indicator, width: 0.5 },
          { header: t.target, width: 0.14, align: 'center' },
          { header: t.targetValue, width: 0.22 },
          { header: t.gain, width: 0.14, align: 'center' },
        ],
        p.improvements.map((im) => [
          `${im.indicator}  ${im.name}`,
          `${im.targetPoints}`,
          im.action ? `${im.targetValue}\n${im.action}` : im.targetValue,
          { text: `+${im.gain}`, bold: true, color: COLOR.pass },
        ]),
      );
    }
    if (p.newTotal && p.improvements.length > 0) flow.paragraph(p.newTotal, { bold: true });
    if (p.procedural.length > 0) {
      flow.paragraph(t.procedural, { bold: true, color: COLOR.navy, after: 3 });
      for (const step of p.procedural) flow.paragraph(`•  ${step}`);
    }
    flow.gap(8);
  }
}

/** The closing chapter: the action plan, a row per recommended action with its owner, due date and expected gain. */
export function drawActionPlan(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  if (m.recommendations.length === 0) {
    flow.paragraph(t.noRecommendations);
    return;
  }
  const plan = actionPlanTable(m);
  flow.paragraph(plan.intro);
  flow.table(plan.columns, plan.rows);
}

export function drawAppendix(ctx: SectionContext): void {
  const { flow, model: m } = ctx;
  const t = m.t;
  if (m.decisionLines.length) {
    flow.heading(t.appendixDecision);
    for (const line of m.decisionLines) flow.paragraph(line, { after: 4 });
    flow.gap(8);
  }
  if (m.reconciliation) {
    flow.heading(t.appendixReconciliation);
    flow.paragraph(m.reconciliation.intro);
    if (m.reconciliation.rows.length)
      flow.table(
        [
          { header: t.indicator, width: 0.23 },
          { header: t.roles.lead, width: 0.155 },
          { header: t.roles.co, width: 0.155 },
          { header: t.appendixFinalValue, width: 0.11 },
          { header: t.appendixReason, width: 0.35 },
        ],
        m.reconciliation.rows.map((r) => [
          `${r.indicator}\n${r.name}`,
          r.lead,
          r.co,
          { text: r.final, bold: true },
          `${r.basis}${r.reason ? `: ${r.reason}` : ''}`,
        ]),
      );
    for (const line of m.reconciliation.signatures) flow.paragraph(line, { after: 2 });
    flow.gap(8);
  }
  // the interview notes only when there are some (no page saying there are none); an appendix with
  // nothing else to hold (before the decision) says so in one line
  if (m.notes.length === 0) {
    if (!m.decisionLines.length && !m.reconciliation) flow.paragraph(t.noNotes);
    return;
  }
  flow.heading(t.appendixNotes);
  for (const n of m.notes) {
    const h = flow.textHeight(n.text, flow.width, SIZE.body);
    flow.ensure(h + 22);
    flow.paragraph(`${n.indicator}  ${n.name}`, { bold: true, color: COLOR.navy, after: 2 });
    flow.paragraph(n.text, { after: 10 });
  }
}
