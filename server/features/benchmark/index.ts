/**
 * The benchmark database (a feature folder: routes, services, store, types). What the rest of the
 * server uses of it: the routes (app wiring), the decided assessment's record (decision), the peer
 * report (report input), the synthetic seed (demo seeding).
 */
export { benchmarkRoutes } from './routes';
export {
  addDecidedAssessmentToPool,
  addSyntheticPeers,
  recordFromScore,
  type DecidedAssessment,
  type PoolClusterRow,
  type SyntheticSeed,
} from './pool';
export {
  currentPool,
  loadPool,
  metricDistribution,
  metricKeysInOrder,
  peerReport,
  resolveGroup,
  type GroupFilter,
  type PeerReportGroup,
  type PeerSubject,
  type Pool,
  type ResolvedGroup,
} from './peers';
export { portfolio } from './portfolio';
export { ageAt, qualityIndicators, scoreValues } from './scores';
export type { BenchmarkRecord, LabelName, RecordSource } from './types';
