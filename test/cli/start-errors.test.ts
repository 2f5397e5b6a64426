/**
 * The command line's answers to what goes wrong at start: a port in use, a database that cannot be
 * reached or opened, a date that is no date. Each is one line on stderr and an exit code, never a
 * stack and never a process that runs on without doing its work.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../server/cli';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/clustermark.js');
const GOLD = path.join(ROOT, 'fixtures/evidence/example-1-gold.json');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real CLI as a process; kills it (and fails) after `timeoutMs`. */
function cli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`clustermark ${args.join(' ')} still ran after ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function inProcess(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await main(args, out, err);
  return { code, stdout, stderr };
}

describe(`command line: errors at start (${testDialect})`, function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await freshDatabase();
    await db.close(); // the CLI opens its own connection
    env = { DATA_DIR: db.location.dataDir };
    if (db.location.databaseUrl) env.DATABASE_URL = db.location.databaseUrl;
  });
  after(() => db.drop());

  it('serve on a port another program holds exits 1 within seconds with one line naming the port and PORT', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const r = await cli(['serve'], { ...env, PORT: String(port) }, 20_000);
      expect(r.code, r.stderr).to.equal(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).to.have.length(1);
      expect(lines[0])
        .to.contain(String(port))
        .and.to.contain('PORT')
        .and.to.match(/in use/);
      expect(r.stdout).not.to.match(/listening/);
    } finally {
      holder.close();
    }
  });

  it('a database that cannot be reached is one line on stderr, exit 1, nothing on stdout', async () => {
    // a closed port on this machine: connection refused at once
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    for (const command of [['migrate'], ['serve']]) {
      const r = await cli(command, { DATA_DIR: db.location.dataDir, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`, PORT: '0' });
      expect(r.stdout, command.join(' ')).not.to.match(/Error| {4}at /);
      expect(r.code, `${command}: ${r.stderr}`).to.equal(1);
      expect(r.stderr.trim().split('\n'), r.stderr).to.have.length(1);
      expect(r.stderr).to.match(/database error: .*ECONNREFUSED/);
    }
  });

  it('an SQLite file that cannot be opened is one line on stderr, exit 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-cli-'));
    fs.mkdirSync(path.join(dir, 'clustermark.sqlite')); // a directory where the file should be
    const r = await cli(['migrate'], { DATA_DIR: dir });
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n'), r.stderr).to.have.length(1);
    expect(r.stderr).to.match(/database error/);
    expect(r.stdout).to.equal('');
  });

  it('a date that is no calendar date (--as-of, --date) is bad input: exit 2', async () => {
    for (const asOf of ['2026-02-30', '2026-13-01', 'tomorrow']) {
      const r = await inProcess(['score', GOLD, '--as-of', asOf]);
      expect(r.code, asOf).to.equal(2);
      expect(r.stderr).to.match(/--as-of/);
      expect(r.stdout).to.equal('');
    }
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-cli-')), 'r.pdf');
    const r = await inProcess(['report', GOLD, '-o', out, '--date', '2026-02-29']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--date/);
    expect(fs.existsSync(out)).to.equal(false);
  });
});
