/**
 * Indicator values and evidence as the reader sees them: "83.9 %", "L4", "2.50 FTE", "30 months".
 * Pure functions of the score, the framework and the language.
 */
import type { Indicator } from '../questionnaires/schema';
import type { IndicatorScore } from '../scoring/types';
import { formatNumber, formatPercent, texts } from './i18n';
import type { Lang } from './types';

const UNITS: Record<string, { en: string; nb: string }> = {
  fte: { en: 'FTE', nb: 'årsverk' },
  years: { en: 'years', nb: 'år' },
  months: { en: 'months', nb: 'måneder' },
  eur: { en: 'EUR', nb: 'EUR' },
};

const CODES: Record<string, { en: string; nb: string }> = {
  association: { en: 'association', nb: 'forening' },
  company: { en: 'company', nb: 'selskap' },
  foundation: { en: 'foundation', nb: 'stiftelse' },
  public_body: { en: 'public body', nb: 'offentlig organ' },
  hosted: { en: 'hosted', nb: 'vertsorganisert' },
  other: { en: 'other', nb: 'annet' },
};

const SIZE_CLASSES: Record<string, { en: string; nb: string }> = {
  micro: { en: '<10', nb: '<10' },
  small: { en: '10–49', nb: '10–49' },
  medium: { en: '50–249', nb: '50–249' },
  large: { en: '≥250', nb: '≥250' },
  unknown: { en: 'unknown', nb: 'ukjent' },
};

function thousands(n: number, lang: Lang): string {
  const s = Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'nb' ? '\u00a0' : ',');
  return s;
}

/** A value (number, level, code, profile object) in words and digits; "—" when there is none. */
export function formatValue(value: unknown, valueType: Indicator['valueType'] | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    switch (valueType) {
      case 'percent':
      case 'survey_percent_yes':
        return formatPercent(value, lang);
      case 'scale':
        return `L${value}`;
      case 'survey_mean':
        return formatNumber(value, lang, 2);
      case 'fte':
        return `${formatNumber(value, lang, 2)} ${UNITS.fte[lang]}`;
      case 'years':
      case 'months':
        return `${value} ${UNITS[valueType][lang]}`;
      case 'eur':
        return `${thousands(value, lang)} EUR`;
      default:
        return formatNumber(value, lang);
    }
  }
  if (typeof value === 'string') return CODES[value]?.[lang] ?? (/^L[1-5]$/.test(value) ? value : value);
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('notApplicable' in o) return texts(lang).notApplicable;
    if (Array.isArray(o.nace)) return [(o.nace as string[]).join(', '), o.field].filter(Boolean).join(': ');
    if (Array.isArray(o.nuts)) return (o.nuts as string[]).join(', ');
    if ('micro' in o) {
      return Object.keys(SIZE_CLASSES)
        .filter((k) => typeof o[k] === 'number' && (o[k] as number) > 0)
        .map((k) => `${SIZE_CLASSES[k][lang]}: ${o[k]}`)
        .join(', ');
    }
    if ('numerator' in o && 'denominator' in o) return `${o.numerator}/${o.denominator}`;
  }
  return String(value);
}

/** The value shown for a scored indicator, honouring its status. */
export function indicatorValueText(s: IndicatorScore, def: Indicator | undefined, lang: Lang): string {
  if (s.status === 'not_applicable') return texts(lang).notApplicable;
  if (s.status === 'missing') return '—';
  return formatValue(s.value, def?.valueType, lang);
}

/** "Interview; D-04 ✓" — where the value came from and the state of each required document. */
export function evidenceText(s: IndicatorScore, lang: Lang): string {
  const t = texts(lang);
  const source = s.evidence.source === 'survey' ? t.surveySource : s.evidence.source === 'interview' ? t.interview : t.notRecorded;
  const docs = s.evidence.documents.map((d) => `${d.id} ${d.status === 'accepted' ? '✓' : '✗'}`);
  const survey = s.evidence.survey ? `n = ${s.evidence.survey.responses}` : null;
  const head = source.charAt(0).toUpperCase() + source.slice(1);
  return [head, survey, ...docs].filter(Boolean).join(' · ');
}

/** A minimum as a value: P_min points → "≥ 1 pt"; null → "—". */
export function minimumText(s: IndicatorScore, lang: Lang): string {
  if (s.minimumPoints === null) return '—';
  return lang === 'nb' ? `${s.minimumPoints} p` : `${s.minimumPoints} pt`;
}

/** A target value from the path: a level "L3" or a number in the indicator's unit. */
export function targetText(v: number | string | null, def: Indicator | undefined, lang: Lang): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  return formatValue(v, def?.valueType, lang);
}
