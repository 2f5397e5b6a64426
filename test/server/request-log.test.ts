import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { requestLog } from '../../server/http/requestLog';

describe('request log', () => {
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
    const logger = pino({ level: 'info' }, sink);
    const app = express();
    app.use(requestLog(logger, { ignore: (url) => url === '/health' }));
    app.get('/health', (_req, res) => void res.json({ ok: true }));
    app.get('/ok', (req, res) => {
      req.log.info({ note: 'inside' }, 'handler says');
      res.json({ id: req.id });
    });
    app.get('/fail', (_req, res) => void res.status(503).json({ error: 'down' }));
    app.get('/hang', (_req, _res) => undefined); // never answers: the client gives up
    app.use((_req, res) => void res.json({ ok: true })); // any other path, as the survey's
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => {
      server.closeAllConnections();
      server.close();
    };
  });
  after(() => close());

  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('writes one line per request with its id, method, url, status and time; the handler’s lines carry the id', async () => {
    lines.length = 0;
    const res = await fetch(`${base}/ok?x=1`);
    const { id } = (await res.json()) as { id: number };
    await settle();
    const done = lines.find((l) => l.msg === 'request completed')!;
    expect(done).to.include({ reqId: id, level: 30 });
    expect(done.req).to.include({ method: 'GET', url: '/ok?x=1' });
    expect(done.res).to.deep.equal({ statusCode: 200 });
    expect(done.responseTime).to.be.a('number').and.at.least(0);
    expect(done).not.to.have.nested.property('req.headers');
    expect(lines.find((l) => l.msg === 'handler says')).to.include({ reqId: id, note: 'inside' });
  });

  it('logs a 5xx answer as an error, an abandoned request as a warning, and leaves out ignored urls', async () => {
    lines.length = 0;
    await fetch(`${base}/health`);
    await fetch(`${base}/fail`);
    const ac = new AbortController();
    const hang = fetch(`${base}/hang`, { signal: ac.signal }).catch(() => null);
    await settle();
    ac.abort();
    await hang;
    await settle();
    expect(lines.map((l) => [l.msg, l.level, l.req?.url])).to.deep.equal([
      ['request errored', 50, '/fail'],
      ['request aborted', 40, '/hang'],
    ]);
  });

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
