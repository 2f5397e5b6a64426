/**
 * The engine's explanations in the reader's language: an indicator's points, a label check's detail
 * and the procedural steps of a path, worded from their codes and facts by scoring/wording.ts with
 * the message catalogue. English is the engine's own wording (the API's `explanation`, `detail` and
 * `procedural`, word for word); bokmål the same facts with Norwegian values. A score frozen before
 * the engine gave facts (no `facts`, no `proceduralSteps`) keeps its English text.
 * Pure functions, shared by the report model and the web pages.
 */
import type { FrameworkDefinition, Indicator, LocalizedText } from '../questionnaires/schema';
import { isSurveyBased } from '../scoring/framework-index';
import { showValue } from '../scoring/indicators';
import type { DocumentBlock, Improvement, IndicatorScore, LabelCheck, LabelPath, Recommendation, Score } from '../scoring/types';
import { checkText, engineWording, indicatorText, stepText, type IndicatorFacts, type Wording } from '../scoring/wording';
import { formatValue } from './format';
import { countryName, fill, formatDate, formatList, formatMonth, formatPercent, texts } from './i18n';
import type { Lang } from './types';

/** What an indicator's explanation needs besides the indicator: its definition, the survey and its rules. */
export interface ExplainContext {
  indicators: Map<string, Indicator>;
  surveyRules: Pick<FrameworkDefinition['survey'], 'minimumResponses' | 'minimumResponseRate'>;
  survey: Pick<Score['survey'], 'valid' | 'responseRate'>;
}

export function explainContext(definition: FrameworkDefinition, score: Pick<Score, 'survey'>): ExplainContext {
  return { indicators: new Map(definition.indicators.map((i) => [i.id, i])), surveyRules: definition.survey, survey: score.survey };
}

// ── Indicators ───────────────────────────────────────────────────────────────

/** An indicator score's outcome as facts (what the engine worded its `explanation` from). */
export function indicatorFacts(s: IndicatorScore, ctx: ExplainContext): IndicatorFacts {
  if (s.kind === 'profile') return { kind: 'profile', recorded: s.status !== 'missing' };
  const value = typeof s.value === 'number' ? s.value : null;
  const indicator = ctx.indicators.get(s.id);
  switch (s.status) {
    case 'missing':
      return { kind: 'missing' };
    case 'not_applicable': {
      const reason =
        s.evidence.computation === 'zero denominator'
          ? 'zero_denominator'
          : indicator && isSurveyBased(indicator) && s.evidence.source === 'none'
            ? 'no_survey'
            : 'recorded';
      return { kind: 'not_applicable', reason };
    }
    case 'insufficient_evidence': {
      const documents = s.evidence.documents.filter((d) => d.status !== 'accepted').map((d) => d.id);
      if (documents.length > 0) return { kind: 'documents_not_accepted', indicator: s.id, value, documents };
      if (value === null) return { kind: 'no_valid_answers' };
      return {
        kind: 'survey_missed',
        indicator: s.id,
        value,
        survey: { ...ctx.surveyRules, valid: ctx.survey.valid, responseRate: ctx.survey.responseRate },
      };
    }
    case 'scored': {
      const band = { band: s.evidence.band, points: s.points, maxPoints: s.maxPoints, threshold: s.threshold };
      const recorded = s.evidence.recorded;
      // §1.3.2: the recorded level names documents that are not accepted
      if (s.heldBy && typeof recorded === 'number' && value !== null && recorded > value) {
        return { kind: 'level_held', indicator: s.id, recorded, value, documents: s.heldBy.documents, ...band };
      }
      return { kind: 'scored', indicator: s.id, value: value ?? 0, ...band };
    }
  }
}

/** "75,0 % ligger i båndet ≥70:3: 3 av 5 poeng; gullterskelen (4 poeng) er ikke nådd." */
export function explainIndicator(s: IndicatorScore, ctx: ExplainContext, lang: Lang): string {
  return indicatorText(indicatorFacts(s, ctx), wording(lang, ctx));
}

