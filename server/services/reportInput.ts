/**
 * Assembles what the report and the certificate are drawn from, for one assessment: the frozen (or
 * live) score, the framework, and what they print besides the score (the print): the context from our
 * records and the peer comparison from the benchmark database. Once the assessment is released, the
 * print is the one frozen at release (`releases`, DESIGN.md: "What a released report and certificate
 * print is frozen at release"), never re-read from users, clusters or the benchmark database.
 */
import type { Db, Tx } from '../db/types';
import type { LoadedFramework } from '../../questionnaires';
import type { Progress, Score } from '../../scoring';
import type { CertificateInput, PeerComparison, PeerGroupKey, PeerGroupStats, ReportContext, ReportInput } from '../../reports';
import type { NarrativeInput } from '../../reports/types';
import { narrativeOf } from '../repositories/narratives';
import type { Actor } from '../auth/actor';
import { peopleById, type Assessment } from '../repositories/assessments';
import { clusterOf } from '../repositories/clusters';
import { documentsOf, type DocStatus } from '../repositories/documents';
import { counts, itemStatus } from './documentStatus';
import { labelOfAssessment } from '../repositories/labels';
import { decidedScore, frozenDecision, insertRelease, releasePrint } from '../repositories/decisions';
import { reconciliationForReport } from './reconciliationRecord';
import { frameworkByHash } from './frameworks';
import {
  currentPool,
  peerReport,
  resolveGroup,
  metricDistribution,
  metricKeysInOrder,
  type PeerReportGroup,
  type ResolvedGroup,
} from '../features/benchmark';
import { valuesOf } from '../repositories/values';
import { liveProgress } from './progress';
import { subjectValues } from './subjectValues';
import { noteText } from './noteText';
import { surveyOf } from '../repositories/surveys';
import { collectVerbatims } from '../../reports/verbatims';

const GROUP_LABEL: Record<
  Exclude<PeerGroupKey, 'all'>,
  (g: ResolvedGroup, subject: { sector: string; country: string }) => { en: string; nb: string }
> = {
  sector: (g, s) =>
    g.fellBack
      ? { en: `Sector ${s.sector}, widened: ${g.label ?? 'none'}`, nb: `Bransje ${s.sector}, utvidet: ${g.label ?? 'ingen'}` }
      : { en: `Sector: ${s.sector}`, nb: `Bransje: ${s.sector}` },
  country: (g, s) =>
    g.fellBack
      ? { en: `Country ${s.country}, widened: ${g.label ?? 'none'}`, nb: `Land ${s.country}, utvidet: ${g.label ?? 'ingen'}` }
      : { en: `Country: ${s.country}`, nb: `Land: ${s.country}` },
  excellence: (g) =>
    g.fellBack
      ? { en: `Excellence group, widened: ${g.label ?? 'none'}`, nb: `Eksellensgruppen, utvidet: ${g.label ?? 'ingen'}` }
      : { en: 'Excellence group (Gold-labelled clusters)', nb: 'Eksellensgruppen (klynger med gullmerke)' },
};

