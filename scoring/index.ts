/** The scoring engine's public API (DESIGN.md "Evidence and score: the engine's interface"). */
export { score, ENGINE_VERSION, type ScoreOptions } from './score';
export { reconcile } from './reconcile';
export { decidingChecks, checkLabel } from './deciding-checks';
export {
  calibrate,
  quadraticKappa,
  type Calibration,
  type CalibrationInput,
  type CalibrationRow,
  type CalibrationValue,
  type NotCompared,
  type NotComparedReason,
} from './calibration';
export { percentile, quartiles, quantile, median, type Quartiles } from './peers';
export { EvidenceError, ScoringError, type EvidenceProblem } from './errors';
export { EvidenceSchema, type Evidence } from './evidence';
export { monthsSecured, completedYears, validUntil, parseDate, type CivilDate } from './dates';
export type * from './types';
export {
  progressBetween,
  type Progress,
  type ProgressRow,
  type AreaProgress,
  type IndicatorProgress,
  type ProgressPeers,
} from './progress';
