import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { requestLog } from '../../server/http/requestLog';

describe('request log: survey tokens', () => {
  const lines: Record<string, any>[] = [];
  let base = '';
  let close: () => void;

  before(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        cb();
      },
    });
    const app = express();
    app.use(requestLog(pino({ level: 'info' }, sink)));
    app.use((_req, res) => void res.json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => {
      server.closeAllConnections();
      server.close();
    };
  });
  after(() => close());

  it('never writes a survey link’s token: /survey/<token> and /api/survey/<token> are logged as :token', async () => {
    const token = 'Zq3xY7_secret-Token-0123456789';
    lines.length = 0;
    await fetch(`${base}/survey/${token}?lang=nb`);
    await fetch(`${base}/api/survey/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await fetch(`${base}/survey/${token}/thanks`);
    await fetch(`${base}/api/assessments/7/survey`);
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.stringify(lines)).not.to.contain(token);
    expect(lines.map((l) => l.req.url)).to.deep.equal([
      '/survey/:token?lang=nb',
      '/api/survey/:token',
      '/survey/:token/thanks',
      '/api/assessments/7/survey',
    ]);
  });
});
