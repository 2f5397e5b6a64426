import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';

const BIN = path.resolve(__dirname, '../../bin/clustermark.js');

/** Starts `clustermark serve` on a random port; resolves with the port from its first log line. */
function serve(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; logs: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: string[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        const m = /"port":(\d+)/.exec(line);
        if (m) resolve({ child, port: Number(m[1]), logs });
      }
    });
    child.stderr!.on('data', (c) => logs.push(String(c)));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${logs.join('\n')}`)));
  });
}

describe(`clustermark serve (${testDialect})`, function () {
  this.timeout(60_000);
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase({ migrate: false });
    await db.close(); // the server opens its own connection
  });
  after(() => db.drop());

  it('migrates, creates the first admin, answers health with its database and stops cleanly on SIGTERM', async () => {
    const env: Record<string, string> = {
      DATA_DIR: db.location.dataDir,
      ADMIN_EMAIL: 'first@test.example',
      ADMIN_PASSWORD: 'first admin pw',
    };
    if (db.location.databaseUrl) env.DATABASE_URL = db.location.databaseUrl;
    const { child, port } = await serve(env);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json());
    expect(health).to.deep.equal({ status: 'ok', database: testDialect });
    const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@test.example', password: 'first admin pw' }),
    });
    expect(login.status).to.equal(200);
    expect(((await login.json()) as { user: { role: string } }).user.role).to.equal('admin');
    // templates and static files are read from disk: they must be where the running code looks
    expect((await fetch(`http://127.0.0.1:${port}/login`)).status).to.equal(200);
    expect((await fetch(`http://127.0.0.1:${port}/static/app.css`)).status).to.equal(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
  });

  it('stops with one line naming the variable when the configuration is bad', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: db.location.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).to.equal(1);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.match(/PORT/);
  });
});
