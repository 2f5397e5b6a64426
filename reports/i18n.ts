/**
 * The report's and the certificate's view of the message catalogue (messages/): `texts(lang)` gives
 * the templates under the names the report has always used, and `fill` formats one in ICU
 * MessageFormat. Where the report's name differs from the catalogue's (a shorter or report-specific
 * wording of a word the pages use too), ALIAS says which catalogue key it reads. Framework texts
 * (indicator, area, question and document names) come from the framework itself.
 */
import {
  catalogue,
  countryName,
  formatDate,
  formatList,
  formatMonth,
  formatNumber,
  formatPercent,
  formatTemplate,
  type Catalogue,
  type MessageValues,
} from '../messages';
import type { Lang } from './types';

export { countryName, formatDate, formatList, formatMonth, formatNumber, formatPercent };

const KEYS = [
  'reportTitle',
  'reportSubject',
  'brand',
  'brandTagline',
  'confidential',
  'coverLabelAwarded',
  'coverNoLabel',
  'noLabelShort',
  'interviewDate',
  'reportDate',
  'assessors',
  'framework',
  'certificateCode',
  'validUntil',
  'page',
  'of',
  'contents',
  'summary',
  'checks',
  'areaOverview',
  'peers',
  'survey',
  'documents',
  'recommendations',
  'path',
  'appendix',
  'label',
  'points',
  'percent',
  'requested',
  'strongest',
  'weakest',
  'goldThresholdNote',
  'summaryAwarded',
  'summaryNone',
  'summaryPoints',
  'summaryRecommendations',
  'areaChartTitle',
  'cluster',
  'peerMedian',
  'excellenceMedian',
  'rule',
  'requirement',
  'result',
  'passed',
  'failed',
  'detail',
  'indicator',
  'value',
  'band',
  'threshold',
  'thresholdShort',
  'minimum',
  'minimumShort',
  'checksIntro',
  'decisionAwarded',
  'decisionNone',
  'thresholdsMet',
  'renewalTitle',
  'percentileCellNote',
  'evidence',
  'peerMedianShort',
  'areaPoints',
  'profileNote',
  'legendBelowThreshold',
  'legendMinimumFailed',
  'interview',
  'surveySource',
  'notRecorded',
  'peersIntro',
  'peersSource',
  'groupTooSmall',
  'percentileOf',
  'interquartile',
  'groupN',
  'percentileTable',
  'total',
  'area',
  'invited',
  'validResponses',
  'responseRate',
  'surveyMinimum',
  'surveyMinimumMet',
  'surveyMinimumMissed',
  'likertChartTitle',
  'npsChartTitle',
  'question',
  'answers',
  'mean',
  'distribution',
  'likert',
  'yes',
  'no',
  'noSurvey',
  'document',
  'status',
  'supports',
  'comment',
  'docStatus',
  'docSummary',
  'recIntro',
  'rank',
  'action',
  'gap',
  'weight',
  'priority',
  'gain',
  'minimumFailed',
  'noRecommendations',
  'and',
  'provideAcceptOne',
  'provideAcceptMany',
  'provideThenAccept',
  'haveAccepted',
  'documentsThenAction',
  'documentsThenTarget',
  'nextLabel',
  'renewal',
  'improvements',
  'target',
  'targetValue',
  'procedural',
  'newTotal',
  'pathToGold',
  'none',
  'noNotes',
  'statusText',
  'notApplicable',
  'labels',
  'labelLong',
  'labelMotto',
  'roles',
  'certified',
  'ruleNames',
  'certTitle',
  'certHereby',
  'certHasBeen',
  'certLabelName',
  'certIssued',
  'certVerify',
  'certFramework',
  'founded',
] as const;

/** The report's name → the catalogue's key, where they differ. */
const ALIAS = {
  cluster: 'thisCluster',
  passed: 'checkMet',
  failed: 'checkNotMet',
  recommendations: 'recommendedActions',
  minimumFailed: 'minimumFailedCaps',
  newTotal: 'newTotalPoints',
  statusText: 'statusNames',
  notApplicable: 'notApplicableShort',
  roles: 'assessorRoles',
} as const satisfies Partial<Record<(typeof KEYS)[number], keyof Catalogue>>;

type Key = (typeof KEYS)[number];
type Source<K extends Key> = K extends keyof typeof ALIAS ? Catalogue[(typeof ALIAS)[K]] : K extends keyof Catalogue ? Catalogue[K] : never;
export type Texts = { [K in Key]: Source<K> extends string ? string : Source<K> extends string[] ? string[] : Record<string, string> };

const views = new Map<Lang, Texts>();

export function texts(lang: Lang): Texts {
  let view = views.get(lang);
  if (!view) {
    const c = catalogue(lang) as unknown as Record<string, unknown>;
    view = Object.fromEntries(KEYS.map((k) => [k, c[(ALIAS as Record<string, string>)[k] ?? k]])) as Texts;
    views.set(lang, view);
  }
  return view;
}

/** Formats a template of `texts(lang)` with named values (the template's own language). */
export function fill(template: string, values: MessageValues): string {
  return formatTemplate(template, values);
}
