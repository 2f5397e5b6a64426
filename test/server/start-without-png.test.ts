/**
 * The PNG chart path (chartjs-node-canvas and its native canvas) is loaded only when a report asks for
 * PNG charts: starting the server does not load it. In a child process, so that no other test's PNG
 * report has loaded it already.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

describe('start-up without the PNG chart renderer', () => {
  it('starts the server without loading chartjs-node-canvas', function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-lazy-png-'));
    const script = `
      const { start } = require('./server/main');
      const { loadConfig } = require('./server/config');
      start(loadConfig({ DATA_DIR: ${JSON.stringify(dir)}, PORT: '0', LOG_LEVEL: 'silent' })).then(async (r) => {
        const loaded = Object.keys(require.cache).filter((k) => /chartjs-node-canvas|[\\\\/]node_modules[\\\\/]canvas[\\\\/]/.test(k));
        await r.stop();
        process.stdout.write(JSON.stringify(loaded));
      }, (e) => { console.error(e); process.exit(1); });`;
    try {
      const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '' },
      });
      expect(run.status, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
