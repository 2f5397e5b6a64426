/**
 * The API's errors in bokmål: the same request with ?lang=nb (or Accept-Language: nb) answers the same
 * status, code and details, its message in Norwegian from the catalogue (not the English one, no
 * English catalogue phrase in it). And every `errors.*` key the server names exists in both catalogues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type request from 'supertest';
import { hasMessage } from '../../messages';
import { assessmentPolicy } from '../../server/auth/policy';
import { testDialect } from '../support/db';
import { englishIn } from '../support/english';
import { createGoldAssessment, expectStatus, goldInReview, pdf, suiteWithCast, VALID_ANSWERS, JUSTIFIED } from '../support/flow';
import { tokenIn } from '../support/pages';

type Lang = 'en' | 'nb';

describe(`API errors in bokmål: the message from the catalogue, code and details as in English (${testDialect})`, function () {
  this.timeout(180_000);
  const suite = suiteWithCast({ SURVEY_RATE_LIMIT: '1000000', MAX_UPLOAD_MB: '1' });
  let open: number;
  let decided: { id: number; token: string };
  let openToken: string;
  before(async () => {
    const { agents } = suite.cast;
    open = await createGoldAssessment(suite.cast);
    openToken = (await expectStatus(agents.manager.post(`/api/assessments/${open}/survey`).send({ invited: 5 }), 201)).body.token;
    await expectStatus(agents.anonymous.post(`/api/survey/${openToken}`).send({ answers: VALID_ANSWERS }), 201);
    await expectStatus(agents.anonymous.post(`/api/survey/${openToken}`).send({ answers: VALID_ANSWERS }), 201);
    decided = await goldInReview(suite.cast);
    await expectStatus(agents.lead.post(`/api/assessments/${decided.id}/decision`).send(JUSTIFIED), 202);
    await expectStatus(agents.co.post(`/api/assessments/${decided.id}/decision`).send(JUSTIFIED), 200);
  });

  /** A request in one language: by ?lang= (signed in, the account's locale would win over the header) or the header. */
  type Call = (lang: Lang) => request.Test;
  const q = (lang: Lang) => `lang=${lang}`;
  const cases = (): [string, number, string, Call][] => {
    const { agents } = suite.cast;
    return [
      ['a body the schema refuses', 400, 'invalid_input', (l) => agents.lead.post(`/api/assessments?${q(l)}`).send({ clusterId: 'x' })],
      [
        'a survey answer that does not fit',
        400,
        'invalid_input',
        (l) => agents.anonymous.post(`/api/survey/${openToken}?${q(l)}`).send({ answers: { Q1: 'nobody', Q99: 1 } }),
      ],
      [
        'a team rule',
        400,
        'invalid_input',
        (l) =>
          agents.lead.post(`/api/assessments?${q(l)}`).send({
            clusterId: suite.cast.clusterId,
            frameworkId: suite.cast.frameworkId,
            requestedLabel: 'gold',
            leadId: suite.cast.ids.co,
          }),
      ],
      ['no sign-in (Accept-Language)', 401, 'unauthorized', (l) => agents.anonymous.get('/api/assessments').set('Accept-Language', l)],
      [
        'a wrong password',
        401,
        'bad_credentials',
        (l) => agents.anonymous.post(`/api/login?${q(l)}`).send({ email: 'lead@test.example', password: 'wrong wrong wrong' }),
      ],
      ['a role the route needs', 403, 'forbidden', (l) => agents.lead.post(`/api/users?${q(l)}`).send({})],
      [
        'an action the policy refuses in a state',
        403,
        'forbidden',
        (l) => agents.manager.post(`/api/assessments/${open}/transitions?${q(l)}`).send({ to: 'interview' }),
      ],
      ["another cluster's assessment", 404, 'not_found', (l) => agents.otherManager.get(`/api/assessments/${open}?${q(l)}`)],
      [
        'an unknown indicator',
        404,
        'not_found',
        (l) => agents.lead.put(`/api/assessments/${open}/values/XYZ-99?${q(l)}`).send({ value: 1 }),
      ],
      [
        'an old version',
        409,
        'stale_version',
        (l) =>
          agents.lead
            .patch(`/api/assessments/${open}?${q(l)}`)
            .set('If-Match', '999')
            .send({ onSite: false }),
      ],
      [
        'a decided assessment',
        409,
        'read_only',
        (l) => agents.lead.patch(`/api/assessments/${decided.id}?${q(l)}`).send({ onSite: false }),
      ],
      [
        'a transition the lifecycle has not',
        409,
        'invalid_transition',
        (l) => agents.lead.post(`/api/assessments/${open}/transitions?${q(l)}`).send({ to: 'review' }),
      ],
      [
        'a closed survey',
        409,
        'survey_closed',
        (l) => agents.anonymous.post(`/api/survey/${decided.token}?${q(l)}`).send({ answers: VALID_ANSWERS }),
      ],
      [
        'fewer invited than answered',
        409,
        'invited_below_responses',
        (l) => agents.manager.post(`/api/assessments/${open}/survey?${q(l)}`).send({ invited: 1 }),
      ],
      [
        'an upload that is not multipart',
        415,
        'unsupported_type',
        (l) => agents.manager.post(`/api/assessments/${open}/documents?${q(l)}`).send({ item: 'D-01' }),
      ],
      [
        'a file type not accepted',
        415,
        'unsupported_type',
        (l) =>
          agents.manager
            .post(`/api/assessments/${open}/documents?${q(l)}`)
            .field('item', 'D-01')
            .attach('file', Buffer.from('MZ\x90\x00binary'), 'x.exe'),
      ],
      [
        'a file larger than the limit',
        413,
        'too_large',
        (l) =>
          agents.manager
            .post(`/api/assessments/${open}/documents?${q(l)}`)
            .field('item', 'D-01')
            .attach('file', Buffer.concat([pdf('big'), Buffer.alloc(2 * 1024 * 1024)]), 'big.pdf'),
      ],
    ];
  };

  it('covers at least ten different codes', () => {
    expect(new Set(cases().map((c) => `${c[1]} ${c[2]}`)).size).to.be.at.least(10);
  });

  it('answers each error in bokmål with the English code and details', async () => {
    const failures: string[] = [];
    for (const [what, status, code, call] of cases()) {
      const en = await call('en');
      const nb = await call('nb');
      const label = `${what} (${status} ${code})`;
      if (en.status !== status || en.body.error?.code !== code) {
        failures.push(`${label}: English answer ${en.status} ${JSON.stringify(en.body)}`);
        continue;
      }
      expect(nb.status, label).to.equal(status);
      expect(nb.body.error.code, label).to.equal(code);
      expect(nb.body.error.details, label).to.deep.equal(en.body.error.details);
      expect(nb.body.error.message, label).to.be.a('string').and.not.equal(en.body.error.message);
      expect(englishIn(nb.body.error.message), `${label}: ${nb.body.error.message}`).to.deep.equal([]);
    }
    expect(failures).to.deep.equal([]);
  });

  const flashOf = (html: string) => /class="flash flash-error"[^>]*>([^<]*)</.exec(html)?.[1];

  it("words the checklist's review flash in the page's language", async () => {
    const { lead } = suite.cast.agents;
    const [doc] = (await expectStatus(lead.get(`/api/assessments/${decided.id}/documents`), 200)).body;
    const flashes: Record<Lang, string | undefined> = { en: undefined, nb: undefined };
    for (const lang of ['en', 'nb'] as const) {
      const token = tokenIn((await expectStatus(lead.get(`/dashboard?lang=${lang}`), 200)).text);
      const res = await lead
        .post(`/assessments/${decided.id}/documents/${doc.id}/review?lang=${lang}`)
        .type('form')
        .send({ _csrf: token, status: 'rejected', comment: 'late' });
      expect(res.status, res.text).to.equal(303);
      flashes[lang] = flashOf(
        (
          await expectStatus(
            lead.get(`${res.headers.location.split('#')[0]}${res.headers.location.includes('?') ? '&' : '?'}lang=${lang}`),
            200,
          )
        ).text,
      );
    }
    expect(flashes.en).to.be.a('string').and.not.equal(flashes.nb);
    expect(englishIn(flashes.nb ?? 'missing flash')).to.deep.equal([]);
    expect(flashes.nb).to.match(/vurdering|Du har ikke lov/);
  });

  it("words the score page's what-if problem in the page's language", async () => {
    const { lead } = suite.cast.agents;
    const resultOf = (html: string) => /<p id="what-if-result"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
    const en = resultOf((await expectStatus(lead.get(`/assessments/${open}/score?SRV-04=9&lang=en`), 200)).text);
    const nb = resultOf((await expectStatus(lead.get(`/assessments/${open}/score?SRV-04=9&lang=nb`), 200)).text);
    expect(en).to.equal('Some what-if values do not fit their indicators.');
    expect(nb).to.equal('Noen av hva-om-verdiene passer ikke til indikatorene sine.');
  });
});

