/**
 * Issue 14, hole 4: the audit log can no longer be shortened or rewritten unnoticed. Each test builds
 * a log with decisions and labels, checks that `clustermark audit verify` passes it, tampers with it
 * the way someone with write access to the database would, and checks that the command now fails and
 * names the problem. Before the keys and the chain head, every one of these passed.
 */
import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { runCli } from '../support/cli';
import { loadConfig, ConfigError } from '../../server/config';
import { migrateLatest } from '../../server/db/knex';
import { inTransaction } from '../../server/db/transaction';
import { AUDIT_KEYS_FILE } from '../../server/secrets';
import { appendAudit, auditHeadOf, openAudit } from '../../server/services/audit';
import { legacyHash, hashedContent, type AuditRow } from '../../server/services/auditChain';
import { AUDIT_HEAD_FILE } from '../../server/services/auditHead';
import { migrationSource } from '../../server/db/migrations';
import { testApp, type TestApp } from '../support/app';
import { freshDatabase, testDialect } from '../support/db';
import { suiteWithCast } from '../support/flow';
import { decideExample1 } from '../support/decided';

const cli = runCli;

interface World {
  t: TestApp;
  env: Record<string, string | undefined>;
  verify(args?: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** assessment ids: one decided with a label (old entry shape), one with a label (new shape), one without a label */
  decided: { old: number; full: number; none: number };
  rows(): Promise<AuditRow[]>;
}

/** A decision as services/decision.ts writes it: the decisions row, the label row, the decide entry. */
async function decideDirectly(
  t: TestApp,
  ids: { user: number; cluster: number; framework: { id: number; hash: string } },
  opts: { label: string | null; fullEntry: boolean; tag: string },
): Promise<number> {
  const now = new Date().toISOString();
  return inTransaction(t.db.knex, async (trx) => {
    const [a] = await trx('assessments')
      .insert({
        cluster_id: ids.cluster,
        framework_id: ids.framework.id,
        framework_hash: ids.framework.hash,
        requested_label: 'silver',
        state: 'decided',
        lead_id: ids.user,
        created_by: ids.user,
        created_at: now,
        updated_at: now,
      })
      .returning(['id']);
    const id = Number(a.id);
    await trx('decisions').insert({
      assessment_id: id,
      evidence: '{}',
      score: '{}',
      framework_hash: ids.framework.hash,
      engine_version: '1.0.0',
      label: opts.label,
      total_points: 97,
      decided_by: ids.user,
      decided_at: now,
    });
    const code = opts.label ? `CM-TEST-${opts.tag}-0000` : null;
    if (code)
      await trx('labels').insert({
        assessment_id: id,
        cluster_id: ids.cluster,
        label: opts.label,
        issued_on: '2026-03-14',
        valid_until: '2028-03-31',
        certificate_code: code,
        created_at: now,
      });
    const after: Record<string, unknown> = {
      state: 'decided',
      label: opts.label,
      total: 97,
      frameworkHash: ids.framework.hash,
      engineVersion: '1.0.0',
      certificateCode: code,
    };
    if (opts.fullEntry)
      Object.assign(after, { validUntil: code ? '2028-03-31' : null, issuedOn: code ? '2026-03-14' : null, clusterId: ids.cluster });
    await appendAudit(trx, {
      actorId: ids.user,
      action: 'decision.decide',
      entity: 'assessment',
      entityId: id,
      before: { state: 'review' },
      after,
    });
    return id;
  });
}

async function makeWorld(env: Record<string, string> = {}): Promise<World> {
  const t = await testApp(env);
  const knex = t.db.knex;
  const user = await t.user({ email: 'lead@audit.example', role: 'benchmarker', certification: 'gold' });
  const [c] = await knex('clusters')
    .insert({ name: 'Audit Cluster', country: 'NO', sector: 'Maritime', founded_year: 2011, created_at: new Date().toISOString() })
    .returning(['id']);
  const fw = await knex('frameworks').first('id', 'hash');
  const ids = { user: user.id, cluster: Number(c.id), framework: { id: Number(fw.id), hash: fw.hash as string } };
  for (let i = 0; i < 5; i++)
    await inTransaction(knex, (trx) =>
      appendAudit(trx, { actorId: null, action: 'test.entry', entity: 'test', entityId: i, after: { i } }),
    );
  const decided = {
    old: await decideDirectly(t, ids, { label: 'silver', fullEntry: false, tag: 'AAAA' }),
    full: await decideDirectly(t, ids, { label: 'gold', fullEntry: true, tag: 'BBBB' }),
    none: await decideDirectly(t, ids, { label: null, fullEntry: true, tag: 'CCCC' }),
  };
  await inTransaction(knex, (trx) =>
    appendAudit(trx, { actorId: null, action: 'test.entry', entity: 'test', entityId: 'last', after: { last: true } }),
  );
  await auditHeadOf(knex)!.flush();
  const cliEnv = {
    DATA_DIR: t.config.dataDir,
    DATABASE_URL: t.db.location.databaseUrl ?? undefined,
    LOG_LEVEL: 'silent',
    AUDIT_KEY: env.AUDIT_KEY,
    AUDIT_KEY_ID: env.AUDIT_KEY_ID,
    AUDIT_KEYS_OLD: env.AUDIT_KEYS_OLD,
  };
  return {
    t,
    env: cliEnv,
    verify: (args = []) => cli(['audit', 'verify', ...args], cliEnv),
    decided,
    rows: () => knex('audit_log').orderBy('id'),
  };
}

/** What someone with the database but without the key does after editing an entry: recompute every hash after it. */
async function rehashFrom(w: World, fromId: number, hash: (r: AuditRow) => string, keyId: (r: AuditRow) => string | null) {
  const rows = await w.rows();
  let prev: string | null = null;
  for (const r of rows) {
    if (r.id < fromId) {
      prev = r.hash;
      continue;
    }
    const next: AuditRow = { ...r, prev_hash: prev ?? r.prev_hash, key_id: keyId(r) };
    next.hash = hash(next);
    await w.t.db.knex('audit_log').where({ id: r.id }).update({ prev_hash: next.prev_hash, key_id: next.key_id, hash: next.hash });
    prev = next.hash;
  }
}

const sha256Like = (r: AuditRow) => legacyHash(hashedContent(r));

describe(`the audit log is provable (${testDialect})`, function () {
  this.timeout(60_000);
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w?.t.close());

  it('passes an untouched log, its decisions and labels, and a log that has grown past its head', async () => {
    const ok = await w.verify();
    expect(ok.code, ok.stderr).to.equal(0);
    const entries = (await w.rows()).length;
    expect(ok.stdout).to.contain(
      `audit log intact: ${entries} entries, chain head at entry #${entries}; 3 decisions and 2 labels match their entries`,
    );
    // entries committed after the last head write (a crash before the next one) still verify
    for (let i = 0; i < 3; i++)
      await inTransaction(w.t.db.knex, (trx) => appendAudit(trx, { actorId: null, action: 'test.more', entity: 'test', entityId: i }));
    const head = JSON.parse(fs.readFileSync(path.join(w.t.config.dataDir, AUDIT_HEAD_FILE), 'utf8'));
    expect(head.seq).to.be.at.most(entries + 3);
    const grown = await w.verify();
    expect(grown.code, grown.stderr).to.equal(0);
    expect(grown.stdout).to.contain(`${entries + 3} entries`);
  });

  it('fails a log whose last entries were deleted', async () => {
    const rows = await w.rows();
    await w.t.db
      .knex('audit_log')
      .where('id', '>', rows[rows.length - 3].id)
      .del();
    const r = await w.verify();
    expect(r.code).to.equal(1);
    expect(r.stderr)
      .to.contain(`the log has ${rows.length - 2} entries but its chain head`)
      .and.contain(`records ${rows.length}: entries were removed from its end`);
  });

  it('fails a log whose entries were all deleted', async () => {
    await w.t.db.knex('audit_log').del();
    const r = await w.verify();
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/the log has 0 entries but its chain head .* records \d+: entries were removed/);
  });

