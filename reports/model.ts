/**
 * Score + framework + context → the report model: plain data with every text resolved in the
 * report's language. No I/O, no clock; the PDF drawing (reports/pdf) and the chart builders
 * (reports/charts.ts) read only this.
 */
import type { Indicator, LabelName, LocalizedText } from '../questionnaires/schema';
import { decidingChecks } from '../scoring/deciding-checks';
import type { IndicatorScore } from '../scoring/types';
import { explainCheck, explainContext, explainIndicator, explainSteps, improvementAction, recommendationAction } from './explain';
import { evidenceText, formatValue, indicatorValueText, minimumText, targetText } from './format';
import { countryName, fill, formatDate, formatPercent, texts, type Texts } from './i18n';
import { buildPeerModel, indicatorPeers, PEER_STRIP_GROUPS, type PeerModel } from './model-peers';
import { buildProgressModel, type ProgressModel } from './model-progress';
import { buildSurveyModel, type SurveyModel } from './model-survey';
import { ruleFacts, ruleName } from './rule-names';
import type { Lang, PeerGroupKey, ReportInput } from './types';

export type { PeerModel, ProgressModel, SurveyModel };
export type { ReportContext, PeerComparison, PeerGroupStats, ReportInput, CertificateInput } from './types';

/**
 * The numbered chapters, in order, the action plan closing them; the appendix follows unnumbered. 'progress' (since the last
 * benchmarking) follows 'peers' only in a report that has it (`ReportModel.sections`), so a report
 * without a previous cycle keeps its chapters and their numbers.
 */
export const SECTIONS = [
  'summary',
  'checks',
  'areaOverview',
  'peers',
  'survey',
  'documents',
  'recommendations',
  'path',
  'actionPlan',
] as const;
export type SectionKey = (typeof SECTIONS)[number] | 'progress';

/** The chapters of one report: SECTIONS, with 'progress' after 'peers' when there is progress to show. */
export function sectionsOf(hasProgress: boolean): SectionKey[] {
  return hasProgress ? SECTIONS.flatMap((k): SectionKey[] => (k === 'peers' ? [k, 'progress'] : [k])) : [...SECTIONS];
}

export interface IndicatorRow {
  id: string;
  name: string;
  kind: 'quality' | 'profile';
  value: string;
  band: string;
  points: number;
  maxPoints: number;
  threshold: number;
  thresholdMet: boolean;
  minimum: string;
  minimumFailed: boolean;
  status: string;
  evidence: string;
  /** one sentence explaining the points, in the report's language */
  explanation: string;
  peerMedian: string;
  /**
   * The cluster's percentile in each peer group large enough to show (MIN_PEER_GROUP), in the order
   * of PEER_STRIP_GROUPS; empty when the cluster has no value or the print has no such figures
   */
  peers: IndicatorPeer[];
  /** the expert's comment on the indicator (the narrative); null when none */
  comment: string | null;
}

/** One indicator against one peer group: the cluster's percentile (0–100, whole), the group's size and median. */
export interface IndicatorPeer {
  key: PeerGroupKey;
  percentile: number;
  n: number;
  /** the group's median, as a value of the indicator */
  median: string;
  /** e.g. "P62 of 80 · median 3.1" */
  text: string;
}

export interface AreaSection {
  code: string;
  number: number;
  name: string;
  /** the name up to its colon, for charts and lists */
  shortName: string;
  points: number;
  maxPoints: number;
  percent: number;
  goldThresholdSum: number;
  summary: string;
  /** the expert's comment on the area (the narrative), printed on its page; null when none */
  comment: string | null;
  indicators: IndicatorRow[];
  /** the peer groups some indicator of the area is placed in (the percentile strips' columns), with their names */
  peerGroups: { key: PeerGroupKey; label: string }[];
}

export interface CheckRow {
  rule: string;
  name: string;
  passed: boolean;
  detail: string;
}

export interface RecommendationRow {
  rank: number;
  indicator: string;
  name: string;
  value: string;
  points: number;
  threshold: number;
  gap: number;
  weight: number;
  priority: number;
  gain: number;
  minimumFailed: boolean;
  /** the action: the engine's wording, or the lead's when the narrative rewords it */
  action: string;
  /** who is responsible and by when (the narrative; the action plan); '' when not set */
  owner: string;
  /** the due date as printed (YYYY-MM-DD); '' when not set */
  due: string;
  /** the due date as YYYY-MM-DD; null when not set */
  dueIso: string | null;
  /**
   * false for a recommendation the lead added (the narrative) that is not one of the engine's: then
   * `indicator` may be '' and the figures (points … gain) are 0 and mean nothing (print a dash)
   */
  fromEngine: boolean;
}

