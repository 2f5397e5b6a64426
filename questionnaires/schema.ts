/**
 * The JSON Schema (draft 2020-12) of a framework definition, written once with TypeBox so that the
 * ajv validator and the TypeScript types come from the same source.
 *
 * A framework is data: areas, indicators (with bands, thresholds, minimums, guide texts), the
 * participant survey, the documentation checklist and the parameters of the label rules. The scoring
 * engine reads nothing about a framework from code.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Id = (pattern: string, description: string) => Type.String({ pattern, description });

/** A user-facing text in every supported language. */
export const LocalizedText = Type.Object(
  {
    en: Type.String({ minLength: 1 }),
    nb: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false, description: 'Text in English (en) and Norwegian bokmål (nb)' },
);

export const IndicatorId = Id('^[A-Z]{2,4}-[0-9]{2}$', 'Indicator id such as STR-01');
export const DocumentId = Id('^D-[0-9]{2}$', 'Checklist item id such as D-04');
export const QuestionId = Id('^Q[0-9]{1,2}$', 'Survey question id such as Q7');
export const AreaCode = Id('^[A-Z]{2,4}$', 'Area code such as STR');
export const LabelName = Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold')]);

/** `≥min: points`; the points of the last entry whose condition holds (FRAMEWORK.md §1.3). */
export const Band = Type.Object({ min: Type.Number(), points: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

export const ValueType = Type.Union(
  [
    Type.Literal('percent'), // 0–100, one decimal; a number or { numerator, denominator }
    Type.Literal('scale'), // maturity level 1–5
    Type.Literal('integer'), // counts
    Type.Literal('fte'), // two decimals
    Type.Literal('years'), // completed years
    Type.Literal('months'), // FIN-01
    Type.Literal('eur'), // money
    Type.Literal('survey_mean'), // computed from the survey
    Type.Literal('survey_percent_yes'), // computed from the survey
    Type.Literal('nace'), // profile: { nace: [...], field }
    Type.Literal('nuts'), // profile: { nuts: [...] }
    Type.Literal('size_classes'), // profile: { micro, small, medium, large, unknown }
    Type.Literal('code'), // profile: one of `codes`
  ],
  { description: 'How the value is recorded and validated' },
);

export const Scoring = Type.Object(
  {
    /** numeric bands, or for scale indicators the name of a level-points scale in `scales` */
    bands: Type.Optional(Type.Array(Band, { minItems: 1 })),
    scale: Type.Optional(Type.String({ minLength: 1 })),
    maxPoints: Type.Integer({ minimum: 1 }),
    /** Gold threshold G in points */
    goldThreshold: Type.Integer({ minimum: 0 }),
    /** P_min in points, or null when the indicator has no minimum */
    minimumPoints: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    silverScope: Type.Boolean(),
    /** recommendation weight w */
    weight: Type.Integer({ minimum: 1, maximum: 9 }),
    requiredDocuments: Type.Array(DocumentId),
  },
  { additionalProperties: false },
);

export const GuideText = Type.Object(
  {
    question: LocalizedText,
    probes: Type.Array(LocalizedText, { minItems: 1, maxItems: 3 }),
  },
  { additionalProperties: false },
);

export const Level = Type.Object({ level: Type.Integer({ minimum: 1, maximum: 5 }), text: LocalizedText }, { additionalProperties: false });

export const Indicator = Type.Object(
  {
    id: IndicatorId,
    number: Type.Integer({ minimum: 1 }),
    area: AreaCode,
    kind: Type.Union([Type.Literal('quality'), Type.Literal('profile')]),
    reference: Type.Optional(Type.String({ description: 'The ESCA indicator number, where there is one' })),
    name: LocalizedText,
    measures: LocalizedText,
    valueType: ValueType,
    unit: Type.Optional(LocalizedText),
    /** allowed values for valueType `code` */
    codes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    /** for integer-like values, the largest allowed value (e.g. SRV-07 has six fields) */
    maxValue: Type.Optional(Type.Number()),
    evidence: Type.Object(
      {
        interview: Type.Boolean(),
        survey: Type.Boolean(),
        documents: Type.Array(DocumentId),
      },
      { additionalProperties: false },
    ),
    /** survey-based indicators: the questions they aggregate */
    surveyQuestions: Type.Optional(Type.Array(QuestionId, { minItems: 1 })),
    /** where N/A is allowed, the condition in words (FRAMEWORK.md §1.5) */
    notApplicable: Type.Optional(LocalizedText),
    scoring: Type.Optional(Scoring),
    levels: Type.Optional(Type.Array(Level, { minItems: 5, maxItems: 5 })),
    guide: GuideText,
    /** the recommended action when the indicator is below its Gold threshold */
    action: Type.Optional(LocalizedText),
  },
  { additionalProperties: false },
);

export const Area = Type.Object(
  {
    code: AreaCode,
    number: Type.Integer({ minimum: 1 }),
    name: LocalizedText,
    /** control sums: the loader checks them against the indicators */
    maxPoints: Type.Integer({ minimum: 0 }),
    goldThresholdSum: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const SurveyQuestion = Type.Object(
  {
    id: QuestionId,
    text: LocalizedText,
    answer: Type.Union([Type.Literal('likert'), Type.Literal('yes_no'), Type.Literal('choice'), Type.Literal('nps'), Type.Literal('text')]),
    /** for `choice`: the allowed answers with their labels */
    options: Type.Optional(
      Type.Array(Type.Object({ value: Type.String({ minLength: 1 }), text: LocalizedText }, { additionalProperties: false }), {
        minItems: 2,
      }),
    ),
    usedFor: Type.Array(IndicatorId),
  },
  { additionalProperties: false },
);

export const Survey = Type.Object(
  {
    intro: LocalizedText,
    questions: Type.Array(SurveyQuestion, { minItems: 1 }),
    /** a response is valid with at least `minAnswered` of `validityItems` answered 1–5 */
    validityItems: Type.Array(QuestionId, { minItems: 1 }),
    minAnswered: Type.Integer({ minimum: 1 }),
    minimumResponses: Type.Integer({ minimum: 1 }),
    minimumResponseRate: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);

export const ChecklistItem = Type.Object(
  {
    id: DocumentId,
    item: LocalizedText,
    rule: LocalizedText,
    supports: Type.Array(IndicatorId, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const EligibilityCheck = Type.Object(
  { id: Type.String({ pattern: '^E[0-9]+$' }), indicator: IndicatorId, text: LocalizedText },
  { additionalProperties: false },
);

/**
 * A criterion of the eligibility checklist (issue "Across cycles"): checked by the lead in preparation,
 * before the interview. How it is checked: `lead_yes_no`, a yes/no by the lead with a note. It may name
 * the indicator that measures the same thing (`indicator`), for the lead's reference only.
 */
export const EligibilityCriterion = Type.Object(
  {
    id: Type.String({ pattern: '^EC[0-9]{1,2}$', description: 'Criterion id such as EC1' }),
    name: LocalizedText,
    guide: LocalizedText,
    check: Type.Literal('lead_yes_no'),
    indicator: Type.Optional(IndicatorId),
  },
  { additionalProperties: false },
);

/**
 * The procedural eligibility gate before the interview (optional; a framework without it has no gate).
 * Not a scoring rule: the engine's B3 (E1–E4 in labelRules.bronze) still reads the indicators.
 */
export const Eligibility = Type.Object(
  { intro: LocalizedText, criteria: Type.Array(EligibilityCriterion, { minItems: 1, maxItems: 30 }) },
  { additionalProperties: false },
);

/** Parameters of the label rules of FRAMEWORK.md §5; a label absent here cannot be awarded. */
export const LabelRules = Type.Object(
  {
    bronze: Type.Optional(Type.Object({ eligibility: Type.Array(EligibilityCheck, { minItems: 1 }) }, { additionalProperties: false })),
    silver: Type.Optional(
      Type.Object(
        {
          intervalMonths: Type.Object(
            { min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) },
            { additionalProperties: false },
          ),
          improvementAreas: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
    gold: Type.Optional(Type.Object({ minTotal: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
    validityMonths: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const FrameworkSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
    version: Type.String({ pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' }),
    title: LocalizedText,
    description: LocalizedText,
    /** level → points scales for scale indicators, e.g. S5: [0,2,3,4,5] for L1..L5 */
    scales: Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.Integer({ minimum: 0 }), { minItems: 5, maxItems: 5 })),
    areas: Type.Array(Area, { minItems: 1 }),
    indicators: Type.Array(Indicator, { minItems: 1 }),
    survey: Survey,
    checklist: Type.Array(ChecklistItem, { minItems: 1 }),
    totals: Type.Object(
      {
        qualityIndicators: Type.Integer({ minimum: 1 }),
        profileIndicators: Type.Integer({ minimum: 0 }),
        maxPoints: Type.Integer({ minimum: 1 }),
        goldThresholdSum: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    labelRules: LabelRules,
    eligibility: Type.Optional(Eligibility),
  },
  { additionalProperties: false, $id: 'https://clustermark.example/schemas/framework.json' },
);

export type LocalizedText = Static<typeof LocalizedText>;
export type Band = Static<typeof Band>;
export type ValueType = Static<typeof ValueType>;
export type Scoring = Static<typeof Scoring>;
export type Indicator = Static<typeof Indicator>;
export type Area = Static<typeof Area>;
export type SurveyQuestion = Static<typeof SurveyQuestion>;
export type Survey = Static<typeof Survey>;
export type ChecklistItem = Static<typeof ChecklistItem>;
export type LabelRules = Static<typeof LabelRules>;
export type EligibilityCriterion = Static<typeof EligibilityCriterion>;
export type Eligibility = Static<typeof Eligibility>;
export type LabelName = Static<typeof LabelName>;
export type FrameworkDefinition = Static<typeof FrameworkSchema>;

/** The schema as a plain JSON Schema 2020-12 document (what `framework.schema.json` publishes). */
export function frameworkJsonSchema(): TSchema & { $schema: string } {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...FrameworkSchema };
}

/**
 * A framework after the loader has validated it: the definition and its content hash (SHA-256 of the
 * canonical JSON). The scoring engine takes this; an assessment pins `hash`.
 */
export interface LoadedFramework {
  definition: FrameworkDefinition;
  hash: string;
}