  it('fails a log with an entry edited and every later hash recomputed with plain SHA-256', async () => {
    const rows = await w.rows();
    const victim = rows.find((r) => r.action === 'decision.decide' && r.entity_id === String(w.decided.full))!;
    const forged = { ...JSON.parse(victim.after!), label: 'gold', total: 130 };
    await w.t.db
      .knex('audit_log')
      .where({ id: victim.id })
      .update({ after: JSON.stringify(forged) });
    // keeping the key ids
    await rehashFrom(w, victim.id, sha256Like, (r) => r.key_id);
    const kept = await w.verify();
    expect(kept.code).to.equal(1);
    expect(kept.stderr).to.contain(`entry ${victim.id}: its content does not match its hash`);
    // passing the rewritten entries off as written before the keys
    await rehashFrom(w, victim.id, sha256Like, () => null);
    const unkeyed = await w.verify();
    expect(unkeyed.code).to.equal(1);
    expect(unkeyed.stderr).to.contain(`entry ${victim.id}: is not keyed but follows keyed entries`);
    // the whole log as entries from before the keys: the chain holds, the head does not
    await rehashFrom(w, rows[0].id, sha256Like, () => null);
    const all = await w.verify();
    expect(all.code).to.equal(1);
    expect(all.stderr).to.contain(`is not the entry the chain head`).and.contain('the log was rewritten');
    // an HMAC under a key of one's own
    const mine = crypto.randomBytes(32);
    await rehashFrom(
      w,
      rows[0].id,
      (r) =>
        crypto
          .createHmac('sha256', mine)
          .update(
            JSON.stringify([Number(r.seq), r.key_id, r.prev_hash, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after]),
          )
          .digest('hex'),
      (r) => r.key_id ?? rows[0].key_id,
    );
    const other = await w.verify();
    expect(other.code).to.equal(1);
    expect(other.stderr).to.contain(`entry ${rows[0].id}: its content does not match its hash`);
  });

