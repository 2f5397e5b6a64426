/**
 * The Gold reconciliation record as it stands (services/reconciliation.ts changes it): per indicator
 * both assessors' values, the lower value, the agreed value and its reason, the final value and its
 * basis; the record's hash and the signatures on it. Read by the score (G5), the pages and the report.
 */
import type { Db } from '../db/types';
import type { LoadedFramework } from '../../questionnaires';
import { reconcile } from '../../scoring';
import { indexFramework, isSurveyBased } from '../../scoring/framework-index';
import { personById, type Assessment } from '../repositories/assessments';
import { signaturesOf, type Signature } from '../repositories/decisions';
import { valuesOf, type StoredValue } from '../repositories/values';
import { sha256Canonical } from './evidenceHash';
import { frameworkByHash } from './frameworks';

/** How a row's final value came about. */
export type Basis = 'agreed' | 'same' | 'lower' | 'lead_only' | 'co_only' | 'none';

export interface RecordRow {
  indicator: string;
  lead: { value: unknown; note: string | null } | null;
  co: { value: unknown; note: string | null } | null;
  /** the value the lower-value rule gives (the default of a discrepancy) */
  lower: unknown;
  agreed: { value: unknown; reason: string; by: number; at: string } | null;
  final: unknown;
  basis: Basis;
  /** both recorded a value and the two differ */
  discrepancy: boolean;
}

export interface SignatureView extends Signature {
  name: string;
  email: string;
  /** it signed the record as it is now */
  current: boolean;
}

export interface ReconciliationRecord {
  assessmentId: number;
  state: Assessment['state'];
  version: number;
  rows: RecordRow[];
  discrepancies: number;
  agreed: number;
  recordHash: string;
  signatures: SignatureView[];
  /** both assessors' signatures stand on this record */
  signed: boolean;
  /** the assessors who have still to sign this record */
  pending: { role: 'lead' | 'co'; name: string; email: string }[];
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** The rows of the record, in the framework's order: every recordable indicator either assessor valued. */
function recordRows(fw: LoadedFramework, a: Assessment, stored: StoredValue[]): RecordRow[] {
  const index = indexFramework(fw.definition);
  const rows: RecordRow[] = [];
  for (const ind of fw.definition.indicators) {
    if (isSurveyBased(index.byId.get(ind.id)!)) continue;
    const mine = stored.filter((v) => v.indicatorId === ind.id);
    const leadV = mine.find((v) => v.kind === 'assessor' && v.authorId === a.leadId);
    const coV = mine.find((v) => v.kind === 'assessor' && v.authorId === a.coAssessorId);
    const agreedV = mine.find((v) => v.kind === 'agreed');
    if (!leadV && !coV && !agreedV) continue;
    const lower = reconcile(leadV?.value, coV?.value);
    const final = reconcile(leadV?.value, coV?.value, agreedV?.value);
    const discrepancy = Boolean(leadV && coV && !same(leadV.value, coV.value));
    const basis: Basis = agreedV
      ? 'agreed'
      : leadV && coV
        ? discrepancy
          ? 'lower'
          : 'same'
        : leadV
          ? 'lead_only'
          : coV
            ? 'co_only'
            : 'none';
    rows.push({
      indicator: ind.id,
      lead: leadV ? { value: leadV.value, note: leadV.note } : null,
      co: coV ? { value: coV.value, note: coV.note } : null,
      lower: lower ?? null,
      agreed: agreedV ? { value: agreedV.value, reason: agreedV.note ?? '', by: agreedV.authorId, at: agreedV.recordedAt } : null,
      final: final ?? null,
      basis,
      discrepancy,
    });
  }
  return rows;
}

/** The hash a signature binds to: what each row holds, not when it was written. */
function hashOf(rows: RecordRow[]): string {
  return sha256Canonical(
    rows.map((r) => ({
      i: r.indicator,
      lead: r.lead?.value ?? null,
      co: r.co?.value ?? null,
      agreed: r.agreed ? { value: r.agreed.value, reason: r.agreed.reason } : null,
    })),
  );
}

export async function buildRecord(db: Db, a: Assessment, fw: LoadedFramework): Promise<ReconciliationRecord> {
  const rows = recordRows(fw, a, await valuesOf(db, a.id, ['assessor', 'agreed']));
  const recordHash = hashOf(rows);
  const signatures: SignatureView[] = [];
  for (const s of await signaturesOf(db, a.id)) {
    // a signature of someone no longer on the team (the team changed before the interview) counts for nothing
    if (s.userId !== a.leadId && s.userId !== a.coAssessorId) continue;
    const p = await personById(db, s.userId);
    signatures.push({ ...s, name: p?.name ?? p?.email ?? '', email: p?.email ?? '', current: s.recordHash === recordHash });
  }
  const pending: ReconciliationRecord['pending'] = [];
  for (const [role, id] of [
    ['lead', a.leadId],
    ['co', a.coAssessorId],
  ] as const) {
    if (id === null || signatures.some((s) => s.userId === id && s.current)) continue;
    const p = await personById(db, id);
    pending.push({ role, name: p?.name ?? p?.email ?? '', email: p?.email ?? '' });
  }
  return {
    assessmentId: a.id,
    state: a.state,
    version: a.version,
    rows,
    discrepancies: rows.filter((r) => r.discrepancy).length,
    agreed: rows.filter((r) => r.agreed).length,
    recordHash,
    signatures,
    signed: a.coAssessorId !== null && pending.length === 0,
    pending,
  };
}

/** Whether both assessors' signatures stand on the record as it is now (the evidence's `reconciliationSigned`). */
export async function reconciliationSignedNow(db: Db, a: Assessment): Promise<boolean> {
  if (a.requestedLabel !== 'gold' || a.coAssessorId === null) return false;
  const signatures = await signaturesOf(db, a.id);
  if (signatures.length < 2) return false;
  const rows = recordRows(await frameworkByHash(db, a.frameworkHash), a, await valuesOf(db, a.id, ['assessor', 'agreed']));
  const h = hashOf(rows);
  return [a.leadId, a.coAssessorId].every((id) => signatures.some((s) => s.userId === id && s.recordHash === h));
}

/** The signed record as the report's appendix prints it: discrepancies and agreed values, and the signatures. */
export async function reconciliationForReport(db: Db, a: Assessment, fw: LoadedFramework) {
  if (a.requestedLabel !== 'gold') return null;
  const record = await buildRecord(db, a, fw);
  return {
    rows: record.rows
      .filter((r) => r.discrepancy || r.agreed)
      .map((r) => ({
        indicator: r.indicator,
        lead: r.lead?.value ?? null,
        co: r.co?.value ?? null,
        final: r.final,
        basis: r.basis,
        reason: r.agreed?.reason ?? null,
      })),
    signatures: record.signatures.map((s) => ({ role: s.role, name: s.name, signedAt: s.signedAt, current: s.current })),
  };
}
