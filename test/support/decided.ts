/**
 * FRAMEWORK.md example 1 through the API up to the Gold decision (as test/api/workflow.test.ts does
 * step by step): documents, survey, both assessors' values, document review, both confirmations.
 * The app needs a survey rate limit above the example's 34 answers (SURVEY_RATE_LIMIT).
 */
import { createGoldAssessment, EXAMPLE_1, expectStatus, JUSTIFIED, pdf, type Cast } from './flow';

export async function decideExample1(cast: Cast, extra: Record<string, unknown> = {}): Promise<{ id: number; code: string }> {
  const { agents } = cast;
  const id = await createGoldAssessment(cast, extra);
  for (const item of Object.keys(EXAMPLE_1.documents)) {
    await expectStatus(
      agents.manager
        .post(`/api/assessments/${id}/documents`)
        .field('item', item)
        .attach('file', pdf(`${id}-${item}`), `${item}.pdf`),
      201,
    );
  }
  const survey = await expectStatus(agents.manager.post(`/api/assessments/${id}/survey`).send({ invited: EXAMPLE_1.survey.invited }), 201);
  for (const answers of EXAMPLE_1.survey.responses) {
    // a response that could never count (too few statements, FRAMEWORK.md §3.3) may be refused; the valid ones decide
    const res = await agents.anonymous.post(`/api/survey/${survey.body.token}`).send({ answers });
    if (res.status !== 201 && !(res.status === 400 && !isValidResponse(answers)))
      throw new Error(`survey answer: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'interview' }), 200);
  for (const [indicator, value] of Object.entries(EXAMPLE_1.values)) {
    await expectStatus(agents.lead.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 200);
    await expectStatus(agents.co.put(`/api/assessments/${id}/values/${indicator}`).send({ value }), 200);
  }
  await expectStatus(agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'review' }), 200);
  for (const d of (await expectStatus(agents.lead.get(`/api/assessments/${id}/documents`), 200)).body) {
    await expectStatus(agents.co.post(`/api/assessments/${id}/documents/${d.id}/review`).send({ status: 'accepted' }), 200);
  }
  await expectStatus(agents.lead.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 202);
  const decided = await expectStatus(agents.co.post(`/api/assessments/${id}/decision`).send(JUSTIFIED), 200);
  if (decided.body.label !== 'gold') throw new Error(`example 1 should decide Gold, got ${JSON.stringify(decided.body)}`);
  return { id, code: decided.body.certificateCode };
}

/** A response that counts (FRAMEWORK.md §3.3): at least 4 of the statements Q7–Q13 answered 1–5. */
export function isValidResponse(answers: Record<string, unknown>): boolean {
  return (
    ['Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q12', 'Q13'].filter(
      (q) => Number.isInteger(answers[q]) && (answers[q] as number) >= 1 && (answers[q] as number) <= 5,
    ).length >= 4
  );
}

/** Moves a decided assessment to released (as its lead). */
export async function release(cast: Cast, id: number): Promise<void> {
  await expectStatus(cast.agents.lead.post(`/api/assessments/${id}/transitions`).send({ to: 'released' }), 200);
}

/** The visible text of an HTML page, tags removed and entities decoded. */
export const pageText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[^;]+;/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[e] ?? e)
    .replace(/\s+/g, ' ');