function numeric(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function peerComparisonFrom(
  groups: (PeerReportGroup | (ResolvedGroup & { kind: 'all'; metrics: PeerReportGroup['metrics'] }))[],
  subject: { sector: string; country: string },
  maxTotal: number,
  source: string,
): PeerComparison {
  const comparison: PeerComparison = { source, indicators: {}, areas: {}, total: [] };
  for (const key of metricKeysInOrder()) {
    const stats: PeerGroupStats[] = [];
    for (const g of groups) {
      const d = g.metrics[key];
      if (!d?.shown || !d.quartiles) continue;
      const kind: PeerGroupKey = g.kind === 'ageBand' ? 'all' : g.kind;
      if (g.kind === 'ageBand') continue; // the report compares by sector, country and excellence, and all
      const label = kind === 'all' ? { en: 'All benchmarked clusters', nb: 'Alle vurderte klynger' } : GROUP_LABEL[kind](g, subject);
      const scale = key === 'total' ? 100 / maxTotal : 1;
      const round = (x: number) => Math.round(x * scale * 10) / 10;
      stats.push({
        key: kind,
        label,
        n: d.count,
        median: round(d.quartiles.median),
        q1: round(d.quartiles.q1),
        q3: round(d.quartiles.q3),
        percentileOfCluster: d.percentile,
      });
    }
    if (key === 'total') comparison.total = stats;
    else if (key.startsWith('area:')) comparison.areas[key.slice(5)] = stats;
    else comparison.indicators[key] = stats;
  }
  return comparison;
}

export async function peerComparisonFor(
  knex: Db,
  score: Score,
  cluster: { sector: string; country: string; foundedYear: number },
  asOf: string,
): Promise<PeerComparison> {
  const pool = await currentPool(knex);
  const mgt01 = score.indicators.find((i) => i.id === 'MGT-01');
  const age = numeric(mgt01?.value) ?? Math.max(0, Number(asOf.slice(0, 4)) - cluster.foundedYear);
  const subject = { country: cluster.country, sector: cluster.sector, age, values: subjectValues(score) };
  const groups: Parameters<typeof peerComparisonFrom>[0] = peerReport(pool, subject, asOf);
  const all = resolveGroup(pool, {}, asOf);
  const metrics = Object.fromEntries(
    metricKeysInOrder().map((k) => [k, metricDistribution(pool, all, k, subject.values[k] ?? null, asOf)]),
  );
  groups.push({ ...all, kind: 'all', metrics });
  return peerComparisonFrom(groups, cluster, score.total.maxPoints, `benchmark database, ${all.clusters} clusters, ${asOf}`);
}

/**
 * What a report and a certificate print besides the score. The base URL of the verify link is not part
 * of it: it is where this installation answers, supplied when drawing.
 */
export interface Print {
  /** `progress` since the last benchmarking; absent from prints frozen before it was printed (then none is shown) */
  report: {
    context: Omit<ReportContext, 'certificate'> & { certificateCode: string | null };
    peers: PeerComparison;
    progress?: Progress | null;
  };
  certificate: Omit<CertificateInput, 'baseUrl'> | null;
}

async function liveReportPrint(knex: Db, a: Assessment, fw: LoadedFramework, score: Score): Promise<Print['report']> {
  const cluster = (await clusterOf(knex, a.clusterId))!;
  const info = {
    name: cluster.name,
    country: cluster.country,
    sector: cluster.sector,
    foundedYear: cluster.foundedYear,
    region: cluster.region ?? undefined,
  };
  const people = await peopleById(knex, [a.leadId, ...(a.coAssessorId ? [a.coAssessorId] : []), ...a.traineeIds]);
  const assessors = [];
  for (const [role, ids] of [
    ['lead', [a.leadId]],
    ['co', a.coAssessorId ? [a.coAssessorId] : []],
    ['trainee', a.traineeIds],
  ] as const) {
    for (const id of ids) {
      const u = people.get(id);
      if (u) assessors.push({ name: u.name, role, certification: u.certification ?? null, country: u.country ?? '' });
    }
  }
  const notes: Record<string, string> = {};
  for (const v of await valuesOf(knex, a.id, ['assessor'])) {
    const text = v.authorId === a.leadId ? noteText(v.note) : null;
    if (text) notes[v.indicatorId] = text;
  }
  // per item, the files that count (documentStatus.ts): their names, their review comments, the item's status
  const current = (await documentsOf(knex, a.id)).filter(counts);
  const documents = fw.definition.checklist.map((c) => {
    const files = current.filter((d) => d.item === c.id);
    const comments = files.flatMap((d) => (d.reviewComment ? [d.reviewComment] : []));
    return files.length
      ? {
          id: c.id,
          status: itemStatus(files) as DocStatus,
          title: files.map((d) => d.filename).join(', '),
          ...(comments.length ? { comment: comments.join(' · ') } : {}),
        }
      : { id: c.id, status: 'not_provided' as const };
  });
  const label = await labelOfAssessment(knex, a.id);
  const interviewDate = a.interviewDate ?? score.asOf ?? new Date().toISOString().slice(0, 10);
  return {
    context: {
      cluster: info,
      assessors,
      interviewDate,
      certificateCode: label ? label.certificateCode : null,
      interviewNotes: notes,
      documents,
      decision: await decisionRecord(knex, a),
      reconciliation: await reconciliationForReport(knex, a, fw),
      // read-only from the decision on (services/narrative.ts): frozen into the print at release with the rest
      narrative: writtenNarrative((await narrativeOf(knex, a.id))?.body),
      // the free-text answers, scrubbed and sorted (reports/verbatims.ts): what is frozen holds nothing that identifies a respondent
      verbatims: collectVerbatims(fw, (await surveyOf(knex, a.id))?.responses ?? []),
    },
    peers: await peerComparisonFor(knex, score, info, interviewDate),
    progress: await liveProgress(knex, a, score, interviewDate),
  };
}

/** The lead's narrative, or null when none was written (a row holding only the co-assessor's comment has no recommendations list). */
function writtenNarrative(body: unknown): NarrativeInput | null {
  const b = body as Partial<NarrativeInput> | undefined;
  return b && Array.isArray(b.recommendations) ? (b as NarrativeInput) : null;
}

/**
 * The progress since the last benchmarking as the score and the report show it: once released, the
 * one frozen in the print (null for prints frozen before progress was printed); before, the live one.
 */
export async function progressOf(knex: Db, a: Assessment, score: Score): Promise<Progress | null> {
  const frozen = await frozenPrint(knex, a.id);
  if (frozen) return frozen.report.progress ?? null;
  return liveProgress(knex, a, score, a.interviewDate ?? score.asOf ?? new Date().toISOString().slice(0, 10));
}

/** The decision's justifications for the appendix: the decider's, or each Gold confirmation's. */
async function decisionRecord(knex: Db, a: Assessment): Promise<ReportContext['decision']> {
  const d = await frozenDecision(knex, a.id);
  if (!d) return null;
  const people = await peopleById(knex, [d.decidedBy, ...d.confirmations.map((c) => c.userId)]);
  const name = (id: number) => people.get(id)?.name ?? people.get(id)?.email ?? '';
  return {
    decidedBy: name(d.decidedBy),
    decidedAt: d.decidedAt,
    justification: d.justification,
    confirmations: d.confirmations.map((c) => ({
      role: c.role,
      name: name(c.userId),
      confirmedAt: c.confirmedAt,
      justification: c.justification ?? null,
    })),
  };
}

async function liveCertificatePrint(knex: Db, a: Assessment, fw: LoadedFramework): Promise<Print['certificate']> {
  const label = await labelOfAssessment(knex, a.id);
  if (!label) return null;
  const cluster = (await clusterOf(knex, a.clusterId))!;
  const people = await peopleById(knex, [a.leadId, ...(a.coAssessorId ? [a.coAssessorId] : [])]);
  const lead = people.get(a.leadId);
  // Gold is decided by two (four eyes): both assessors sign it
  const co = label.label === 'gold' && a.coAssessorId ? people.get(a.coAssessorId) : undefined;
  const signers = [...(lead ? [{ name: lead.name, role: 'lead' }] : []), ...(co ? [{ name: co.name, role: 'co' }] : [])];
  return {
    label: label.label,
    cluster: {
      name: cluster.name,
      country: cluster.country,
      sector: cluster.sector,
      foundedYear: cluster.foundedYear,
      region: cluster.region ?? undefined,
    },
    issued: label.issuedOn,
    validUntil: label.validUntil,
    code: label.certificateCode,
    framework: { id: fw.definition.id, version: fw.definition.version, title: { ...fw.definition.title } },
    signedBy: lead ? { name: lead.name, role: 'lead' } : undefined,
    signers,
  };
}

/** The print frozen at release, or null before release (and for assessments released before prints were kept). */
async function frozenPrint(knex: Db, assessmentId: number): Promise<Print | null> {
  return releasePrint<Print>(knex, assessmentId);
}

/**
 * Freezes what the report and the certificate print, from the decided score; part of the release
 * transaction (services/labels.ts, recordRelease).
 */
export async function freezePrint(trx: Tx, a: Assessment, actor: Actor, now: Date): Promise<void> {
  const score = await decidedScore(trx, a.id);
  if (!score) return; // only a decided assessment is released (TRANSITIONS)
  const fw = await frameworkByHash(trx, a.frameworkHash);
  const print: Print = { report: await liveReportPrint(trx, a, fw, score), certificate: await liveCertificatePrint(trx, a, fw) };
  await insertRelease(trx, { assessmentId: a.id, releasedBy: actor.id, releasedAt: now.toISOString(), print });
}

export async function reportInputFor(knex: Db, a: Assessment, fw: LoadedFramework, score: Score, baseUrl: string): Promise<ReportInput> {
  const { context, peers, progress } = (await frozenPrint(knex, a.id))?.report ?? (await liveReportPrint(knex, a, fw, score));
  const { certificateCode, ...rest } = context;
  return {
    score,
    framework: fw,
    context: { ...rest, certificate: certificateCode ? { code: certificateCode, baseUrl } : null },
    peers,
    progress: progress ?? null,
  };
}

export async function certificateInputFor(knex: Db, a: Assessment, fw: LoadedFramework, baseUrl: string): Promise<CertificateInput | null> {
  const frozen = await frozenPrint(knex, a.id);
  const print = frozen ? frozen.certificate : await liveCertificatePrint(knex, a, fw);
  return print ? { ...print, baseUrl } : null;
}