/** The expert's narrative as the report prints it; null when none was written. */
export interface NarrativeModel {
  /** the executive summary, by paragraph */
  summary: string[];
  strengths: string[];
  weaknesses: string[];
  /** the recommendations the lead dropped, with the reasons (on record; the report does not print them) */
  dropped: { indicator: string; text: string; reason: string }[];
}

export interface PathModel {
  title: string;
  next: LabelName | null;
  /** `action`: what to do when documents not accepted hold the indicator's points (else null) */
  improvements: { indicator: string; name: string; targetPoints: number; targetValue: string; gain: number; action: string | null }[];
  procedural: string[];
  newTotal: string | null;
}

export interface ReportModel {
  lang: Lang;
  t: Texts;
  meta: { title: string; author: string; subject: string; keywords: string };
  cover: {
    clusterName: string;
    clusterLine: string;
    label: LabelName | null;
    labelText: string;
    motto: string;
    interviewDate: string;
    validUntil: string | null;
    frameworkLine: string;
    certificateCode: string | null;
    assessors: { name: string; role: string; certification: string; country: string }[];
  };
  summary: {
    paragraphs: string[];
    chapterNote: string | null;
    label: LabelName | null;
    labelText: string;
    requestedText: string;
    points: number;
    maxPoints: number;
    percent: string;
    strongest: string[];
    weakest: string[];
    thresholdsMet: string;
  };
  checksIntro: string;
  /** the checks that decided (scoring/deciding-checks.ts): the requested label's and, when it was not awarded, the fallback's */
  checks: CheckRow[];
  areas: AreaSection[];
  peers: PeerModel;
  /** the progress since the last benchmarking; null when the assessment did not start from a previous one */
  progress: ProgressModel | null;
  /** the numbered chapters of this report, in order (sectionsOf) */
  sections: SectionKey[];
  survey: SurveyModel;
  documents: { id: string; item: string; status: string; statusKey: string; supports: string; comment: string }[];
  documentSummary: string;
  /** the engine's ranked recommendations, or, when the lead wrote a narrative, the lead's list in the lead's order and words (dropped ones left out) */
  recommendations: RecommendationRow[];
  /** the expert's narrative (summary, strengths, weaknesses); the area comments are on `areas[].comment` */
  narrative: NarrativeModel | null;
  paths: PathModel[];
  notes: { indicator: string; name: string; text: string }[];
  /** the decision's justification(s), worded (the appendix) */
  decisionLines: string[];
  /** the reconciliation record (Gold), worded; null when there is none */
  reconciliation: {
    intro: string;
    rows: { indicator: string; name: string; lead: string; co: string; final: string; basis: string; reason: string }[];
    signatures: string[];
  } | null;
}

export function localize(text: LocalizedText | undefined, lang: Lang, fallback = ''): string {
  return text ? text[lang] : fallback;
}

function areaSummary(t: Texts, lang: Lang, a: { points: number; maxPoints: number; percent: number }, gold: number): string {
  return fill(t.areaPoints, { points: a.points, max: a.maxPoints, percent: formatPercent(a.percent, lang), gold });
}

