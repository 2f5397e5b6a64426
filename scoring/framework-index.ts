/**
 * Lookup tables derived once per framework definition. The engine reads everything about a
 * framework from its definition; this only arranges it for fast access. Cached per definition object
 * (a definition is never mutated after loading).
 */
import { answerCheck } from './validate-survey';
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
  /**
   * Each survey question by id, with its position in `definition.survey.questions` (answers are
   * tallied per position) and its answer check. A prototype-less record: answers are looked up by
   * id hundreds of times per scoring, and a property lookup is cheaper than a Map's.
   */
  questionSlots: Record<string, QuestionSlot | undefined>;
  /** positions of the survey's validity items (§3.3.1) */
  validityPositions: number[];
  /** survey-based indicators in catalogue order, with the positions of the questions they aggregate */
  surveyIndicators: { indicator: Indicator; positions: number[] }[];
  checklist: Map<string, ChecklistItem>;
  maxTotal: number;
  /** the labels this framework can award, lowest first */
  labels: LabelName[];
}

export interface QuestionSlot {
  question: SurveyQuestion;
  position: number;
  /** whether an answer fits the question (§3.1) */
  fits: (answer: unknown) => boolean;
}

const LABEL_ORDER: LabelName[] = ['bronze', 'silver', 'gold'];
const cache = new WeakMap<FrameworkDefinition, FrameworkIndex>();

export function isSurveyBased(indicator: Indicator): boolean {
  return indicator.valueType === 'survey_mean' || indicator.valueType === 'survey_percent_yes';
}

export function labelRank(label: LabelName | null): number {
  return label === null ? -1 : LABEL_ORDER.indexOf(label);
}

/** Positions of question ids; a loaded framework's references always resolve (integrity-references.ts). */
function questionPositions(slots: Record<string, QuestionSlot | undefined>, ids: string[]): number[] {
  return ids.map((id) => {
    const slot = slots[id];
    if (!slot) throw new Error(`unknown survey question ${id}`);
    return slot.position;
  });
}

export function indexFramework(definition: FrameworkDefinition): FrameworkIndex {
  const cached = cache.get(definition);
  if (cached) return cached;
  const indicators = [...definition.indicators].sort((a, b) => a.number - b.number);
  const quality = indicators.filter((i) => i.kind === 'quality' && i.scoring);
  const questionSlots: Record<string, QuestionSlot> = Object.create(null);
  definition.survey.questions.forEach((question, position) => (questionSlots[question.id] = { question, position, fits: answerCheck(question) }));
  const index: FrameworkIndex = {
    definition,
    indicators,
    byId: new Map(indicators.map((i) => [i.id, i])),
    quality,
    withMinimum: quality.filter((i) => i.scoring!.minimumPoints !== null),
    questions: new Map(definition.survey.questions.map((q) => [q.id, q])),
    questionSlots,
    validityPositions: questionPositions(questionSlots, definition.survey.validityItems),
    surveyIndicators: indicators
      .filter(isSurveyBased)
      .map((indicator) => ({ indicator, positions: questionPositions(questionSlots, indicator.surveyQuestions ?? []) })),
    checklist: new Map(definition.checklist.map((c) => [c.id, c])),
    maxTotal: quality.reduce((sum, i) => sum + i.scoring!.maxPoints, 0),
    labels: LABEL_ORDER.filter((label) => definition.labelRules[label] !== undefined),
  };
  cache.set(definition, index);
  return index;
}
