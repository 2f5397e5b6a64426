import { expect } from 'chai';
import { freshDatabase, testDialect, type TestDatabase } from '../../support/db';
import { inTransaction } from '../../../server/db/transaction';
import { findAssessment, incrementVersion, insertAssessment } from '../../../server/repositories/assessments';
import { upsertValue, valuesOf } from '../../../server/repositories/values';

describe(`repositories/assessments and values: rows become domain types (${testDialect})`, () => {
  let db: TestDatabase;
  let id: number;
  const at = '2026-01-05T10:00:00.000Z';
  before(async () => {
    db = await freshDatabase();
    const k = db.knex;
    const [c] = await k('clusters').insert({ name: 'C', country: 'NO', sector: 'S', founded_year: 2001, created_at: at }).returning(['id']);
    const user = (email: string, role: string) => ({
      email,
      name: email,
      password_hash: 'x',
      role,
      certification: role === 'benchmarker' ? 'gold' : null,
      country: 'NO',
      created_at: at,
    });
    const [lead] = await k('users').insert(user('lead@x', 'benchmarker')).returning(['id']);
    const [t2] = await k('users').insert(user('t2@x', 'trainee')).returning(['id']);
    const [t1] = await k('users').insert(user('t1@x', 'trainee')).returning(['id']);
    const [fw] = await k('frameworks')
      .insert({ key: 'k', version: '1', hash: 'h'.repeat(64), title: 'F', definition: '{}', created_at: at })
      .returning(['id']);
    id = await inTransaction(k, (trx) =>
      insertAssessment(trx, {
        clusterId: Number(c.id),
        frameworkId: Number(fw.id),
        frameworkHash: 'h'.repeat(64),
        requestedLabel: 'gold',
        leadId: Number(lead.id),
        coAssessorId: null,
        traineeIds: [Number(t2.id), Number(t1.id)],
        interviewDate: null,
        onSite: true,
        previousLabels: [{ label: 'bronze', issued: '2024-01-01' }],
        previousAssessmentId: null,
        createdBy: Number(lead.id),
        at,
      }),
    );
  });
  after(() => db.drop());

  it('reads booleans, numbers, JSON and trainees (in id order) alike on both databases', async () => {
    const a = (await findAssessment(db.knex, id))!;
    expect(a).to.include({
      id,
      state: 'preparation',
      version: 1,
      onSite: true,
      reconciliationSigned: false,
      coAssessorId: null,
      interviewDate: null,
    });
    expect(a.previousLabels).to.deep.equal([{ label: 'bronze', issued: '2024-01-01' }]);
    expect(a.traineeIds)
      .to.deep.equal([...a.traineeIds].sort((x, y) => x - y))
      .and.have.length(2);
    expect(await findAssessment(db.knex, id + 1000)).to.equal(null);
  });

  it('bumps the version only in the named states and at the version the writer saw', async () => {
    const bump = (ifMatch: number | null, states: ('preparation' | 'review')[]) =>
      inTransaction(db.knex, (trx) => incrementVersion(trx, id, { at, states, ifMatch, fields: { onSite: false, previousLabels: [] } }));
    expect(await bump(1, ['preparation'])).to.deep.equal({ version: 2, state: 'preparation' });
    expect(await bump(1, ['preparation'])).to.equal(null); // stale
    expect(await bump(null, ['review'])).to.equal(null); // wrong state
    const a = (await findAssessment(db.knex, id))!;
    expect(a).to.include({ version: 2, onSite: false });
    expect(a.previousLabels).to.deep.equal([]);
  });

  it('keeps a value as JSON and gives it back as it was, with the value it replaced', async () => {
    const value = { numerator: 3, denominator: 4 };
    const first = await inTransaction(db.knex, (trx) =>
      upsertValue(trx, { assessmentId: id, indicatorId: 'X-01', kind: 'assessor', authorId: 1, value }, new Date(at)),
    );
    expect(first.before).to.equal(null);
    const second = await inTransaction(db.knex, (trx) =>
      upsertValue(trx, { assessmentId: id, indicatorId: 'X-01', kind: 'assessor', authorId: 1, value: 7, note: 'n' }, new Date(at)),
    );
    expect(second.before).to.deep.include({ value, note: null });
    expect(await valuesOf(db.knex, id)).to.deep.equal([
      { indicatorId: 'X-01', kind: 'assessor', authorId: 1, value: 7, note: 'n', recordedAt: at },
    ]);
  });
});