export function buildReportModel(input: ReportInput, lang: Lang): ReportModel {
  const t = texts(lang);
  const { score, framework, context } = input;
  const def = framework.definition;
  const indDefs = new Map<string, Indicator>(def.indicators.map((i) => [i.id, i]));
  const name = (id: string) => localize(indDefs.get(id)?.name, lang, id);
  const labelText = (l: LabelName | null) => (l ? t.labels[l] : '—');
  const frameworkLine = `${localize(def.title, lang, def.id)} ${score.framework.version}`;
  const peerModel = buildPeerModel(input, lang);
  const progress = buildProgressModel(input, lang);
  const sections = sectionsOf(progress !== null);
  const explain = explainContext(def, score);
  const narrative = context.narrative ?? null;

  const row = (s: IndicatorScore): IndicatorRow => {
    const d = indDefs.get(s.id);
    const median = peerModel.indicatorMedian[s.id];
    return {
      id: s.id,
      name: name(s.id),
      kind: s.kind,
      value: indicatorValueText(s, d, lang),
      band: s.kind === 'profile' ? '' : (s.evidence.band ?? '—'),
      points: s.points,
      maxPoints: s.maxPoints,
      threshold: s.threshold,
      thresholdMet: s.thresholdMet,
      minimum: s.kind === 'profile' ? '' : minimumText(s, lang),
      minimumFailed: s.kind === 'quality' && !s.minimumMet,
      status: t.statusText[s.status],
      evidence: evidenceText(s, lang),
      explanation: explainIndicator(s, explain, lang),
      peerMedian: median === undefined ? '—' : indicatorValueText({ ...s, status: 'scored', value: median }, d, lang),
      peers: indicatorPeers(input.peers, s.id).map((g) => {
        const medianText = indicatorValueText({ ...s, status: 'scored', value: g.median }, d, lang);
        return {
          key: g.key,
          percentile: g.percentile,
          n: g.n,
          median: medianText,
          text: fill(t.peerStripCell, { percentile: g.percentile, n: g.n, median: medianText }),
        };
      }),
      comment: narrative?.indicators?.[s.id]?.trim() || null,
    };
  };

  const areas: AreaSection[] = def.areas.map((a) => {
    const indicators = score.indicators.filter((i) => i.area === a.code).map(row);
    const sa = score.areas.find((x) => x.code === a.code) ?? { code: a.code, points: 0, maxPoints: a.maxPoints, percent: 0 };
    return {
      code: a.code,
      number: a.number,
      name: localize(a.name, lang, a.code),
      shortName: localize(a.name, lang, a.code).split(':')[0],
      points: sa.points,
      maxPoints: sa.maxPoints,
      percent: sa.percent,
      goldThresholdSum: a.goldThresholdSum,
      summary: areaSummary(t, lang, sa, a.goldThresholdSum),
      comment: narrative?.areas[a.code]?.trim() || null,
      indicators,
      peerGroups: PEER_STRIP_GROUPS.filter((k) => indicators.some((r) => r.peers.some((p) => p.key === k))).map((key) => ({
        key,
        label: groupLabel(input, key, lang),
      })),
    };
  });

  const byPercent = [...areas].sort((x, y) => y.percent - x.percent || x.number - y.number);
  const areaLine = (a: AreaSection) => `${a.shortName}: ${formatPercent(a.percent, lang)}`;
  const awarded = score.label.awarded;
  const date = formatDate(context.interviewDate, lang);
  const quality = score.indicators.filter((i) => i.kind === 'quality');
  const engineRecs: RecommendationRow[] = score.recommendations.map((r, i) => ({
    rank: i + 1,
    indicator: r.indicator,
    name: name(r.indicator),
    value: indicatorValueText(
      score.indicators.find((s) => s.id === r.indicator) ?? ({ status: 'missing' } as IndicatorScore),
      indDefs.get(r.indicator),
      lang,
    ),
    points: r.points,
    threshold: r.threshold,
    gap: r.gap,
    weight: r.weight,
    priority: r.priority,
    gain: r.gap,
    minimumFailed: r.minimumFailed,
    action: recommendationAction(r, indDefs.get(r.indicator)?.action, lang),
    owner: '',
    due: '',
    dueIso: null,
    fromEngine: true,
  }));
  const recs = narrative ? narrativeRecommendations(narrative, engineRecs, name) : engineRecs;
  const summaryText = awarded
    ? fill(t.summaryAwarded, {
        cluster: context.cluster.name,
        date,
        framework: frameworkLine,
        label: t.labels[awarded],
        validUntil: score.label.validUntil ? formatDate(score.label.validUntil, lang) : '—',
      })
    : fill(t.summaryNone, { cluster: context.cluster.name, date, framework: frameworkLine, label: t.labels[score.label.requested] });
  const paragraphs = [
    summaryText,
    fill(t.summaryPoints, {
      points: score.total.points,
      max: score.total.maxPoints,
      percent: formatPercent(score.total.percent, lang),
      met: quality.filter((q) => q.thresholdMet).length,
      quality: quality.length,
    }),
  ];
  // Gold's total and minimums decide only a Gold request; below it they belong to the path to Gold
  if (score.label.requested === 'gold')
    paragraphs.push(
      fill(t.goldThresholdNote, { minTotal: ruleFacts(def).minTotal ?? def.totals.goldThresholdSum, max: def.totals.maxPoints }),
    );
  // a pointer to the report's own chapter: the PDF prints it, a web page showing the list itself does not
  const chapterNote =
    recs.length > 0
      ? fill(t.summaryRecommendations, {
          chapter: sections.indexOf('recommendations') + 1,
          count: recs.length,
          gain: recs.slice(0, 3).reduce((s, r) => s + r.gain, 0),
        })
      : null;

  const path = (title: string, p: typeof score.pathToNextLabel): PathModel => ({
    title,
    next: p.next,
    procedural: explainSteps(p, explain, lang),
    improvements: p.improvements.map((im) => {
      const targetValue = targetText(im.targetValue, indDefs.get(im.indicator), lang);
      return {
        indicator: im.indicator,
        name: name(im.indicator),
        targetPoints: im.targetPoints,
        targetValue,
        gain: im.gain,
        action: improvementAction(im, targetValue, lang),
      };
    }),
    newTotal: p.newTotal === undefined ? null : fill(t.newTotal, { points: p.newTotal }),
  });
  const paths = [
    path(
      score.pathToNextLabel.next ? fill(t.nextLabel, { label: t.labels[score.pathToNextLabel.next] }) : t.renewalTitle,
      score.pathToNextLabel,
    ),
  ];
  if (score.pathToGold) paths.push(path(t.pathToGold, score.pathToGold));

  const docStatus = new Map(context.documents.map((d) => [d.id, d]));
  const documents = def.checklist.map((c) => {
    const rec = docStatus.get(c.id);
    const status = rec?.status ?? 'not_provided';
    return {
      id: c.id,
      item: localize(c.item, lang, c.id),
      status: t.docStatus[status],
      statusKey: status,
      supports: c.supports.join(', '),
      comment: rec?.comment ?? '',
    };
  });
  const count = (k: string) => documents.filter((d) => d.statusKey === k).length;

  return {
    lang,
    t,
    meta: {
      title: `${t.reportTitle}: ${context.cluster.name}`,
      author: context.assessors.map((a) => a.name).join(', ') || t.brand,
      subject: t.reportSubject,
      keywords: ['ClusterMark', score.framework.id, score.framework.version, awarded ?? 'none'].join(', '),
    },
    cover: {
      clusterName: context.cluster.name,
      clusterLine: [
        context.cluster.sector,
        context.cluster.region,
        countryName(context.cluster.country, lang),
        fill(t.founded, { year: context.cluster.foundedYear }),
      ]
        .filter(Boolean)
        .join(' · '),
      label: awarded,
      labelText: awarded ? t.labelLong[awarded] : t.coverNoLabel,
      motto: awarded ? t.labelMotto[awarded] : '',
      interviewDate: date,
      validUntil: score.label.validUntil ? formatDate(score.label.validUntil, lang) : null,
      frameworkLine,
      certificateCode: awarded ? (context.certificate?.code ?? null) : null,
      assessors: context.assessors.map((a) => ({
        name: a.name,
        role: t.roles[a.role],
        country: countryName(a.country, lang),
        certification: a.certification ? fill(t.certified, { level: t.labels[a.certification] }) : '',
      })),
    },
    summary: {
      paragraphs,
      chapterNote,
      label: awarded,
      labelText: labelText(awarded),
      requestedText: t.labels[score.label.requested],
      points: score.total.points,
      maxPoints: score.total.maxPoints,
      percent: formatPercent(score.total.percent, lang),
      strongest: byPercent.slice(0, 2).map(areaLine),
      weakest: byPercent.slice(-2).reverse().map(areaLine),
      thresholdsMet: `${quality.filter((q) => q.thresholdMet).length} / ${quality.length}`,
    },
    checksIntro: fill(t.checksIntro, {
      requested: t.labels[score.label.requested],
      decision: awarded
        ? fill(t.decisionAwarded, {
            label: t.labels[awarded],
            issued: formatDate(score.label.issued ?? context.interviewDate, lang),
            validUntil: score.label.validUntil ? formatDate(score.label.validUntil, lang) : '—',
          })
        : t.decisionNone,
    }),
    checks: decidingChecks(score.label).map((c) => ({
      rule: c.rule,
      name: ruleName(c.rule, def, lang),
      passed: c.passed,
      detail: explainCheck(c, explain, lang),
    })),
    areas,
    peers: peerModel,
    progress,
    sections,
    survey: buildSurveyModel(input, lang),
    documents,
    documentSummary: fill(t.docSummary, {
      accepted: count('accepted'),
      total: documents.length,
      rejected: count('rejected'),
      missing: count('not_provided'),
    }),
    recommendations: recs,
    narrative: narrative
      ? {
          summary: narrative.summary
            .split(/\n\s*\n/)
            .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
            .filter((p) => p !== ''),
          strengths: narrative.strengths,
          weaknesses: narrative.weaknesses,
          dropped: narrative.recommendations
            .filter((r) => r.dropped)
            .map((r) => ({ indicator: r.indicator ?? '', text: r.text, reason: r.dropped!.reason })),
        }
      : null,
    paths,
    notes: Object.entries(context.interviewNotes)
      .filter(([, text]) => text.trim() !== '')
      .sort(([a], [b]) => (indDefs.get(a)?.number ?? 99) - (indDefs.get(b)?.number ?? 99))
      .map(([id, text]) => ({ indicator: id, name: name(id), text })),
    decisionLines: decisionLines(context.decision ?? null, t, lang),
    reconciliation: context.reconciliation
      ? {
          intro: fill(t.appendixReconciliationIntro, { n: context.reconciliation.rows.length }),
          rows: context.reconciliation.rows.map((r) => {
            const vt = indDefs.get(r.indicator)?.valueType;
            const show = (v: unknown) => (v === null || v === undefined ? '—' : formatValue(v, vt, lang));
            return {
              indicator: r.indicator,
              name: name(r.indicator),
              lead: show(r.lead),
              co: show(r.co),
              final: show(r.final),
              basis: t.reconciliationBasis[r.basis] ?? r.basis,
              reason: r.reason ?? '',
            };
          }),
          signatures: context.reconciliation.signatures.map((sg) =>
            fill(t.appendixSignedBy, { role: t.roles[sg.role], name: sg.name, at: formatDateTime(sg.signedAt, lang) }),
          ),
        }
      : null,
  };
}