// ── Documents holding points down ────────────────────────────────────────────

/** "D-11", "D-03 and D-11", "D-03, D-05 and D-11" (nb: "og"). */
const documentList = (ids: string[], lang: Lang) => formatList(ids, lang);

/**
 * What to do about documents that hold an indicator's points down: "Provide D-11 and have it
 * accepted" when none was provided, "Have D-03 and D-11 accepted" when they were.
 */
export function documentsAction(block: DocumentBlock, lang: Lang): string {
  const t = texts(lang);
  const docs = documentList(block.documents, lang);
  const provide = block.documents.filter((id) => block.statuses[id] === 'not_provided');
  if (provide.length === 0) return fill(t.haveAccepted, { docs });
  if (provide.length === block.documents.length) return fill(provide.length === 1 ? t.provideAcceptOne : t.provideAcceptMany, { docs });
  return fill(t.provideThenAccept, { provide: documentList(provide, lang), docs });
}

/**
 * A recommendation's action: when documents hold the points below the threshold, having them
 * accepted, followed by the framework's action only where the documents alone do not reach it.
 * `fallback` is the framework's action for a score frozen without one.
 */
export function recommendationAction(r: Recommendation, fallback: LocalizedText | undefined, lang: Lang): string {
  const action = r.action ? r.action[lang] : (fallback?.[lang] ?? '');
  if (!r.blockedBy) return action;
  const documents = documentsAction(r.blockedBy, lang);
  if (r.blockedBy.points >= r.threshold || !action) return documents;
  return fill(texts(lang).documentsThenAction, { documents, action });
}

/** A path improvement's action when documents hold its points: having them accepted (then reaching `target` where they alone do not). */
export function improvementAction(im: Improvement, target: string, lang: Lang): string | null {
  if (!im.blockedBy) return null;
  const documents = documentsAction(im.blockedBy, lang);
  return im.blockedBy.points >= im.targetPoints ? documents : fill(texts(lang).documentsThenTarget, { documents, target });
}

// ── Label checks and procedural steps ────────────────────────────────────────

/**
 * How values read inside a sentence in `lang`. English is the engine's own wording (the API's
 * `detail` and `procedural`, word for word); bokmål gives values their units, countries their names
 * and dates and months the Norwegian way. `ctx` gives values their units (without it, plain numbers).
 */
export function wording(lang: Lang, ctx?: ExplainContext): Wording {
  const indicator = (id: string) => ctx?.indicators.get(id);
  if (lang === 'en')
    return engineWording((id, v) => {
      const i = indicator(id);
      return i ? showValue(i, v) : String(v);
    });
  return {
    lang,
    list: (ids) => formatList(ids, lang),
    value: (id, v) => formatValue(v, indicator(id)?.valueType, lang),
    country: (c) => countryName(c, lang),
    month: (ym) => formatMonth(ym, lang),
    date: (d) => formatDate(d, lang),
    percent: (n) => formatPercent(n, lang, 1),
  };
}

/** A check's detail in the reader's language, from its facts ("MGT-02 = 0,80 årsverk (vurdert), minstekrav 0,50 årsverk: oppfylt"). */
export function explainCheck(c: LabelCheck, ctx: ExplainContext | undefined, lang: Lang): string {
  // a score frozen before checks carried facts keeps its English detail
  return c.facts ? checkText(c.facts, wording(lang, ctx)) : c.detail;
}

/** A path's procedural steps in the reader's language, from their codes and facts. */
export function explainSteps(path: LabelPath, ctx: ExplainContext | undefined, lang: Lang): string[] {
  if (!path.proceduralSteps || path.proceduralSteps.length !== path.procedural.length) return path.procedural;
  const w = wording(lang, ctx);
  return path.proceduralSteps.map((step) => stepText(step, w));
}
