/**
 * The eligibility checklist before the interview (issue "Across cycles", item 5): kept as data in
 * esca-default 1.1.0; the lead checks each criterion (yes/no with a note) in preparation, audited; the
 * move to the interview is refused while a criterion is unanswered or not met, naming those criteria in
 * the reader's language. Assessments on 1.0.0 have no checklist and are not held.
 */
import { expect } from 'chai';
import type request from 'supertest';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, suiteWithCast } from '../support/flow';

const ALL = ['EC1', 'EC2', 'EC3', 'EC4', 'EC5', 'EC6'];

describe(`the eligibility checklist before the interview (${testDialect})`, function () {
  this.timeout(120_000);
  const suite = suiteWithCast();
  let v110: number;
  before(async () => {
    const row = await suite.t.db.knex('frameworks').where({ key: 'esca-default', version: '1.1.0' }).first('id');
    v110 = Number(row.id);
  });
  const url = (id: number) => `/api/assessments/${id}/eligibility`;
  const toInterview = (agent: request.Agent, id: number, lang = 'en') =>
    agent.post(`/api/assessments/${id}/transitions?lang=${lang}`).send({ to: 'interview' });
  const answer = (met: boolean | null, ids = ALL, note?: string) => ({
    answers: ids.map((criterionId) => ({ criterionId, met, ...(note ? { note } : {}) })),
  });

  it('is stored with 1.1.0 at start beside 1.0.0, which stays first (the form’s default)', async () => {
    const rows = await suite.t.db.knex('frameworks').where({ key: 'esca-default' }).orderBy('id').select('version');
    expect(rows.map((r) => r.version)).to.deep.equal(['1.0.0', '1.1.0']);
    expect(suite.cast.frameworkId).to.not.equal(v110);
  });

  it('leaves an assessment on 1.0.0 as it was: no checklist, nothing to check, the interview starts', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast);
    const read = await expectStatus(agents.lead.get(url(id)), 200);
    expect(read.body).to.include({ applies: false, mayCheck: false });
    expect(read.body.framework).to.deep.equal({ id: 'esca-default', version: '1.0.0' });
    expect(read.body.criteria).to.deep.equal([]);
    const put = await expectStatus(agents.lead.put(url(id)).send(answer(true, ['EC1'])), 409);
    expect(put.body.error.code).to.equal('no_eligibility_checklist');
    expect(put.body.error.message).to.equal("This assessment's framework version has no eligibility checklist.");
    const page = (await expectStatus(agents.lead.get(`/assessments/${id}`), 200)).text;
    expect(page).to.not.contain(`/assessments/${id}/eligibility`);
    await expectStatus(toInterview(agents.lead, id), 200);
  });

  it('lets the lead check in preparation; the team, the admin and the manager read; others are refused', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { frameworkId: v110 });
    for (const who of ['lead', 'co', 'admin', 'manager'] as const) {
      const res = await expectStatus(agents[who].get(url(id)), 200);
      expect(res.body.applies, who).to.equal(true);
      expect(res.body.criteria.map((c: { id: string }) => c.id)).to.deep.equal(ALL);
      expect(res.body.failed).to.deep.equal(ALL);
      expect(res.body.mayCheck, who).to.equal(who === 'lead');
    }
    await expectStatus(agents.trainee.get(url(id)), 403);
    await expectStatus(agents.other.get(url(id)), 404);
    await expectStatus(agents.otherManager.get(url(id)), 404);
    await expectStatus(agents.anonymous.get(url(id)), 401);
    for (const who of ['co', 'admin', 'manager', 'trainee'] as const) {
      const res = await expectStatus(agents[who].put(url(id)).send(answer(true)), 403);
      expect(res.body.error.code, who).to.equal('forbidden');
    }
    await expectStatus(agents.other.put(url(id)).send(answer(true)), 404);
    await expectStatus(agents.anonymous.put(url(id)).send(answer(true)), 401);
    const nothing = await suite.t.db.knex('eligibility_checks').where({ assessment_id: id });
    expect(nothing).to.have.length(0);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const { agents } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { frameworkId: v110 });
    for (const [body, path] of [
      [{}, ''],
      [{ answers: [] }, '/answers'],
      [{ answers: [{ criterionId: 'EC1', met: 'maybe' }] }, '/answers/0/met'],
      [{ answers: [{ criterionId: 'EC1', met: true, note: 'x'.repeat(2001) }] }, '/answers/0/note'],
      [{ answers: [{ criterionId: 'EC9', met: true }] }, '/answers/0/criterionId'],
      [{ answers: [{ criterionId: 'E1', met: true }] }, '/answers/0/criterionId'],
      [
        {
          answers: [
            { criterionId: 'EC1', met: true },
            { criterionId: 'EC1', met: false },
          ],
        },
        '/answers/1/criterionId',
      ],
      [{ answers: [{ criterionId: 'EC1', met: true, extra: 1 }] }, '/answers/0'],
    ] as const) {
      const res = await expectStatus(agents.lead.put(url(id)).send(body), 400);
      expect(res.body.error.code).to.equal('invalid_input');
      expect(JSON.stringify(res.body.error.details), JSON.stringify(body)).to.contain(`"path":"${path}`);
    }
    const bad = await expectStatus(agents.lead.put(`${url(id)}?lang=nb`).send({ answers: [{ criterionId: 'EC9', met: true }] }), 400);
    expect(bad.body.error.message).to.equal('EC9 er ikke et krav i denne sjekklisten for kvalifisering.');
    expect(await suite.t.db.knex('eligibility_checks').where({ assessment_id: id })).to.have.length(0);
  });

  it('blocks the interview naming every criterion unanswered or not met (en and nb), audits each check, then lets it start', async () => {
    const { agents, ids } = suite.cast;
    const id = await createGoldAssessment(suite.cast, { frameworkId: v110 });

    // nothing checked: all six named, unanswered
    const none = await expectStatus(toInterview(agents.lead, id), 409);
    expect(none.body.error.code).to.equal('eligibility_not_met');
    expect(none.body.error.message).to.match(/^The interview cannot start before every eligibility criterion is checked and met: /);
    expect(none.body.error.message).to.contain('EC1 Management of at least 0.5 FTE (not checked yet)');
    expect(none.body.error.message).to.contain('EC6 Listed on the European Cluster Collaboration Platform (not checked yet)');
    expect(none.body.error.details.criteria).to.deep.equal(ALL.map((c) => ({ id: c, status: 'unanswered' })));

    // five met, one not met (with a note), one of them taken back again below
    const saved = await expectStatus(
      agents.lead.put(url(id)).send({
        answers: [
          ...['EC1', 'EC2', 'EC3', 'EC4', 'EC5'].map((criterionId) => ({ criterionId, met: true, note: ' ' })),
          { criterionId: 'EC6', met: false, note: 'No ECCP profile found on 2026-03-01.' },
        ],
      }),
      200,
    );
    expect(saved.body.failed).to.deep.equal(['EC6']);
    const ec6 = saved.body.criteria.find((c: { id: string }) => c.id === 'EC6');
    expect(ec6).to.deep.include({ status: 'not_met' });
    expect(ec6.answer).to.include({ met: false, note: 'No ECCP profile found on 2026-03-01.', checkedBy: ids.lead });
    expect(saved.body.criteria[0].answer.note).to.equal(null); // a blank note is no note

    const en = await expectStatus(toInterview(agents.lead, id), 409);
    expect(en.body.error.message).to.equal(
      'The interview cannot start before every eligibility criterion is checked and met: EC6 Listed on the European Cluster Collaboration Platform (not met).',
    );
    const nb = await expectStatus(toInterview(agents.lead, id, 'nb'), 409);
    expect(nb.body.error.message).to.equal(
      'Intervjuet kan ikke starte før alle kvalifiseringskrav er kontrollert og oppfylt: EC6 Oppført på European Cluster Collaboration Platform (ikke oppfylt).',
    );
    // the admin is held the same way
    await expectStatus(toInterview(agents.admin, id), 409);

    // taking an answer back makes it unanswered again
    await expectStatus(agents.lead.put(url(id)).send(answer(null, ['EC2'])), 200);
    const back = await expectStatus(toInterview(agents.lead, id, 'nb'), 409);
    expect(back.body.error.message).to.contain('EC2 Minst 15 forpliktede medlemmer (ikke kontrollert ennå); EC6 Oppført på');

    await expectStatus(agents.lead.put(url(id)).send(answer(true, ['EC2', 'EC6'], 'Profile seen on the ECCP.')), 200);
    // the same answers again change nothing and are not audited again
    await expectStatus(agents.lead.put(url(id)).send(answer(true, ['EC2', 'EC6'], 'Profile seen on the ECCP.')), 200);

    const audit = await suite.t.db
      .knex('audit_log')
      .where({ action: 'eligibility.check', entity_id: String(id) })
      .orderBy('id');
    expect(audit).to.have.length(3);
    const [first, second, third] = audit.map((e) => ({
      before: JSON.parse(e.before),
      after: JSON.parse(e.after),
      actor: Number(e.actor_id),
    }));
    expect(first.actor).to.equal(ids.lead);
    expect(first.before.EC6).to.equal(null);
    expect(first.after.EC6).to.deep.equal({ met: false, note: 'No ECCP profile found on 2026-03-01.' });
    expect(second).to.deep.include({ after: { EC2: null } });
    expect(second.before.EC2).to.deep.equal({ met: true, note: null });
    expect(third.before).to.deep.equal({ EC2: null, EC6: { met: false, note: 'No ECCP profile found on 2026-03-01.' } });
    expect(third.after.EC6).to.deep.equal({ met: true, note: 'Profile seen on the ECCP.' });

    await expectStatus(toInterview(agents.lead, id), 200);
    // in the interview the checklist is read, not written
    const late = await expectStatus(agents.lead.put(url(id)).send(answer(false, ['EC1'])), 403);
    expect(late.body.error.code).to.equal('forbidden');
    expect((await expectStatus(agents.manager.get(url(id)), 200)).body.failed).to.deep.equal([]);
  });
});
