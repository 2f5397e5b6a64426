/**
 * The one place an indicator's outcome, a label check's facts and a procedural step become words,
 * from the message catalogue (messages/: `explain.*`, `checkDetails.*`, `steps.*`, `areaProblems.*`,
 * `teamProblems.*`). The engine words its contract fields (`explanation`, `checks[].detail`,
 * `procedural`) with engineWording: its values as the API has
 * always shown them (country codes, ISO dates and months, "83.9 %"). The report and the pages word
 * the same facts in the reader's language with their own value formats (reports/explain.ts).
 * Pure: no I/O, no clock.
 */
import type { LabelName } from '../questionnaires/schema';
import { format, type Lang, type MessageValues } from '../messages';
import { fixed } from './decimal';
import type { AssessorTeamProblem, CheckFacts, ImprovementAreaProblem, MinimumFacts, ProceduralStep, SurveyMinimumFacts } from './types';

/** How the values inside a sentence read in one language. */
export interface Wording {
  lang: Lang;
  /** a list of ids: "D-03, D-11" (the engine), "D-03 og D-11" (bokmål) */
  list(ids: string[]): string;
  /** an indicator's value with its unit ("83.9 %", "L4", "2.50 FTE") */
  value(indicator: string, value: number): string;
  country(code: string): string;
  /** "2027-09" as the reader reads a month */
  month(ym: string): string;
  /** "2028-03-31" as the reader reads a date */
  date(iso: string): string;
  percent(n: number): string;
}

/** The engine's own English (the API's `detail` and `procedural`): values as the contract has them. */
export function engineWording(value: Wording['value']): Wording {
  return {
    lang: 'en',
    value,
    list: (l) => l.join(', '),
    country: (c) => c,
    month: (m) => m,
    date: (d) => d,
    percent: (n) => `${fixed(n, 1)} %`,
  };
}

const t = (w: Wording, key: string, values?: MessageValues) => format(w.lang, key, values);
const yes = (b: boolean) => (b ? 'yes' : 'no');
const ids = (list: string[]) => list.join(', ');
const level = (w: Wording, l: LabelName | null) => (l ? t(w, `labelWords.${l}`) : '');

/** "STR-03 = 14 (scored), minimum 15" */
export function againstMinimum(m: MinimumFacts, w: Wording): string {
  const minimum =
    m.minimum === null ? t(w, 'checkDetails.anyScoredValue') : typeof m.minimum === 'string' ? m.minimum : w.value(m.indicator, m.minimum);
  return t(w, 'checkDetails.againstMinimum', {
    indicator: m.indicator,
    hasValue: yes(m.value !== null),
    value: m.value === null ? '' : w.value(m.indicator, m.value),
    status: t(w, `checkStatus.${m.status}`),
    minimum,
  });
}

export const areaProblemText = (p: ImprovementAreaProblem, w: Wording) =>
  t(w, `areaProblems.${p.code}`, 'indicators' in p ? { indicators: ids(p.indicators) } : {});
export const teamProblemText = (p: AssessorTeamProblem, w: Wording) =>
  t(w, `teamProblems.${p.code}`, 'country' in p ? { country: w.country(p.country) } : {});

/** A label check's detail from its facts. */
export function checkText(f: CheckFacts, w: Wording): string {
  switch (f.kind) {
    case 'interviewer':
      return t(w, 'checkDetails.interviewer', { certified: yes(f.certification !== null), level: level(w, f.certification) });
    case 'completeness':
      return t(w, 'checkDetails.completeness', { missingCount: f.missing.length, indicators: f.indicators, missing: ids(f.missing) });
    case 'eligibility':
      return t(w, 'checkDetails.eligibility', { minimum: againstMinimum(f.minimum, w), met: yes(f.met) });
    case 'eligible':
      return t(w, 'checkDetails.eligible', { failedCount: f.failed.length, failed: ids(f.failed) });
    case 'interval': {
      const p = f.previous;
      return t(w, 'checkDetails.interval', {
        hasPrevious: yes(p !== null),
        label: p ? level(w, p.label) : '',
        issued: p ? w.month(p.issued) : '',
        months: p?.months ?? 0,
        min: f.min,
        max: f.max,
      });
    }
    case 'on_site_audit':
      return t(w, 'checkDetails.onSiteAudit', {
        onSite: yes(f.onSite),
        certified: yes(f.certification !== null),
        level: level(w, f.certification),
      });
    case 'bronze_basics':
      return t(w, 'checkDetails.bronzeBasics', { completeness: yes(f.completeness), eligibility: yes(f.eligibility) });
    case 'improvement_areas':
      if (f.submitted !== f.required) return t(w, 'checkDetails.areasCount', { submitted: f.submitted, required: f.required });
      if (f.failures.length === 0) return t(w, 'checkDetails.areasQualify', { required: f.required });
      return f.failures
        .map((a) =>
          t(w, 'checkDetails.areaFailure', {
            number: a.number,
            title: a.title,
            problems: a.problems.map((p) => areaProblemText(p, w)).join('; '),
          }),
        )
        .join(' | ');
    case 'minimums':
      return t(w, 'checkDetails.minimums', {
        failedCount: f.failed.length,
        count: f.count,
        failed: f.failed.map((m) => againstMinimum(m, w)).join('; '),
      });
    case 'total':
      return t(w, 'checkDetails.total', { total: f.total, reached: yes(f.total >= f.minTotal), minTotal: f.minTotal });
    case 'assessor_team': {
      const team = t(w, 'checkDetails.team', {
        hasLead: yes(f.lead !== null),
        lead: f.lead ? w.country(f.lead) : '',
        hasCo: yes(f.co !== null),
        co: f.co ? w.country(f.co) : '',
        seat: w.country(f.seat),
      });
      return f.problems.length === 0
        ? team
        : t(w, 'checkDetails.teamWithProblems', { team, problems: f.problems.map((p) => teamProblemText(p, w)).join('; ') });
    }
    case 'reconciliation':
      return t(w, 'checkDetails.reconciliation', { signed: yes(f.signed) });
  }
}