  it('fails a decision row edited after its decision', async () => {
    await w.t.db.knex('decisions').where({ assessment_id: w.decided.old }).update({ label: 'gold' });
    const label = await w.verify();
    expect(label.code).to.equal(1);
    expect(label.stderr).to.contain(
      `does not match the decision on assessment ${w.decided.old}: label is "gold" in the table but "silver" in the entry`,
    );
    await w.t.db.knex('decisions').where({ assessment_id: w.decided.old }).update({ label: 'silver', total_points: 120 });
    const points = await w.verify();
    expect(points.code).to.equal(1);
    expect(points.stderr).to.contain('total_points is 120 in the table but 97 in the entry');
  });

  it('fails a label row edited, inserted without a decision, or deleted', async () => {
    const labels = () => w.t.db.knex('labels');
    await labels().where({ assessment_id: w.decided.full }).update({ valid_until: '2031-03-31' });
    const validity = await w.verify();
    expect(validity.code).to.equal(1);
    expect(validity.stderr).to.contain(
      `does not match the label of assessment ${w.decided.full}: valid_until is "2031-03-31" in the table but "2028-03-31" in the entry`,
    );
    await labels().where({ assessment_id: w.decided.full }).update({ valid_until: '2028-03-31', certificate_code: 'CM-FAKE-FAKE-FAKE' });
    const code = await w.verify();
    expect(code.code).to.equal(1);
    expect(code.stderr).to.contain('certificate_code is "CM-FAKE-FAKE-FAKE" in the table');
    await labels().where({ assessment_id: w.decided.full }).update({ certificate_code: 'CM-TEST-BBBB-0000' });
    await labels().where({ assessment_id: w.decided.old }).update({ label: 'gold' });
    const label = await w.verify();
    expect(label.code).to.equal(1);
    expect(label.stderr).to.contain('label is "gold" in the table but "silver" in the entry');
    await labels().where({ assessment_id: w.decided.old }).update({ label: 'silver' });
    expect((await w.verify()).code).to.equal(0);
    // a label for the assessment decided without one: its entry has no certificate
    const cluster = (await labels().first('cluster_id')).cluster_id;
    await labels().insert({
      assessment_id: w.decided.none,
      cluster_id: cluster,
      label: 'gold',
      issued_on: '2026-03-14',
      valid_until: '2028-03-31',
      certificate_code: 'CM-MINT-MINT-MINT',
      created_at: new Date().toISOString(),
    });
    const minted = await w.verify();
    expect(minted.code).to.equal(1);
    expect(minted.stderr).to.contain(
      `does not match the decision on assessment ${w.decided.none}: certificate_code is "CM-MINT-MINT-MINT" in the table but null in the entry`,
    );
    await labels().where({ assessment_id: w.decided.none }).del();
    await labels().where({ assessment_id: w.decided.old }).del();
    const gone = await w.verify();
    expect(gone.code).to.equal(1);
    expect(gone.stderr).to.contain('certificate_code is null in the table but "CM-TEST-AAAA-0000" in the entry');
  });

