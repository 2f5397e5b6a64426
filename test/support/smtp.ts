/**
 * A real SMTP server on loopback for the mail tests (smtp-server), with the accepted messages read
 * back by mailparser. `refuse(n)` turns the next n recipients away; `killDuringData(n)` cuts the next
 * n connections while the message is being transferred (before the server accepts it).
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo, Socket } from 'node:net';

export interface TestSmtp {
  port: number;
  url: string;
  messages: ParsedMail[];
  refuse(n: number): void;
  killDuringData(n: number): void;
  /** DATA commands begun (accepted or not) */
  dataStarted: number;
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  let refusals = 0;
  let kills = 0;
  const messages: ParsedMail[] = [];
  const state = { dataStarted: 0 };
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (refusals > 0) {
        refusals--;
        const err = Object.assign(new Error('mailbox temporarily unavailable'), { responseCode: 450 });
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      state.dataStarted++;
      if (kills > 0) {
        kills--;
        // the server dies while the message is coming in: no answer to DATA, the connection is cut
        stream.once('data', () => {
          for (const s of sockets) s.destroy();
        });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then(
          (m) => {
            messages.push(m);
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  const net = (server as unknown as { server: import('node:net').Server }).server;
  net.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (net.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    refuse: (n) => (refusals = n),
    killDuringData: (n) => (kills = n),
    get dataStarted() {
      return state.dataStarted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
