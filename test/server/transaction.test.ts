import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { inTransaction } from '../../server/db/transaction';
import { sqlOf } from '../../server/db/sql';

describe(`inTransaction (${testDialect})`, () => {
  let db: TestDatabase;
  before(async () => {
    db = await freshDatabase();
  });
  after(() => db.drop());

  const insert = (name: string) => (trx: import('knex').Knex.Transaction) =>
    trx('clusters').insert({ name, country: 'NO', sector: 'Test', founded_year: 2000, created_at: new Date().toISOString() });
  const names = async () => (await db.knex('clusters').orderBy('id').pluck('name')) as string[];

  it('commits concurrent callers independently: one failure rolls back only its own writes', async () => {
    const results = await Promise.allSettled([
      inTransaction(db.knex, async (trx) => (await insert('a')(trx), 'a')),
      inTransaction(db.knex, async (trx) => {
        await insert('doomed')(trx);
        throw new Error('no');
      }),
      inTransaction(db.knex, async (trx) => (await insert('b')(trx), 'b')),
      inTransaction(db.knex, async (trx) => (await insert('c')(trx), 'c')),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).to.equal('no');
    expect((await names()).sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('answers a caller only after its writes are committed and visible to others', async () => {
    const seenBy: Record<string, string[]> = {};
    await Promise.all(
      ['d', 'e', 'f'].map((n) => inTransaction(db.knex, async (trx) => insert(n)(trx)).then(async () => (seenBy[n] = await names()))),
    );
    // read on another connection (PostgreSQL) or after the shared commit (SQLite): each sees its own row
    for (const n of ['d', 'e', 'f']) expect(seenBy[n], n).to.include(n);
  });

  it('runs a nested call inside the caller’s transaction (a savepoint), rolled back with it', async () => {
    const before = (await names()).length;
    let error: unknown = null;
    try {
      await inTransaction(db.knex, async (trx) => {
        await inTransaction(trx, async (inner) => insert('nested')(inner));
        throw new Error('outer fails');
      });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.equal('outer fails');
    expect(await names()).to.have.length(before);
  });

  const rawInsert = (name: string) => (trx: import('knex').Knex.Transaction) =>
    sqlOf(trx).run('insert into clusters (name, country, sector, founded_year, created_at) values (?, ?, ?, ?, ?)', [
      name,
      'NO',
      'Test',
      2000,
      new Date().toISOString(),
    ]);

  it('runs plain SQL (sql.ts) inside the caller’s transaction: seen by it, rolled back with it', async () => {
    const results = await Promise.allSettled([
      inTransaction(db.knex, async (trx) => {
        expect(await rawInsert('raw-kept')(trx)).to.equal(1);
        return sqlOf(trx).get<{ n: number | string }>('select count(*) as n from clusters where name = ?', ['raw-kept']);
      }),
      inTransaction(db.knex, async (trx) => {
        await rawInsert('raw-doomed')(trx);
        await insert('builder-doomed')(trx);
        throw new Error('no');
      }),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected']);
    expect(Number((results[0] as PromiseFulfilledResult<{ n: number | string } | undefined>).value!.n)).to.equal(1);
    const all = await names();
    expect(all).to.include('raw-kept');
    expect(all).not.to.include('raw-doomed');
    expect(all).not.to.include('builder-doomed');
  });

  it('reads outside transactions see only committed data and do not wait for a transaction in progress', async () => {
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writer = inTransaction(db.knex, async (trx) => {
      await insert('in-progress')(trx);
      inserted();
      await held; // the transaction stays open until the read below has answered
    });
    await didInsert;
    const read = await sqlOf(db.knex).all<{ name: string }>('select name from clusters where name = ?', ['in-progress']);
    expect(read).to.deep.equal([]);
    finish();
    await writer;
    expect(await sqlOf(db.knex).all('select name from clusters where name = ?', ['in-progress'])).to.have.length(1);
  });

  if (testDialect === 'sqlite') {
    it('SQLite: callers of one turn of the event loop share one commit', async () => {
      const commits: string[] = [];
      const onQuery = (q: { sql: string }) => {
        if (/^commit/i.test(q.sql)) commits.push(q.sql);
      };
      db.knex.on('query', onQuery);
      try {
        await Promise.all(['g1', 'g2', 'g3', 'g4', 'g5'].map((n) => inTransaction(db.knex, rawInsert(n))));
      } finally {
        db.knex.off('query', onQuery);
      }
      expect(commits).to.have.length(1);
      expect(await names()).to.include.members(['g1', 'g2', 'g3', 'g4', 'g5']);
    });
  }
});