  it('fails a label row for an assessment that was never decided', async () => {
    const knex = w.t.db.knex;
    const a = await knex('assessments').where({ id: w.decided.old }).first();
    const [b] = await knex('assessments')
      .insert({ ...a, id: undefined, state: 'interview' })
      .returning(['id']);
    await knex('labels').insert({
      assessment_id: b.id,
      cluster_id: a.cluster_id,
      label: 'gold',
      issued_on: '2026-03-14',
      valid_until: '2028-03-31',
      certificate_code: 'CM-NONE-NONE-NONE',
      created_at: new Date().toISOString(),
    });
    const r = await w.verify();
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`the label CM-NONE-NONE-NONE (assessment ${b.id}) has no decision.decide audit entry`);
  });

  it('fails an edited or foreign chain head, and one that is missing', async () => {
    const file = path.join(w.t.config.dataDir, AUDIT_HEAD_FILE);
    const head = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...head, seq: head.seq - 2 }));
    const edited = await w.verify();
    expect(edited.code).to.equal(1);
    expect(edited.stderr).to.contain(`the chain head ${file} does not match its signature`);
    fs.rmSync(file);
    const missing = await w.verify();
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain(`there is no chain head at ${file}`);
    const skipped = await w.verify(['--no-head']);
    expect(skipped.code, skipped.stderr).to.equal(0);
    expect(skipped.stdout).to.contain('chain head not checked (--no-head)');
  });

  it('keeps the head where it was when the log is cut while the server writes, and never writes it ahead', async () => {
    const file = path.join(w.t.config.dataDir, AUDIT_HEAD_FILE);
    const before = JSON.parse(fs.readFileSync(file, 'utf8'));
    const rows = await w.rows();
    await w.t.db
      .knex('audit_log')
      .where('id', '>', rows[rows.length - 4].id)
      .del();
    // the server goes on writing: the new entries fill the positions the head recorded, with other hashes
    for (let i = 0; i < 6; i++)
      await inTransaction(w.t.db.knex, (trx) => appendAudit(trx, { actorId: null, action: 'test.after-cut', entity: 'test', entityId: i }));
    await auditHeadOf(w.t.db.knex)!.flush();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).to.deep.equal(before);
    const r = await w.verify();
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`is not the entry the chain head`);
  });

  it('refuses bad command lines with exit 2 and one line', async () => {
    for (const args of [
      ['audit', 'verify', 'extra'],
      ['audit', 'check'],
      ['audit', 'verify', '--head', '/nonexistent/head.json'],
      ['audit', 'verify', '--head', 'x', '--no-head'],
      ['audit', 'rotate-key', '--no-head'],
    ]) {
      const r = await cli(args, w.env);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
    }
    const short = await cli(['audit', 'verify'], { ...w.env, AUDIT_KEY: 'too short' });
    expect(short.code).to.equal(1);
    expect(short.stderr.trim()).to.equal(
      'clustermark: configuration error: AUDIT_KEY: must be at least 32 characters, without spaces or commas',
    );
  });
});

describe(`the audit log against a real decision (${testDialect}): FRAMEWORK.md example 1`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000' });

  it('passes the decision as made, and fails its label, its frozen evidence or its entry changed afterwards', async () => {
    const { id, code } = await decideExample1(suite.cast);
    const t = suite.t;
    const env = { DATA_DIR: t.config.dataDir, DATABASE_URL: t.db.location.databaseUrl ?? undefined, LOG_LEVEL: 'silent' };
    await auditHeadOf(t.db.knex)!.flush();
    const ok = await cli(['audit', 'verify'], env);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('1 decisions and 1 labels match their entries');
    const label = await t.db.knex('labels').where({ assessment_id: id }).first();
    // the label /verify shows, made to last longer
    await t.db.knex('labels').where({ assessment_id: id }).update({ valid_until: '2035-03-31' });
    const longer = await cli(['audit', 'verify'], env);
    expect(longer.code).to.equal(1);
    expect(longer.stderr).to.contain(
      `does not match the label of assessment ${id}: valid_until is "2035-03-31" in the table but "${label.valid_until}" in the entry`,
    );
    await t.db.knex('labels').where({ assessment_id: id }).update({ valid_until: label.valid_until });
    // the evidence frozen at the decision, edited
    const decision = await t.db.knex('decisions').where({ assessment_id: id }).first('evidence');
    const evidence = JSON.parse(decision.evidence);
    await t.db
      .knex('decisions')
      .where({ assessment_id: id })
      .update({ evidence: JSON.stringify({ ...evidence, onSite: !evidence.onSite }) });
    const edited = await cli(['audit', 'verify'], env);
    expect(edited.code).to.equal(1);
    expect(edited.stderr).to.contain(`does not match the decision on assessment ${id}: the hash of the frozen evidence is`);
    await t.db.knex('decisions').where({ assessment_id: id }).update({ evidence: decision.evidence });
    expect((await cli(['audit', 'verify'], env)).code).to.equal(0);
    // the entry made to agree with a forged label, every later hash recomputed
    const entry: AuditRow = await t.db
      .knex('audit_log')
      .where({ action: 'decision.decide', entity_id: String(id) })
      .first();
    await t.db.knex('labels').where({ assessment_id: id }).update({ valid_until: '2035-03-31' });
    await t.db
      .knex('audit_log')
      .where({ id: entry.id })
      .update({ after: JSON.stringify({ ...JSON.parse(entry.after!), validUntil: '2035-03-31' }) });
    const rows: AuditRow[] = await t.db.knex('audit_log').where('id', '>=', entry.id).orderBy('id');
    let prev = entry.prev_hash;
    for (const r of rows) {
      const hash = legacyHash(hashedContent({ ...r, prev_hash: prev }));
      await t.db.knex('audit_log').where({ id: r.id }).update({ prev_hash: prev, hash });
      prev = hash;
    }
    const forged = await cli(['audit', 'verify'], env);
    expect(forged.code).to.equal(1);
    expect(forged.stderr).to.contain(`entry ${entry.id}: its content does not match its hash`);
    expect(code).to.match(/^CM-/);
  });
});

