/**
 * The score: what the engine returns for one assessment (DESIGN.md "Evidence and score").
 * The server stores it frozen at the decision, the report draws it, the web page shows it.
 */
import type { LabelName } from '../questionnaires/schema';

/** The one label type (bronze, silver, gold), for every part that names a label or a certification. */
export type { LabelName };

export type IndicatorStatus = 'scored' | 'missing' | 'not_applicable' | 'insufficient_evidence';

/** A ratio recorded instead of a percentage. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

/** Where an indicator's value came from, so a benchmarker can defend every point. */
export interface IndicatorEvidence {
  source: 'interview' | 'survey' | 'none';
  /** the value as recorded (a number, a ratio, a level, a code, …) */
  recorded?: unknown;
  /** how the value was computed, in words (en) */
  computation?: string;
  /** survey-based: number of valid answers to the indicator's items, responses, response rate */
  survey?: { answers: number; responses: number; responseRate: number | null; minimumMet: boolean };
  /** the status of each required document */
  documents: { id: string; status: DocumentStatus }[];
  /** the band entry that gave the points, e.g. "≥80:4", or the level, e.g. "L4" */
  band: string | null;
}

export type DocumentStatus = 'not_provided' | 'uploaded' | 'accepted' | 'rejected';

export interface IndicatorScore {
  id: string;
  number: number;
  area: string;
  kind: 'quality' | 'profile';
  /** the rounded value bands were applied to (a number), a profile value, or null */
  value: unknown;
  points: number;
  maxPoints: number;
  /** Gold threshold in points */
  threshold: number;
  thresholdMet: boolean;
  /** null where the indicator has no minimum */
  minimumPoints: number | null;
  minimumMet: boolean;
  status: IndicatorStatus;
  evidence: IndicatorEvidence;
  /** one sentence explaining the points (en) */
  explanation: string;
  /**
   * Present only when documents that are not accepted hold the points down: a required document
   * (§1.4 step 3) or one named by a level condition (§1.3.2). Re-scored with them accepted, the
   * indicator gets `heldBy.points` from the value it already has.
   */
  heldBy?: DocumentBlock;
}

/**
 * Documents that hold an indicator's points below what its recorded value gives, and what the
 * indicator gets with them accepted (the same value re-scored: nothing else has to change).
 */
export interface DocumentBlock {
  /** the documents not accepted, in id order */
  documents: string[];
  statuses: Record<string, DocumentStatus>;
  /** why each is needed: a required document (§1.4 step 3) or one named by a level condition (§1.3.2) */
  reasons: Record<string, 'required' | 'level_condition'>;
  /** the value the cluster already has (a number, or a level "L4") */
  value: number | string;
  /** the points with these documents accepted */
  points: number;
}

export interface AreaScore {
  code: string;
  points: number;
  maxPoints: number;
  percent: number;
}

export interface LabelCheck {
  rule: string; // "B1" … "G5"
  passed: boolean;
  /** the check's result in words (en) */
  detail: string;
  /** what `detail` says, as data: the presentation (reports/explain.ts) words it in any language */
  facts: CheckFacts;
}

/** An indicator against its minimum: the value (null when not scored) and the lowest value meeting it. */
export interface MinimumFacts {
  indicator: string;
  value: number | null;
  status: IndicatorStatus;
  /** a number, a level "L3", or null when any scored value meets it */
  minimum: number | string | null;
}

/** One problem of an improvement area against §5.2 S4 (a)–(d). */
export type ImprovementAreaProblem =
  | { code: 'no_silver_scope' }
  | { code: 'linked_elsewhere'; indicators: string[] }
  | { code: 'threshold_not_met'; indicators: string[] }
  | { code: 'no_document' }
  | { code: 'change_not_described' };

export type AssessorTeamProblem =
  | { code: 'not_on_site' }
  | { code: 'lead_not_gold' }
  | { code: 'no_certified_co' }
  | { code: 'same_country'; country: string }
  | { code: 'seat_country_missing'; country: string };

