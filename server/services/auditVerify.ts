/**
 * `clustermark audit verify`: walks the audit log from its first entry and checks, in this order,
 * 1. every entry: its position, its link to the one before, its hash (keyed under the key its
 *    `key_id` names; unkeyed plain SHA-256 only before the first keyed entry, auditChain.ts);
 * 2. the chain head (auditHead.ts): signed, and the log at least as long as it with the head's entry
 *    at its position, so entries cut from the end are found;
 * 3. the decisions and labels tables against the `decision.decide` entries: the label, points,
 *    framework hash, engine version, certificate code and (when the entry has it) evidence hash of
 *    each decision, recomputed from its frozen evidence, and the label, code,
 *    validity, issue date and cluster of each label record (the last three when the entry has them),
 *    and no decision or label without its entry, nor an entry whose decision or label is gone.
 * The first problem found is the answer.
 */
import type { Db as Knex } from '../db/types';
import {
  allDecisionRows,
  allLabelRows,
  auditPage,
  decisionRowOf,
  frozenEvidenceText,
  labelRowOf,
  type DecisionRow,
  type LabelRow,
} from '../repositories/audit';
import type { AuditKeyring } from '../secrets';
import { GENESIS, entryMac, hashedContent, legacyHash, sameDigest, type AuditRow } from './auditChain';
import { readHead, type HeadRead } from './auditHead';
import { evidenceHash } from './evidenceHash';

export interface VerifyOptions {
  /** null: no key is configured (every keyed entry then fails) */
  keyring: AuditKeyring | null;
  /** the head file to check the log's length against; null: not checked */
  headFile: string | null;
  /** a missing head file fails a log that has entries (else it is skipped) */
  requireHead: boolean;
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** the head's position that was checked (null: no head checked) */
  head: number | null;
  decisions: number;
  labels: number;
  /** the first problem: at an entry (id), or in the tables or head (id null) */
  firstBroken: { id: number | null; reason: string } | null;
}

interface DecideEntry {
  id: number;
  after: Record<string, unknown>;
}

const PAGE = 1000;

type Problem = { id: number | null; reason: string };

/** the evidence hash of a decision's frozen evidence, as services/decision.ts computes it */
async function frozenEvidenceHash(knex: Knex, assessmentId: number): Promise<string | null> {
  const evidence = await frozenEvidenceText(knex, assessmentId);
  if (evidence === undefined) return null;
  try {
    return evidenceHash(JSON.parse(evidence));
  } catch {
    return null;
  }
}

/** the first entry that is not what it claims, or null; fills `decide` with the decision entries */
async function walkChain(
  knex: Knex,
  keyring: AuditKeyring | null,
  decide: Map<number, DecideEntry>,
  hashAt: { seq: number; hash: string | null; id: number | null },
): Promise<{ entries: number; problem: Problem | null }> {
  let prev = GENESIS;
  let entries = 0;
  let lastId = 0;
  let keyed = false;
  for (;;) {
    const rows: AuditRow[] = await auditPage(knex, lastId, PAGE);
    if (rows.length === 0) return { entries, problem: null };
    for (const r of rows) {
      entries++;
      const broken = (reason: string) => ({ entries, problem: { id: r.id, reason } });
      if (Number(r.seq) !== entries)
        return broken(`says it is entry #${r.seq} but is entry #${entries} of the chain (an entry was removed or inserted)`);
      if (r.prev_hash !== prev) return broken('does not link to the entry before it (an entry was removed or reordered)');
      const content = hashedContent(r);
      if (r.key_id == null) {
        if (keyed) return broken('is not keyed but follows keyed entries (it was rewritten with a plain SHA-256 hash)');
        if (legacyHash(content) !== r.hash) return broken('its content does not match its hash (it was edited)');
      } else {
        keyed = true;
        const key = keyring?.keys.get(r.key_id);
        if (!key)
          return broken(
            `is signed with the audit key "${r.key_id}", which the keyring does not hold (AUDIT_KEY, AUDIT_KEYS_OLD, DATA_DIR/audit-keys)`,
          );
        if (!sameDigest(entryMac(key, content), r.hash))
          return broken('its content does not match its hash (it was edited, or its hash recomputed without the key)');
      }
      if (entries === hashAt.seq) Object.assign(hashAt, { hash: r.hash, id: r.id });
      if (r.action === 'decision.decide' && r.entity === 'assessment' && r.entity_id !== null) {
        let after: unknown;
        try {
          after = JSON.parse(r.after ?? '{}');
        } catch {
          return broken('is a decision whose content is not JSON');
        }
        decide.set(Number(r.entity_id), {
          id: r.id,
          after: after !== null && typeof after === 'object' ? (after as Record<string, unknown>) : {},
        });
      }
      prev = r.hash;
      lastId = r.id;
    }
  }
}

function checkHead(
  read: HeadRead,
  file: string,
  entries: number,
  at: { hash: string | null; id: number | null },
  requireHead: boolean,
): Problem | null {
  if (read.kind === 'missing') {
    return requireHead && entries > 0
      ? {
          id: null,
          reason: `there is no chain head at ${file}, so entries cut from the end of the log would not show (the server writes it; --no-head skips this check)`,
        }
      : null;
  }
  if (read.kind === 'invalid') return { id: null, reason: `the chain head ${file} ${read.reason}` };
  const h = read.head;
  if (h.seq > entries)
    return {
      id: null,
      reason: `the log has ${entries} entries but its chain head (written ${h.at}) records ${h.seq}: entries were removed from its end`,
    };
  if (h.seq === 0 ? h.hash !== GENESIS : at.hash !== h.hash)
    return { id: at.id, reason: `is not the entry the chain head (written ${h.at}) records at position #${h.seq}: the log was rewritten` };
  return null;
}