describe(`audit keys (${testDialect})`, function () {
  this.timeout(60_000);
  const KEY1 = 'first-audit-key-0123456789-abcdefghijkl';
  const KEY2 = 'second-audit-key-0123456789-abcdefghijk';

  it('reads AUDIT_KEY, AUDIT_KEY_ID and AUDIT_KEYS_OLD, and stops on a bad one naming it', () => {
    const c = loadConfig({ AUDIT_KEY: KEY2, AUDIT_KEY_ID: 'k2', AUDIT_KEYS_OLD: `k1:${KEY1}, ${KEY1}x` });
    expect(c).to.include({ auditKey: KEY2, auditKeyId: 'k2' });
    expect(c.auditKeysOld).to.deep.equal([
      { id: 'k1', key: KEY1 },
      { id: null, key: `${KEY1}x` },
    ]);
    for (const [env, variable] of [
      [{ AUDIT_KEY: 'short' }, 'AUDIT_KEY'],
      [{ AUDIT_KEY: KEY1, AUDIT_KEY_ID: 'bad id!' }, 'AUDIT_KEY_ID'],
      [{ AUDIT_KEY_ID: 'k1' }, 'AUDIT_KEY_ID'],
      [{ AUDIT_KEYS_OLD: 'k1:short' }, 'AUDIT_KEYS_OLD'],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env))
        .to.throw(ConfigError)
        .with.property('variable', variable);
    }
  });

  it('verifies entries signed with a rotated key while the key is kept, and not once it is gone', async () => {
    const w = await makeWorld({ AUDIT_KEY: KEY1, AUDIT_KEY_ID: 'k1' });
    try {
      const rotated = { ...w.env, AUDIT_KEY: KEY2, AUDIT_KEY_ID: 'k2', AUDIT_KEYS_OLD: `k1:${KEY1}` };
      // the server restarts with the new key: new entries are signed with it
      const config = loadConfig({ DATA_DIR: w.t.config.dataDir, AUDIT_KEY: KEY2, AUDIT_KEY_ID: 'k2', AUDIT_KEYS_OLD: `k1:${KEY1}` });
      await openAudit(w.t.db, { ...config, databaseUrl: w.t.db.location.databaseUrl }, pino({ level: 'silent' }));
      await inTransaction(w.t.db.knex, (trx) =>
        appendAudit(trx, { actorId: null, action: 'test.rotated', entity: 'test', entityId: null }),
      );
      await auditHeadOf(w.t.db.knex)!.flush();
      expect((await w.t.db.knex('audit_log').orderBy('id', 'desc').first('key_id')).key_id).to.equal('k2');
      const ok = await cli(['audit', 'verify'], rotated);
      expect(ok.code, ok.stderr).to.equal(0);
      // without the old key (the generated key file in DATA_DIR does not hold k1 either)
      const lost = await cli(['audit', 'verify'], { ...rotated, AUDIT_KEYS_OLD: undefined });
      expect(lost.code).to.equal(1);
      expect(lost.stderr).to.contain('is signed with the audit key "k1", which the keyring does not hold');
    } finally {
      await w.t.close();
    }
  });

  it('rotates the generated key in DATA_DIR and keeps the old one to verify with', async () => {
    const w = await makeWorld();
    try {
      const keysFile = path.join(w.t.config.dataDir, AUDIT_KEYS_FILE);
      expect(fs.statSync(keysFile).mode & 0o777).to.equal(0o600);
      const r = await cli(['audit', 'rotate-key'], w.env);
      expect(r.code, r.stderr).to.equal(0);
      const lines = fs.readFileSync(keysFile, 'utf8').trim().split('\n');
      expect(lines).to.have.length(2);
      expect(r.stdout).to.contain(`new audit key "${lines[1].split(' ')[0]}"`);
      await openAudit(w.t.db, w.t.config, pino({ level: 'silent' }));
      await inTransaction(w.t.db.knex, (trx) =>
        appendAudit(trx, { actorId: null, action: 'test.rotated', entity: 'test', entityId: null }),
      );
      expect((await w.t.db.knex('audit_log').orderBy('id', 'desc').first('key_id')).key_id).to.equal(lines[1].split(' ')[0]);
      const ok = await w.verify();
      expect(ok.code, ok.stderr).to.equal(0);
    } finally {
      await w.t.close();
    }
  });

  it('keeps verifying entries written before the keys (migration 005), sealed by a keyed entry at start', async () => {
    const db = await freshDatabase({ migrate: false });
    try {
      const knex = db.knex;
      for (const m of await migrationSource.getMigrations([])) {
        const name = migrationSource.getMigrationName(m);
        if (name < '005') await knex.migrate.up({ migrationSource, name });
      }
      // three entries as the code before 005 wrote them
      let prev = '0'.repeat(64);
      for (let i = 0; i < 3; i++) {
        const row = {
          at: new Date().toISOString(),
          actor_id: null,
          action: 'old.entry',
          entity: 'test',
          entity_id: String(i),
          before: null,
          after: JSON.stringify({ i }),
          prev_hash: prev,
        };
        const hash = crypto
          .createHash('sha256')
          .update(JSON.stringify([row.prev_hash, row.at, row.actor_id, row.action, row.entity, row.entity_id, row.before, row.after]))
          .digest('hex');
        await knex('audit_log').insert({ ...row, hash });
        prev = hash;
      }
      await migrateLatest(knex);
      expect((await knex('audit_log').orderBy('id').select('seq', 'key_id')).map((r) => [Number(r.seq), r.key_id])).to.deep.equal([
        [1, null],
        [2, null],
        [3, null],
      ]);
      const config = { ...loadConfig({ DATA_DIR: db.location.dataDir, LOG_LEVEL: 'silent' }), databaseUrl: db.location.databaseUrl };
      await openAudit(db, config, pino({ level: 'silent' }));
      const seal = await knex('audit_log').orderBy('id', 'desc').first();
      expect(seal).to.include({ action: 'audit.keyed' });
      expect(Number(seal.seq)).to.equal(4);
      expect(JSON.parse(seal.after)).to.include({ unkeyedEntries: 3 });
      const env = { DATA_DIR: db.location.dataDir, DATABASE_URL: db.location.databaseUrl ?? undefined, LOG_LEVEL: 'silent' };
      const ok = await cli(['audit', 'verify'], env);
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.contain('4 entries, chain head at entry #4');
      // an old entry edited and the old chain recomputed: the seal's HMAC covers the old tail
      await knex('audit_log')
        .where({ entity_id: '1', action: 'old.entry' })
        .update({ after: JSON.stringify({ i: 99 }) });
      const rows: AuditRow[] = await knex('audit_log').orderBy('id');
      let p = '0'.repeat(64);
      for (const r of rows.slice(0, 3)) {
        const h = legacyHash(hashedContent({ ...r, prev_hash: p }));
        await knex('audit_log').where({ id: r.id }).update({ prev_hash: p, hash: h });
        p = h;
      }
      await knex('audit_log').where({ id: rows[3].id }).update({ prev_hash: p });
      const broken = await cli(['audit', 'verify'], env);
      expect(broken.code).to.equal(1);
      expect(broken.stderr).to.contain(`entry ${rows[3].id}: its content does not match its hash`);
    } finally {
      await db.drop();
    }
  });
});
