/**
 * The score: what the engine returns for one assessment (DESIGN.md "Evidence and score").
 * The server stores it frozen at the decision, the report draws it, the web page shows it.
 */
import type { LabelName } from '../questionnaires/schema';

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
  detail: string;
}

export interface Recommendation {
  indicator: string;
  value: unknown;
  points: number;
  threshold: number;
  gap: number;
  weight: number;
  priority: number;
  minimumFailed: boolean;
  action: { en: string; nb: string } | null;
}

export interface Improvement {
  indicator: string;
  targetPoints: number;
  /** the lowest value that gives the target points (a number, or a level "L3") */
  targetValue: number | string | null;
  /** points gained from the current points */
  gain: number;
  /** the §6.2 rules that asked for it, e.g. ["PG1", "PG2"] */
  rules?: string[];
}

export interface LabelPath {
  next: LabelName | null;
  improvements: Improvement[];
  procedural: string[];
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