/**
 * The lead's recommendations in the lead's order and words, dropped ones left out: one about an
 * indicator the engine recommended keeps the engine's figures; one the lead added has none.
 */
function narrativeRecommendations(
  n: NonNullable<ReportInput['context']['narrative']>,
  engine: RecommendationRow[],
  name: (id: string) => string,
): RecommendationRow[] {
  const byIndicator = new Map(engine.map((r) => [r.indicator, r]));
  return n.recommendations
    .filter((r) => !r.dropped)
    .map((r, i): RecommendationRow => {
      const e = r.indicator ? byIndicator.get(r.indicator) : undefined;
      // the due date as YYYY-MM-DD in both languages (short enough for the plan's column, as typed on the page)
      const plan = { owner: r.owner?.trim() ?? '', due: r.due ?? '', dueIso: r.due ?? null };
      if (e) return { ...e, rank: i + 1, action: r.text, ...plan };
      return {
        ...plan,
        rank: i + 1,
        indicator: r.indicator ?? '',
        name: r.indicator ? name(r.indicator) : '',
        value: '',
        points: 0,
        threshold: 0,
        gap: 0,
        weight: 0,
        priority: 0,
        gain: 0,
        minimumFailed: false,
        action: r.text,
        fromEngine: false,
      };
    });
}