type Field = [name: string, table: unknown, entry: unknown, numeric?: 'numeric'];

/** a difference between a table's value and the entry's, as "field is X in the table but Y in the entry", or null */
function differ(fields: Field[]): string | null {
  for (const [name, table, entry, numeric] of fields) {
    // the drivers give integers as numbers or strings; everything else is compared as it is
    const [t, e] = numeric ? [table == null ? null : Number(table), entry == null ? null : Number(entry)] : [table ?? null, entry ?? null];
    if (t !== e) return `${name} is ${JSON.stringify(table ?? null)} in the table but ${JSON.stringify(entry ?? null)} in the entry`;
  }
  return null;
}

/** the fields of a label record the entry carries (validity, issue date and cluster only in newer entries) */
function labelDifference(l: LabelRow, after: Record<string, unknown>): string | null {
  const fields: Field[] = [
    ['label', l.label, after.label],
    ['certificate_code', l.certificate_code, after.certificateCode],
  ];
  if ('validUntil' in after) fields.push(['valid_until', l.valid_until, after.validUntil]);
  if ('issuedOn' in after) fields.push(['issued_on', l.issued_on, after.issuedOn]);
  if ('clusterId' in after) fields.push(['cluster_id', l.cluster_id, after.clusterId, 'numeric']);
  return differ(fields);
}

async function checkDecisions(
  knex: Knex,
  decisions: DecisionRow[],
  labels: LabelRow[],
  decide: Map<number, DecideEntry>,
): Promise<Problem | null> {
  const labelOf = new Map(labels.map((l) => [Number(l.assessment_id), l]));
  for (const d of decisions) {
    const a = Number(d.assessment_id);
    const e = decide.get(a);
    if (!e) return { id: null, reason: `the decision on assessment ${a} has no decision.decide audit entry (a decision row was added)` };
    const diff = differ([
      ['label', d.label, e.after.label],
      ['total_points', d.total_points, e.after.total, 'numeric'],
      ['framework_hash', d.framework_hash, e.after.frameworkHash],
      ['engine_version', d.engine_version, e.after.engineVersion],
      ['certificate_code', labelOf.get(a)?.certificate_code ?? null, e.after.certificateCode],
    ]);
    if (diff) return { id: e.id, reason: `does not match the decision on assessment ${a}: ${diff} (a decision or label row was edited)` };
    if ('evidenceHash' in e.after) {
      const evidence = await frozenEvidenceHash(knex, a);
      const edited = differ([
        ['evidence_hash', d.evidence_hash, e.after.evidenceHash],
        ['the hash of the frozen evidence', evidence, e.after.evidenceHash],
      ]);
      if (edited)
        return { id: e.id, reason: `does not match the decision on assessment ${a}: ${edited} (the decided evidence was edited)` };
    }
  }
  for (const l of labels) {
    const a = Number(l.assessment_id);
    const e = decide.get(a);
    if (!e)
      return {
        id: null,
        reason: `the label ${l.certificate_code} (assessment ${a}) has no decision.decide audit entry (a label row was added)`,
      };
    const diff = labelDifference(l, e.after);
    if (diff) return { id: e.id, reason: `does not match the label of assessment ${a}: ${diff} (a label row was edited)` };
  }
  // Entries whose rows are gone. The tables were read before the log, so a decision committed in
  // between has its entry but not its row in what was read: look once more before calling it gone.
  const decided = new Set(decisions.map((d) => Number(d.assessment_id)));
  for (const [a, e] of decide) {
    if (!decided.has(a) && !(await decisionRowOf(knex, a))) {
      return { id: e.id, reason: `decided assessment ${a}, which has no decision row (a decision was deleted)` };
    }
    if (e.after.certificateCode != null && !labelOf.has(a)) {
      const l = await labelRowOf(knex, a);
      if (!l)
        return {
          id: e.id,
          reason: `issued the certificate ${String(e.after.certificateCode)}, which has no label row (a label was deleted)`,
        };
      const diff = labelDifference(l, e.after);
      if (diff) return { id: e.id, reason: `does not match the label of assessment ${a}: ${diff} (a label row was edited)` };
    }
  }
  return null;
}

export async function verifyAuditWith(knex: Knex, opts: VerifyOptions): Promise<AuditVerdict> {
  // Read the head and the tables before the log: whatever they record was committed with its entry
  // before they were read, so the walk that follows sees that entry, even while the server writes.
  const read: HeadRead = opts.headFile ? readHead(opts.headFile, opts.keyring) : { kind: 'missing' };
  const decisions = await allDecisionRows(knex);
  const labels = await allLabelRows(knex);
  const decide = new Map<number, DecideEntry>();
  const at = { seq: read.kind === 'ok' ? read.head.seq : 0, hash: null as string | null, id: null as number | null };
  const { entries, problem } = await walkChain(knex, opts.keyring, decide, at);
  const verdict = (firstBroken: Problem | null): AuditVerdict => ({
    ok: firstBroken === null,
    entries,
    head: read.kind === 'ok' ? read.head.seq : null,
    decisions: decisions.length,
    labels: labels.length,
    firstBroken,
  });
  if (problem) return verdict(problem);
  if (opts.headFile) {
    const headProblem = checkHead(read, opts.headFile, entries, at, opts.requireHead);
    if (headProblem) return verdict(headProblem);
  }
  return verdict(await checkDecisions(knex, decisions, labels, decide));
}
