/**
 * The benchmark database's domain types: one record per assessment (synthetic, imported or from a
 * decided assessment).
 */
import type { LabelName } from '../../../scoring/types';

export type { LabelName };
export type RecordSource = 'synthetic' | 'import' | 'assessment';

export interface BenchmarkRecord {
  ref: string;
  /** the cluster's identity inside the pool (several records of one cluster share it); null when unknown */
  peerKey: string | null;
  source: RecordSource;
  country: string;
  sector: string;
  foundedYear: number;
  assessedOn: string;
  frameworkKey: string;
  label: LabelName | null;
  labelValidUntil: string | null;
  totalPoints: number;
  /** quality indicator id → value (null = missing, not applicable or insufficient evidence) */
  indicatorValues: Record<string, number | null>;
  indicatorPoints: Record<string, number>;
  /** area code → percent of the area's maximum (1 decimal) */
  areaPercents: Record<string, number>;
  assessmentId: number | null;
  clusterId: number | null;
}