describe('every errors.* key the server names exists in both catalogues', () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? files(p) : /\.(ts|njk|js)$/.test(e.name) ? [p] : [];
    });
  const root = path.join(__dirname, '../../server');

  it('finds the literal keys', () => {
    const keys = new Set<string>();
    for (const f of files(root))
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/['"`](errors\.[A-Za-z_.]+[A-Za-z_])['"`]/g)) keys.add(m[1]);
    expect(keys.size).to.be.above(80);
    const missing = [...keys].flatMap((k) => (['en', 'nb'] as const).filter((l) => !hasMessage(k, l)).map((l) => `${k} (${l})`));
    expect(missing).to.deep.equal([]);
  });

  it('has the families of keys built from a name (states, roles, policy actions, answer problems)', () => {
    const families = [
      ...['preparation', 'interview', 'review', 'decided', 'released', 'cancelled'].map((s) => `errors.stateWords.${s}`),
      ...['admin', 'benchmarker', 'trainee', 'cluster_manager'].map((r) => `errors.roleIds.${r}`),
      ...Object.keys(assessmentPolicy).map((a) => `errors.actions.${a}`),
      ...['empty', 'unknown_question', 'required', 'too_few_statements', 'likert', 'yes_no', 'nps', 'choice', 'text'].map(
        (c) => `errors.answerProblems.${c}`,
      ),
    ];
    const missing = families.flatMap((k) => (['en', 'nb'] as const).filter((l) => !hasMessage(k, l)).map((l) => `${k} (${l})`));
    expect(missing).to.deep.equal([]);
  });
});