/** "N ≥ 10 valid responses and response rate ≥ 20.0 %" */
const surveyMinimum = (s: SurveyMinimumFacts, w: Wording) =>
  t(w, 'steps.surveyMinimum', { minResponses: s.minimumResponses, minRate: w.percent(s.minimumResponseRate) });

/** Where the survey stands against its minimum: "N = 8 (minimum 10), response rate 57.1 % (minimum 20.0 %)", or that none was run. */
export function surveyNow(s: SurveyMinimumFacts, w: Wording): string {
  const rate = s.responseRate === null || s.responseRate === undefined ? '—' : w.percent(s.responseRate);
  return t(w, 'steps.surveyNow', {
    run: yes(s.valid !== undefined),
    valid: s.valid ?? 0,
    minResponses: s.minimumResponses,
    rate,
    minRate: w.percent(s.minimumResponseRate),
  });
}

/** A procedural step from its code and facts. */
export function stepText(step: ProceduralStep, w: Wording): string {
  switch (step.code) {
    case 'silver_window':
      return t(w, 'steps.silver_window', { from: w.month(step.from), to: w.month(step.to) });
    case 'silver_window_after_label':
      return t(w, 'steps.silver_window_after_label', { min: step.min, max: step.max });
    case 'record_missing':
      return t(w, 'steps.record_missing', { indicator: step.indicator });
    case 'improvement_areas':
    case 'gold_team':
      return t(w, `steps.${step.code}`, { detail: checkText(step.facts, w) });
    case 'run_survey':
      return t(w, 'steps.run_survey', { minimum: surveyMinimum(step.survey, w) });
    case 'survey_minimum':
      return t(w, 'steps.survey_minimum', { minimum: surveyMinimum(step.survey, w), now: surveyNow({ valid: 0, ...step.survey }, w) });
    case 'accept_document':
      return t(w, 'steps.accept_document', { document: step.document, indicators: ids(step.indicators) });
    case 'renew':
      return t(w, 'steps.renew', { until: w.date(step.until) });
    default:
      return t(w, `steps.${step.code}`);
  }
}

/** Why an indicator has the points it has, as data (what its explanation says). */
export type IndicatorFacts =
  | { kind: 'profile'; recorded: boolean }
  | { kind: 'missing' }
  | { kind: 'not_applicable'; reason: 'zero_denominator' | 'no_survey' | 'recorded' }
  | { kind: 'documents_not_accepted'; indicator: string; value: number | null; documents: string[] }
  | { kind: 'no_valid_answers' }
  | { kind: 'survey_missed'; indicator: string; value: number; survey: SurveyMinimumFacts }
  | ({ kind: 'scored'; indicator: string; value: number } & BandFacts)
  | ({ kind: 'level_held'; indicator: string; recorded: number; value: number; documents: string[] } & BandFacts);

/** Where a value fell: the band ("≥80:4"), the level ("L4") or none, and what it gives. */
export interface BandFacts {
  band: string | null;
  points: number;
  maxPoints: number;
  threshold: number;
}

function bandValues(f: BandFacts, shown: string) {
  return {
    where: f.band === null ? 'below' : f.band === shown ? 'level' : 'band',
    band: f.band ?? '',
    points: f.points,
    max: f.maxPoints,
    goldMet: yes(f.points >= f.threshold),
    threshold: f.threshold,
  };
}

/** An indicator's explanation: "83.9 % falls in ≥80:4: 4 of 5 points, Gold threshold met." */
export function indicatorText(f: IndicatorFacts, w: Wording): string {
  const shown = (indicator: string, value: number | null) => (value === null ? t(w, 'explain.noValue') : w.value(indicator, value));
  switch (f.kind) {
    case 'profile':
      return t(w, f.recorded ? 'explain.profile' : 'explain.profileMissing');
    case 'missing':
      return t(w, 'explain.missing');
    case 'not_applicable':
      return t(w, 'explain.notApplicable', { why: t(w, `explain.naWhy.${f.reason}`) });
    case 'documents_not_accepted':
      return t(w, 'explain.documentsNotAccepted', {
        shown: shown(f.indicator, f.value),
        count: f.documents.length,
        docs: w.list(f.documents),
      });
    case 'no_valid_answers':
      return t(w, 'explain.noValidAnswers', { shown: t(w, 'explain.noValue') });
    case 'survey_missed':
      return t(w, 'explain.surveyMissed', { shown: shown(f.indicator, f.value), now: surveyNow(f.survey, w) });
    case 'scored': {
      const value = shown(f.indicator, f.value);
      return t(w, 'explain.scored', { shown: value, ...bandValues(f, value) });
    }
    case 'level_held': {
      const value = shown(f.indicator, f.value);
      return t(w, 'explain.levelHeld', {
        recorded: shown(f.indicator, f.recorded),
        count: f.documents.length,
        docs: w.list(f.documents),
        shown: value,
        ...bandValues(f, value),
      });
    }
  }
}
