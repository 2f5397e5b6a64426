/**
 * The audit_log table, and what the verification reads of the decisions and labels tables: rows as
 * stored (the hashes cover the stored text), so the row types here are the domain of the audit.
 * Plain SQL (sql.ts) where every change passes: the tail read and the append.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

/** an audit_log row as the database gives it back */
export interface AuditRow {
  id: number;
  seq: number | string;
  key_id: string | null;
  at: string;
  actor_id: number | string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export type NewAuditRow = Omit<AuditRow, 'id' | 'seq' | 'actor_id'> & { seq: number; actor_id: number | null };

/** The last entry of the chain (position, hash and key), or undefined for an empty log. */
export async function auditTail(db: Db | Tx): Promise<{ seq: number; hash: string; keyId: string | null } | undefined> {
  const row = await sqlOf(db).get<{ seq: number | string; hash: string; key_id: string | null }>(
    'select seq, hash, key_id from audit_log order by id desc limit 1',
  );
  return row ? { seq: Number(row.seq), hash: row.hash, keyId: row.key_id } : undefined;
}

export async function insertAuditRow(trx: Tx, r: NewAuditRow): Promise<void> {
  await sqlOf(trx).run(
    'insert into audit_log (seq, key_id, at, actor_id, action, entity, entity_id, before, after, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [r.seq, r.key_id, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after, r.prev_hash, r.hash],
  );
}

/** The hash of the (first) entry at position `seq`. */
export async function auditHashAt(db: Db, seq: number): Promise<string | undefined> {
  return (await sqlOf(db).get<{ hash: string }>('select hash from audit_log where seq = ? order by id limit 1', [seq]))?.hash;
}

/** Up to `limit` entries after the id `afterId`, in order. */
export async function auditPage(db: Db, afterId: number, limit: number): Promise<AuditRow[]> {
  return db('audit_log').where('id', '>', afterId).orderBy('id').limit(limit);
}

/** a decisions row as the verification compares it with its entry */
export interface DecisionRow {
  assessment_id: number | string;
  evidence_hash: string | null;
  label: string | null;
  total_points: number | string;
  framework_hash: string;
  engine_version: string;
}

/** a labels row as the verification compares it with its entry */
export interface LabelRow {
  assessment_id: number | string;
  cluster_id: number | string;
  label: string;
  issued_on: string;
  valid_until: string;
  certificate_code: string;
}

const DECISION_COLUMNS = 'assessment_id, label, total_points, framework_hash, engine_version, evidence_hash';
const LABEL_COLUMNS = 'assessment_id, cluster_id, label, issued_on, valid_until, certificate_code';

export async function allDecisionRows(db: Db): Promise<DecisionRow[]> {
  return sqlOf(db).all<DecisionRow>(`select ${DECISION_COLUMNS} from decisions order by assessment_id`);
}

export async function allLabelRows(db: Db): Promise<LabelRow[]> {
  return sqlOf(db).all<LabelRow>(`select ${LABEL_COLUMNS} from labels order by assessment_id`);
}

export async function decisionRowOf(db: Db, assessmentId: number): Promise<DecisionRow | undefined> {
  return sqlOf(db).get<DecisionRow>(`select ${DECISION_COLUMNS} from decisions where assessment_id = ?`, [assessmentId]);
}

export async function labelRowOf(db: Db, assessmentId: number): Promise<LabelRow | undefined> {
  return sqlOf(db).get<LabelRow>(`select ${LABEL_COLUMNS} from labels where assessment_id = ?`, [assessmentId]);
}

/** A decision's frozen evidence as stored (JSON text). */
export async function frozenEvidenceText(db: Db, assessmentId: number): Promise<string | undefined> {
  return (await sqlOf(db).get<{ evidence: string }>('select evidence from decisions where assessment_id = ?', [assessmentId]))?.evidence;
}
