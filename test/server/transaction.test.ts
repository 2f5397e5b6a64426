import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../support/db';
import { inTransaction } from '../../server/db/transaction';

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
});
