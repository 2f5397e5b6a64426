/** The web score page in bokmål shows the engine's explanations, check details and procedural steps in bokmål. */
import { expect } from 'chai';
import { testApp, type TestApp } from '../support/app';
import { testDialect } from '../support/db';
import { createGoldAssessment, expectStatus, makeCast, type Cast } from '../support/flow';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[^;]+;/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e] ?? e)
    .replace(/\s+/g, ' ');

describe(`the web score page in the reader's language (${testDialect})`, function () {
  this.timeout(60_000);
  let t: TestApp;
  let cast: Cast;
  let id: number;
  before(async () => {
    t = await testApp();
    cast = await makeCast(t);
    id = await createGoldAssessment(cast);
    const version = (await cast.agents.lead.get(`/api/assessments/${id}`)).body.version;
    const moved = await expectStatus(
      cast.agents.lead.post(`/api/assessments/${id}/transitions`).set('If-Match', String(version)).send({ to: 'interview' }),
      200,
    );
    // STR-02 without its document D-04: insufficient evidence; the other indicators missing
    await expectStatus(
      cast.agents.lead.put(`/api/assessments/${id}/values/STR-02`).set('If-Match', String(moved.body.version)).send({ value: 4 }),
      200,
    );
  });
  after(() => t.close());

  it('shows Norwegian explanations, check details and procedural steps with ?lang=nb', async () => {
    const res = await expectStatus(cast.agents.lead.get(`/assessments/${id}/score?lang=nb`), 200);
    const page = text(res.text);
    expect(page).to.include('L4, men påkrevd dokument D-04 er ikke godkjent, så indikatoren gir 0 poeng.');
    expect(page).to.include('STR-03 (mangler), minstekrav 15: ikke oppfylt');
    expect(page).to.include('Ingen verdi er registrert, så indikatoren gir 0 poeng.');
    expect(page).to.include('Profilindikator uten registrert verdi.');
    expect(page).to.include('intervjueren er sertifisert på gullnivå');
    expect(page).to.match(/mangler: STR-01, STR-03/);
    expect(page).to.include('Registrer STR-01 (mangler)');
    for (const english of [
      'but required document',
      'No value is recorded',
      'interviewer certified',
      'indicators recorded',
      'Record STR-01',
    ])
      expect(page, english).not.to.include(english);
  });

  it('keeps the engine’s English with ?lang=en', async () => {
    const page = text((await expectStatus(cast.agents.lead.get(`/assessments/${id}/score?lang=en`), 200)).text);
    expect(page).to.include('L4, but required document D-04 is not accepted, so the indicator scores 0.');
    expect(page).to.include('interviewer certified at gold level');
    expect(page).to.include('Record STR-01 (missing)');
    expect(page).not.to.include('gullterskelen');
  });
});