/** The data behind a label check's detail, one kind per rule (B2, S5 and G1, G2 share theirs). */
export type CheckFacts =
  | { kind: 'interviewer'; certification: LabelName | null }
  | { kind: 'completeness'; indicators: number; missing: string[] }
  | { kind: 'eligibility'; met: boolean; minimum: MinimumFacts }
  | { kind: 'eligible'; failed: string[] }
  | { kind: 'interval'; previous: { label: LabelName; issued: string; months: number } | null; min: number; max: number }
  | { kind: 'on_site_audit'; onSite: boolean; certification: LabelName | null }
  | { kind: 'bronze_basics'; completeness: boolean; eligibility: boolean }
  | {
      kind: 'improvement_areas';
      submitted: number;
      required: number;
      failures: { number: number; title: string; problems: ImprovementAreaProblem[] }[];
    }
  | { kind: 'minimums'; count: number; failed: MinimumFacts[] }
  | { kind: 'total'; total: number; minTotal: number }
  | { kind: 'assessor_team'; lead: string | null; co: string | null; seat: string; problems: AssessorTeamProblem[] }
  | { kind: 'reconciliation'; signed: boolean };

export interface Recommendation {
  indicator: string;
  value: unknown;
  points: number;
  threshold: number;
  gap: number;
  weight: number;
  priority: number;
  minimumFailed: boolean;
  /**
   * The framework's action for the indicator; null when accepting `blockedBy`'s documents alone
   * reaches the threshold (the framework's action then is not what the cluster has to do).
   */
  action: { en: string; nb: string } | null;
  /** present when documents not accepted hold the points below the threshold (see IndicatorScore.heldBy) */
  blockedBy?: DocumentBlock;
}

export interface Improvement {
  indicator: string;
  targetPoints: number;
  /**
   * The lowest value that gives the target points (a number, or a level "L3"); when accepting
   * `blockedBy`'s documents alone reaches the target, the value the cluster already has.
   */
  targetValue: number | string | null;
  /** points gained from the current points */
  gain: number;
  /** the §6.2 rules that asked for it, e.g. ["PG1", "PG2"] */
  rules?: string[];
  /** present when documents not accepted hold the points below the target (see IndicatorScore.heldBy) */
  blockedBy?: DocumentBlock;
}

/** The survey minimum (§1.5) and, once run, where the survey stands. */
export interface SurveyMinimumFacts {
  minimumResponses: number;
  minimumResponseRate: number;
  valid?: number;
  responseRate?: number | null;
}

/** A procedural step as data, in the order of `procedural` (reports/explain.ts words it). */
export type ProceduralStep =
  | { code: 'silver_window'; from: string; to: string }
  | { code: 'silver_window_after_label'; min: number; max: number }
  | { code: 'record_missing'; indicator: string }
  | { code: 'certified_interviewer' }
  | { code: 'silver_audit' }
  | { code: 'improvement_areas'; facts: CheckFacts }
  | { code: 'gold_team'; facts: CheckFacts }
  | { code: 'reconciliation' }
  | { code: 'run_survey'; survey: SurveyMinimumFacts }
  | { code: 'survey_minimum'; survey: SurveyMinimumFacts }
  | { code: 'accept_document'; document: string; indicators: string[] }
  | { code: 'renew'; until: string };

export interface LabelPath {
  next: LabelName | null;
  improvements: Improvement[];
  /** the steps in words (en) */
  procedural: string[];
  /** the same steps as data, one per entry of `procedural` */
  proceduralSteps: ProceduralStep[];
  /** total after the improvements */
  newTotal?: number;
  /** points gained per §6.2 rule, each counted from the points left by the rules before it (PG2 after PG1) */
  gainByRule?: Record<string, number>;
}

export interface SurveySummary {
  valid: number;
  invited: number | null;
  responseRate: number | null;
  minimumMet: boolean;
  /** per-question means (Likert items) and per-indicator values */
  means: Record<string, number | null>;
  /** per-question answer counts, for the report's distributions */
  distribution: Record<string, Record<string, number>>;
}

export interface Score {
  framework: { id: string; version: string; hash: string };
  engineVersion: string;
  asOf: string | null;
  indicators: IndicatorScore[];
  areas: AreaScore[];
  total: { points: number; maxPoints: number; percent: number };
  survey: SurveySummary;
  label: {
    requested: LabelName;
    awarded: LabelName | null;
    checks: LabelCheck[];
    issued: string | null;
    validUntil: string | null;
  };
  recommendations: Recommendation[];
  pathToNextLabel: LabelPath;
  pathToGold?: LabelPath;
}
