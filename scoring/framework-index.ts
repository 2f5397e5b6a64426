/**
 * Lookup tables derived once per framework definition. The engine reads everything about a
 * framework from its definition; this only arranges it for fast access. Cached per definition object
 * (a definition is never mutated after loading).
 */
import type { ChecklistItem, FrameworkDefinition, Indicator, LabelName, SurveyQuestion } from '../questionnaires/schema';

export interface FrameworkIndex {
  definition: FrameworkDefinition;
  /** all indicators in catalogue order (#) */
  indicators: Indicator[];
  byId: Map<string, Indicator>;
  quality: Indicator[];
  /** quality indicators with a minimum (P_min) */
  withMinimum: Indicator[];
  questions: Map<string, SurveyQuestion>;
  checklist: Map<string, ChecklistItem>;
  maxTotal: number;
  /** the labels this framework can award, lowest first */
  labels: LabelName[];
}

const LABEL_ORDER: LabelName[] = ['bronze', 'silver', 'gold'];
const cache = new WeakMap<FrameworkDefinition, FrameworkIndex>();

export function isSurveyBased(indicator: Indicator): boolean {
  return indicator.valueType === 'survey_mean' || indicator.valueType === 'survey_percent_yes';
}

export function labelRank(label: LabelName | null): number {
  return label === null ? -1 : LABEL_ORDER.indexOf(label);
}

export function indexFramework(definition: FrameworkDefinition): FrameworkIndex {
  const cached = cache.get(definition);
  if (cached) return cached;
  const indicators = [...definition.indicators].sort((a, b) => a.number - b.number);
  const quality = indicators.filter((i) => i.kind === 'quality' && i.scoring);
  const index: FrameworkIndex = {
    definition,
    indicators,
    byId: new Map(indicators.map((i) => [i.id, i])),
    quality,
    withMinimum: quality.filter((i) => i.scoring!.minimumPoints !== null),
    questions: new Map(definition.survey.questions.map((q) => [q.id, q])),
    checklist: new Map(definition.checklist.map((c) => [c.id, c])),
    maxTotal: quality.reduce((sum, i) => sum + i.scoring!.maxPoints, 0),
    labels: LABEL_ORDER.filter((label) => definition.labelRules[label] !== undefined),
  };
  cache.set(definition, index);
  return index;
}
