/**
 * The evidence document (DESIGN.md "Evidence and score"), written once with TypeBox so that the ajv
 * validator and the TypeScript type `Evidence` come from the same source.
 *
 * This schema checks the shape only. What depends on the framework (which indicator, question and
 * document ids exist, the type and range of each value, survey answers) is checked in
 * `validate-values.ts` and `validate-survey.ts`, which report errors with the same JSON pointers.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LabelName } from '../questionnaires/schema';

/**
 * An object whose entries are checked in code against the framework. Written as a bare
 * `{type: "object"}` rather than a Record because ajv would otherwise test a catch-all key pattern
 * on every survey answer, which dominated the cost of scoring.
 */
const OpenObject = () => Type.Unsafe<Record<string, unknown>>({ type: 'object' });

/** A real calendar date YYYY-MM-DD (the `date` format is registered with ajv in validate.ts). */
export const IsoDate = Type.String({ format: 'date' });

export const DocumentStatus = Type.Union([
  Type.Literal('not_provided'),
  Type.Literal('uploaded'),
  Type.Literal('accepted'),
  Type.Literal('rejected'),
]);

export const Certification = LabelName;

export const Assessor = Type.Object(
  {
    role: Type.Union([Type.Literal('lead'), Type.Literal('co')]),
    certification: Type.Union([Certification, Type.Null()]),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    /** when given, the certification counts only if valid on the interview date */
    certificationValidUntil: Type.Optional(IsoDate),
    name: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const SurveyEvidence = Type.Object(
  {
    invited: Type.Integer({ minimum: 0 }),
    /** one object per response: question id → answer; unanswered questions are left out */
    responses: Type.Array(OpenObject()),
  },
  { additionalProperties: false },
);

export const ImprovementArea = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    indicators: Type.Array(Type.String()),
    documents: Type.Array(Type.String()),
    /** the assessor's yes/no on §5.2 S4 (d): change and effect described in writing */
    changeDescribed: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const PreviousLabel = Type.Object({ label: LabelName, issued: IsoDate }, { additionalProperties: false });

export const EvidenceSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    framework: Type.String({ minLength: 1 }),
    frameworkVersion: Type.Optional(Type.String()),
    requestedLabel: LabelName,
    interviewDate: IsoDate,
    onSite: Type.Optional(Type.Boolean()),
    cluster: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        country: Type.String({ pattern: '^[A-Z]{2}$' }),
        sector: Type.Optional(Type.String()),
        foundedYear: Type.Optional(Type.Integer()),
      },
      { additionalProperties: false },
    ),
    /** final values per indicator id (for Gold: after reconciliation); checked per indicator type */
    values: OpenObject(),
    survey: Type.Optional(SurveyEvidence),
    /** checklist id → status; an absent document is `not_provided` */
    documents: Type.Optional(Type.Record(Type.String(), DocumentStatus)),
    assessors: Type.Optional(Type.Array(Assessor)),
    reconciliationSigned: Type.Optional(Type.Boolean()),
    improvementAreas: Type.Optional(Type.Array(ImprovementArea)),
    previousLabels: Type.Optional(Type.Array(PreviousLabel)),
  },
  { additionalProperties: false, $id: 'https://clustermark.example/schemas/evidence.json' },
);

export type Evidence = Static<typeof EvidenceSchema>;
export type Assessor = Static<typeof Assessor>;
export type SurveyEvidence = Static<typeof SurveyEvidence>;
export type ImprovementArea = Static<typeof ImprovementArea>;
