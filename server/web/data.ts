/** Read models the pages share: the assessment with its people, checklist counts, survey state. */
import type { Indicator, LoadedFramework } from '../../questionnaires';
import { isSurveyBased } from '../../scoring/framework-index';
import type { DocRow } from '../services/assessmentViews';
import { counts, itemStatus } from '../services/documentStatus';
import type { Lang } from './i18n';
import { may, type Team } from '../auth/policy';
import type { Actor } from '../auth/actor';

export const loc = (text: { en: string; nb: string } | undefined, lang: Lang) => (text ? text[lang] || text.en : '');

/** Whether the pages link the narrative (written in review, read from the interview on): the assessment and check pages. */
export function linksNarrative(actor: Actor, a: Team): boolean {
  return may(actor, a, 'readNarrative') && a.state !== 'preparation' && a.state !== 'cancelled';
}

/** The indicators an interviewer records (everything but the survey-based ones), in catalogue order. */
export function recordable(fw: LoadedFramework): Indicator[] {
  return fw.definition.indicators.filter((i) => !isSurveyBased(i));
}

/**
 * Per checklist item: the files that count (oldest first), those replaced or removed (newest first),
 * and the item's status from the files that count (services/documentStatus.ts, itemStatus).
 */
export function checklistRows(fw: LoadedFramework, docs: DocRow[], lang: Lang) {
  return fw.definition.checklist.map((c) => {
    const mine = docs.filter((d) => d.item === c.id);
    const files = mine.filter(counts);
    return {
      id: c.id,
      name: loc(c.item, lang),
      rule: loc(c.rule, lang),
      supports: c.supports,
      files,
      replaced: mine.filter((d) => !counts(d)).reverse(),
      status: itemStatus(files),
    };
  });
}

export function checklistCounts(rows: { status: string }[]) {
  const n = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    total: rows.length,
    accepted: n('accepted'),
    uploaded: n('uploaded'),
    rejected: n('rejected'),
    percent: rows.length ? Math.round((100 * n('accepted')) / rows.length) : 0,
  };
}

// the pages' reads of the database are services (services/assessmentViews.ts)
export { certificateOf, clusterRef, documentsOf, people, recordedBy, surveyState, type DocRow } from '../services/assessmentViews';
export { today } from '../services/scoring';
