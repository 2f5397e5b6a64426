/**
 * Lookup tables derived once per framework definition. The engine reads everything about a
 * framework from its definition; this only arranges it for fast access. Cached per definition object
 * (a definition is never mutated after loading).
 */
import { answerCoding, type AnswerCoding } from './validate-survey';
import type { ChecklistItem, FrameworkDefinition, Indicator, LabelName, SurveyQuestion } from '../questionnaires/schema';

export interface FrameworkIndex {
  definition: FrameworkDefinition;
  /** all indicators in catalogue order (#) */
  indicators: Indicator[];
  byId: Map<string, Indicator>;
  /** each indicator's position in `indicators` (and so in a score's `indicators`), by id */
  positions: Map<string, number>;
  quality: Indicator[];
  /** quality indicators with a minimum (P_min) */
  withMinimum: Indicator[];
  questions: Map<string, SurveyQuestion>;
  /**
   * Each survey question by id, with its position in `definition.survey.questions` (answers are
   * tallied per position) and the coding of its answers. A prototype-less record: answers are looked up by
   * id hundreds of times per scoring, and a property lookup is cheaper than a Map's.
   */
  questionSlots: Record<string, QuestionSlot | undefined>;
  /** the same slots by position */
  slots: QuestionSlot[];
  /** how many answer codes the survey's questions have together (see QuestionSlot.offset) */
  codeCount: number;
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
  /** which answers fit the question (§3.1), and their codes */
  coding: AnswerCoding;
  /** where the question's codes start when the codes of all questions are counted in one array */
  offset: number;
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
  const slots: QuestionSlot[] = [];
  let codeCount = 0;
  definition.survey.questions.forEach((question, position) => {
    const slot = { question, position, coding: answerCoding(question), offset: codeCount };
    codeCount += slot.coding.size;
    questionSlots[question.id] = slot;
    slots.push(slot);
  });
  const index: FrameworkIndex = {
    definition,
    indicators,
    byId: new Map(indicators.map((i) => [i.id, i])),
    positions: new Map(indicators.map((i, position) => [i.id, position])),
    quality,
    withMinimum: quality.filter((i) => i.scoring!.minimumPoints !== null),
    questions: new Map(definition.survey.questions.map((q) => [q.id, q])),
    questionSlots,
    slots,
    codeCount,
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
