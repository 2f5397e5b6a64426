/**
 * Routes that take large bodies (a framework definition up to 2 MB, a benchmark import up to 10 MB)
 * know who is calling before they read a byte of it: an anonymous caller gets 401 and a signed-in
 * non-admin 403 without the server waiting for (or buffering) the body.
 */
import { expect } from 'chai';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';

/**
 * Sends the head of a request announcing `length` bytes and only `sent` of them, then waits for the
 * answer's status line. A server that reads the body before answering never answers: the body
 * never comes, so the wait ends after `timeoutMs` with null.
 */
function partialRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  length: number,
  sent: string,
  timeoutMs = 3000,
): Promise<{ status: number | null; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = (status: number | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, ms: Date.now() - started });
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.on('data', (chunk) => {
      answer += chunk;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (m) done(Number(m[1]));
    });
    socket.on('error', () => done(null));
    const head = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      `Content-Length: ${length}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head + sent);
  });
}

describe(`large bodies are read only after authentication (${testDialect})`, () => {
  let t: TestApp;
  let server: Server;
  let port: number;
  let traineeCookie: string;
  before(async () => {
    t = await testApp();
    await t.user({ email: 'trainee@test.example', role: 'trainee' });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
    const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'trainee@test.example', password: 'correct horse battery' }),
    });
    traineeCookie = login.headers.get('set-cookie')!.split(';')[0];
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await t.close();
  });

  const cases: [string, string, number, string][] = [
    ['/api/benchmark/import', 'text/csv', 9 * 1024 * 1024, 'country,sector\n'],
    ['/api/benchmark/import', 'application/json', 200 * 1024, '[{"country":'],
    [
      '/api/benchmark/import',
      'multipart/form-data; boundary=xyz',
      9 * 1024 * 1024,
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncountry',
    ],
    ['/api/frameworks', 'application/json', 1536 * 1024, '{"id":"x",'],
  ];
  for (const [path, type, length, sent] of cases) {
    it(`POST ${path} (${type.split(';')[0]}, ${Math.round(length / 1024)} KB announced, a few bytes sent): 401 anonymously, 403 for a trainee, at once`, async () => {
      const anonymous = await partialRequest(port, path, { 'Content-Type': type }, length, sent);
      expect(anonymous.status, 'anonymous').to.equal(401);
      expect(anonymous.ms).to.be.below(2000);
      const trainee = await partialRequest(port, path, { 'Content-Type': type, Cookie: traineeCookie }, length, sent);
      expect(trainee.status, 'trainee').to.equal(403);
    });
  }

  it('an anonymous POST of a whole large body gets 401 with the JSON error', async () => {
    const body = 'country,sector\n' + 'NO,ocean\n'.repeat(900_000); // about 8 MB
    const res = await fetch(`http://127.0.0.1:${port}/api/benchmark/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    expect(res.status).to.equal(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
  });
});
