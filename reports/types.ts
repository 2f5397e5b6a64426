/**
 * What the report and the certificate are drawn from: the engine's score, the framework it was
 * computed with, and a context the caller (server, CLI) assembles from its records. All plain data.
 */
import type { LabelName, LoadedFramework, LocalizedText } from '../questionnaires/schema';
import type { Progress } from '../scoring/progress';
import type { DocumentStatus, Score } from '../scoring/types';

export type Lang = 'en' | 'nb';

export interface ClusterInfo {
  name: string;
  /** ISO 3166-1 alpha-2, e.g. "NO" */
  country: string;
  sector: string;
  foundedYear: number;
  region?: string;
}

export interface AssessorInfo {
  name: string;
  role: 'lead' | 'co' | 'trainee';
  certification: LabelName | null;
  country: string;
}

export interface DocumentRecord {
  id: string; // D-01 … D-18
  status: DocumentStatus;
  /** the file's title as uploaded, when there is one */
  title?: string;
  comment?: string;
}

export type PeerGroupKey = 'sector' | 'country' | 'excellence' | 'all';

/** One peer group's distribution of a measure (an indicator's value or an area's percent). */
export interface PeerGroupStats {
  key: PeerGroupKey;
  label: LocalizedText;
  /** clusters in the group */
  n: number;
  median: number;
  q1: number;
  q3: number;
  /** 0–100: share of the group at or below the cluster; null when the cluster has no value */
  percentileOfCluster: number | null;
}

/**
 * The cluster against the benchmark database. Groups smaller than `MIN_PEER_GROUP` are not shown;
 * the report names the wider group ('all') used instead.
 */
export interface PeerComparison {
  /** where the figures come from, e.g. "demo" or "benchmark database 2026-03-01" */
  source: string;
  /** by indicator id */
  indicators: Record<string, PeerGroupStats[]>;
  /** by area code; the measure is the area's percent of its maximum points */
  areas: Record<string, PeerGroupStats[]>;
  /** the total percent */
  total: PeerGroupStats[];
}

export const MIN_PEER_GROUP = 10;

export interface ReportContext {
  cluster: ClusterInfo;
  assessors: AssessorInfo[];
  /** YYYY-MM-DD */
  interviewDate: string;
  certificate: { code: string; baseUrl: string } | null;
  /** interview notes by indicator id (the appendix) */
  interviewNotes: Record<string, string>;
  documents: DocumentRecord[];
  /** the decision's justification and, for Gold, each confirmation's (the appendix); absent before the decision */
  decision?: DecisionRecord | null;
  /** the Gold reconciliation record: discrepancies and agreed values with their reasons, and the signatures */
  reconciliation?: ReconciliationRecord | null;
  /**
   * The expert's narrative as the lead wrote it (server/services/narrative.ts); null when none was
   * written (the report then prints the engine's recommendations), absent from prints frozen before it was kept.
   */
  narrative?: NarrativeInput | null;
  /**
   * The survey's free-text answers (reports/verbatims.ts: valid responses only, scrubbed, sorted,
   * identical ones counted); absent from prints frozen before they were printed (then none are shown).
   */
  verbatims?: SurveyVerbatims[] | null;
}

/** One free-text survey question's answers, as printed. */
export interface SurveyVerbatims {
  /** the question's id (Q15) */
  question: string;
  /** how many valid responses answered it */
  answered: number;
  /** scrubbed and sorted, identical ones once with their number; empty when too few answered (MIN_VERBATIMS) */
  answers: { text: string; count: number }[];
}

/** The expert's narrative: the summary, strengths and weaknesses, comments per area and indicator, the recommendations in the lead's order. */
export interface NarrativeInput {
  summary: string;
  strengths: string[];
  weaknesses: string[];
  /** by area code (STR, MGT, …) */
  areas: Record<string, string>;
  /** by indicator id */
  indicators?: Record<string, string>;
  /**
   * in the lead's order; `indicator` null for one the lead added; a dropped one has the lead's reason and
   * is not printed; `owner` and `due` (YYYY-MM-DD) for the action plan, absent when not set
   */
  recommendations: { indicator: string | null; text: string; owner?: string; due?: string; dropped?: { reason: string } }[];
}

export interface DecisionRecord {
  decidedBy: string;
  /** ISO date-time */
  decidedAt: string;
  justification: string | null;
  confirmations: { role: 'lead' | 'co'; name: string; confirmedAt: string; justification: string | null }[];
}

export interface ReconciliationRecord {
  rows: {
    indicator: string;
    lead: unknown;
    co: unknown;
    final: unknown;
    basis: 'agreed' | 'same' | 'lower' | 'lead_only' | 'co_only' | 'none';
    reason: string | null;
  }[];
  signatures: { role: 'lead' | 'co'; name: string; signedAt: string; current: boolean }[];
}

export interface ReportInput {
  score: Score;
  framework: LoadedFramework;
  context: ReportContext;
  peers: PeerComparison;
  /** the progress since the last benchmarking; null or absent when the assessment did not start from one */
  progress?: Progress | null;
}

export interface CertificateInput {
  label: LabelName;
  cluster: ClusterInfo;
  /** YYYY-MM-DD */
  issued: string;
  validUntil: string;
  code: string;
  /** e.g. https://clustermark.example; the QR code leads to `${baseUrl}/verify/${code}` */
  baseUrl: string;
  /** `title`: the framework definition's title (printed instead of the id; absent from prints frozen before it was printed) */
  framework: { id: string; version: string; title?: { en: string; nb: string } };
  /** the lead assessor who signs (role 'lead'; 'Lead assessor' in prints frozen before roles were keys) */
  signedBy?: { name: string; role: string };
  /**
   * Who signs, each on a signature line with the date: the lead, and for Gold the co-assessor too
   * (the four-eyes decision). Absent from older prints: then `signedBy` signs alone.
   */
  signers?: { name: string; role: string }[];
  /** the issuing body; absent: the catalogue's brand (`brand`, "ClusterMark") */
  issuer?: string;
}

export interface RenderOptions {
  lang: Lang;
  /** the PDF's creation date; the same input and date give the same bytes */
  now: Date;
  /**
   * How charts are embedded: 'vector' (default) draws chart.js straight into the PDF as paths;
   * 'png' embeds opaque 2× PNGs from chartjs-node-canvas (kept for comparison in the benchmark).
   */
  charts?: 'vector' | 'png';
}