/** A peer group's name for the strips' columns: the print's label of it (the first indicator's that has the group). */
function groupLabel(input: ReportInput, key: PeerGroupKey, lang: Lang): string {
  for (const stats of Object.values(input.peers.indicators)) {
    const g = stats.find((x) => x.key === key);
    if (g) return g.label[lang];
  }
  return key;
}

/** "2026-03-16T09:12:00.000Z" as a date and a UTC time in the report's language. */
function formatDateTime(iso: string, lang: Lang): string {
  return `${formatDate(iso.slice(0, 10), lang)} ${iso.slice(11, 16)} UTC`;
}

function decisionLines(d: NonNullable<ReportInput['context']['decision']> | null, t: Texts, lang: Lang): string[] {
  if (!d) return [];
  const lines = [fill(t.appendixDecidedBy, { name: d.decidedBy, at: formatDateTime(d.decidedAt, lang) })];
  if (d.confirmations.length) {
    for (const c of d.confirmations)
      lines.push(
        fill(t.appendixConfirmation, {
          role: t.roles[c.role],
          name: c.name,
          at: formatDateTime(c.confirmedAt, lang),
          justification: c.justification ?? '—',
        }),
      );
  } else if (d.justification) lines.push(fill(t.appendixJustification, { justification: d.justification }));
  return lines;
}
