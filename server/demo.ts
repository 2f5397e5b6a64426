/**
 * Seeds the demo data into an empty database: fictional clusters, one account per role, assessments
 * in several states (a decided and released Gold, a Bronze in the interview with an open survey, one
 * in preparation), Fjordtech's cycles (an earlier Bronze the Gold supersedes, and the Gold's renewal in
 * preparation) and the synthetic peer database. Returns false (and changes nothing) when clusters
 * exist already.
 */
import type { Logger } from 'pino';
import type { Database } from './db/knex';
import { inTransaction } from './db/transaction';
import { demoClusters, demoUsers, DEMO_PASSWORD, demoDocument } from '../fixtures/demo';
import example1 from '../fixtures/evidence/example-1-gold.json';
import example3 from '../fixtures/evidence/example-3-no-label.json';
import { createUser } from './services/users';
import type { Actor } from './auth/actor';
import { createAssessment, getAssessment, transition } from './services/assessments';
import { upsertShadow, upsertValue } from './services/values';
import { putBlob } from './storage/blobs';
import { importResponses, newToken, openSurveyLink, sealToken } from './services/survey';
import { setLinkSealed } from './repositories/surveys';
import { decide } from './services/decision';
import { addSyntheticPeers } from './features/benchmark';
import { generatePeers } from '../fixtures/peers/generator';
import type { Db, Tx } from './db/types';
import { actorByEmail, emailExists } from './repositories/users';
import { countClusters, insertCluster } from './repositories/clusters';
import { frameworkIdByKey } from './repositories/frameworks';
import { insertDocument, setReview } from './repositories/documents';
import { stageAssessmentState, stageCycle } from './repositories/demo';

/** The demo Gold's one discrepancy between the two assessors, reconciled with a reason. */
const DEMO_DISCREPANCY = 'INT-04';

type Ex = {
  values: Record<string, unknown>;
  survey: { invited: number; responses: Record<string, unknown>[] };
  documents: Record<string, string>;
};

async function actor(trx: Tx, email: string): Promise<Actor> {
  return (await actorByEmail(trx, email))!;
}

async function addDocuments(trx: Tx, assessmentId: number, uploader: Actor, reviewer: Actor | null, docs: Record<string, string>) {
  const now = new Date().toISOString();
  for (const [item, status] of Object.entries(docs)) {
    const data = demoDocument(item);
    const hash = await putBlob(trx, data);
    const doc = await insertDocument(trx, {
      assessmentId,
      item,
      sha256: hash,
      filename: `${item}.pdf`,
      mime: 'application/pdf',
      size: data.length,
      uploadedBy: uploader.id,
      uploadedAt: now,
    });
    if (reviewer)
      await setReview(trx, doc.id, { status: status as 'accepted' | 'rejected', comment: null, reviewedBy: reviewer.id, reviewedAt: now });
  }
}

async function addSurveyWith(
  secret: string | undefined,
  trx: Tx,
  assessmentId: number,
  by: Actor,
  invited: number,
  responses: Record<string, unknown>[],
  token = newToken(),
) {
  const link = await openSurveyLink(trx, assessmentId, by.id, invited, new Date(), token);
  // kept sealed like the pages' links, so the survey page shows it again
  if (secret) await setLinkSealed(trx, link.linkId, sealToken(secret, token));
  await importResponses(trx, link, responses);
  return token;
}

export interface SeedOptions {
  /** cluster organisations to generate (records ≈ 1.35 × count) */
  count: number;
  seed: number;
  /** "YYYY-MM-DD", the end of the generated assessment period; defaults to today (UTC) */
  asOf?: string;
}

/**
 * Generates the synthetic peer database (fixtures/peers/generator.ts) and hands it to the benchmark
 * pool. Does nothing (returns 0) when records of this seed exist already.
 */
export async function seedPeers(knex: Db, options: SeedOptions): Promise<number> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const records = generatePeers({ count: options.count, seed: options.seed, asOf });
  return addSyntheticPeers(knex, records, { seed: options.seed, clusters: options.count, asOf });
}

export async function seedDemo(db: Database, logger: Logger, secret?: string): Promise<boolean> {
  if ((await countClusters(db.knex)) > 0) return false;
  // the session secret seals the demo's survey links like the pages' ones
  const addSurvey = (...args: Parameters<typeof addSurveyWith> extends [unknown, ...infer R] ? R : never) => addSurveyWith(secret, ...args);
  const frameworkId = (await frameworkIdByKey(db.knex, 'esca-default'))!;
  let surveyToken = '';
  await inTransaction(db.knex, async (trx) => {
    const now = new Date().toISOString();
    const clusterIds: Record<string, number> = {};
    for (const c of demoClusters) {
      clusterIds[c.key] = await insertCluster(
        trx,
        {
          name: c.name,
          country: c.country,
          sector: c.sector,
          foundedYear: c.foundedYear,
          region: c.region,
          website: c.website,
          members: c.members,
          benchmarkConsent: true,
        },
        now,
      );
    }
    for (const u of demoUsers) {
      if (await emailExists(trx, u.email)) continue;
      await createUser(
        trx,
        {
          email: u.email,
          name: u.name,
          password: DEMO_PASSWORD,
          role: u.role,
          certification: 'certification' in u ? u.certification : null,
          country: 'country' in u ? u.country : null,
          clusterId: 'cluster' in u && u.cluster ? clusterIds[u.cluster] : null,
        },
        null,
      );
    }
    const lead = await actor(trx, 'lead@clustermark.test');
    const co = await actor(trx, 'co@clustermark.test');
    const bronze = await actor(trx, 'bronze@clustermark.test');
    const trainee = await actor(trx, 'trainee@clustermark.test');
    const manager = await actor(trx, 'manager@clustermark.test');
    const manager2 = await actor(trx, 'manager2@clustermark.test');

    // 1. Fjordtech: a Gold assessment (the values of FRAMEWORK.md example 1), decided and released.
    const ex1 = example1 as unknown as Ex;
    const gold = await createAssessment(
      trx,
      {
        clusterId: clusterIds.fjord,
        frameworkId: frameworkId,
        requestedLabel: 'gold',
        leadId: lead.id,
        coAssessorId: co.id,
        traineeIds: [trainee.id],
        interviewDate: '2026-03-14',
        onSite: true,
      },
      lead,
    );
    await addDocuments(trx, gold.id, manager, lead, ex1.documents);
    await addSurvey(trx, gold.id, manager, ex1.survey.invited, ex1.survey.responses);
    for (const [id, value] of Object.entries(ex1.values)) {
      await upsertValue(trx, { assessmentId: gold.id, indicatorId: id, kind: 'assessor', authorId: lead.id, value, note: null });
      // one discrepancy, reconciled: the co-assessor heard one level less, and both agreed on the lead's
      const differs = id === DEMO_DISCREPANCY && typeof value === 'number' && value > 1;
      await upsertValue(trx, {
        assessmentId: gold.id,
        indicatorId: id,
        kind: 'assessor',
        authorId: co.id,
        value: differs ? (value as number) - 1 : value,
        note: null,
      });
      if (differs)
        await upsertValue(trx, {
          assessmentId: gold.id,
          indicatorId: id,
          kind: 'agreed',
          authorId: lead.id,
          value,
          note: 'Both assessors read the partnership agreements again: they show the higher level.',
        });
      // the trainee shadows, one level off here and there
      const shadow = typeof value === 'number' && Number.isInteger(value) && value > 1 && id.endsWith('2') ? value - 1 : value;
      await upsertShadow(trx, { assessmentId: gold.id, indicatorId: id, traineeId: trainee.id, value: shadow, note: null });
    }
    await stageAssessmentState(trx, gold.id, 'review');
    const reviewed = await getAssessment(trx, gold.id);
    await decide(trx, reviewed, lead, new Set(['lead']), '2026-03-16', 'Every document accepted and the survey above its minimum.');
    await decide(
      trx,
      await getAssessment(trx, gold.id),
      co,
      new Set(['co']),
      '2026-03-16',
      'I confirm the reconciled values and the label rules.',
    );
    // released through the lifecycle, which makes the label public and freezes the report's print
    await transition(trx, await getAssessment(trx, gold.id), 'released', lead, null);

    // 2. Nordlys: a Bronze benchmarking in the interview, survey open, half the values recorded.
    const ex3 = example3 as unknown as Ex;
    const b = await createAssessment(
      trx,
      {
        clusterId: clusterIds.nordlys,
        frameworkId: frameworkId,
        requestedLabel: 'bronze',
        leadId: bronze.id,
        traineeIds: [trainee.id],
        interviewDate: '2026-12-03',
        onSite: false,
      },
      bronze,
    );
    await addDocuments(trx, b.id, manager2, null, Object.fromEntries(Object.entries(ex3.documents).slice(0, 9)));
    surveyToken = await addSurvey(trx, b.id, manager2, 40, ex3.survey.responses.slice(0, 4));
    for (const [id, value] of Object.entries(ex3.values).slice(0, 16)) {
      await upsertValue(trx, {
        assessmentId: b.id,
        indicatorId: id,
        kind: 'assessor',
        authorId: bronze.id,
        value,
        note: 'Recorded in the first interview session.',
      });
    }
    await stageAssessmentState(trx, b.id, 'interview');

    // 3. Rheinauen: a Silver assessment in preparation (the lead is Gold-certified).
    await createAssessment(
      trx,
      {
        clusterId: clusterIds.rhein,
        frameworkId: frameworkId,
        requestedLabel: 'silver',
        leadId: lead.id,
        coAssessorId: co.id,
        interviewDate: '2027-01-20',
        onSite: true,
        previousLabels: [{ label: 'bronze', issued: '2025-05-12' }],
      },
      lead,
    );

    // 4. Fjordtech's earlier cycle: a Bronze benchmarking two years before the Gold, decided and released.
    // Seeded after the others so that the demo's numbers stay (1 is the Gold); the Gold, issued later,
    // supersedes it (services/labels.ts) and is linked to it as the cycle it followed.
    const earlier = await createAssessment(
      trx,
      {
        clusterId: clusterIds.fjord,
        frameworkId: frameworkId,
        requestedLabel: 'bronze',
        leadId: lead.id,
        interviewDate: '2024-03-12',
        onSite: true,
      },
      lead,
    );
    await addDocuments(trx, earlier.id, manager, lead, ex1.documents);
    await addSurvey(trx, earlier.id, manager, ex1.survey.invited, ex1.survey.responses);
    for (const [id, value] of Object.entries(ex1.values)) {
      // two years earlier the cluster stood a little lower here and there
      const before = typeof value === 'number' && Number.isInteger(value) && value > 1 && id.endsWith('1') ? value - 1 : value;
      await upsertValue(trx, { assessmentId: earlier.id, indicatorId: id, kind: 'assessor', authorId: lead.id, value: before, note: null });
    }
    await stageAssessmentState(trx, earlier.id, 'review');
    await decide(
      trx,
      await getAssessment(trx, earlier.id),
      lead,
      new Set(['lead']),
      '2024-03-14',
      'The Bronze rules hold; the documents were read on site.',
    );
    await transition(trx, await getAssessment(trx, earlier.id), 'released', lead, null);
    await stageCycle(trx, gold.id, earlier.id, now);

    // 5. Fjordtech's renewal of its Gold, in preparation, started from the Gold (previousAssessmentId).
    await createAssessment(
      trx,
      {
        clusterId: clusterIds.fjord,
        frameworkId: frameworkId,
        requestedLabel: 'gold',
        leadId: lead.id,
        coAssessorId: co.id,
        interviewDate: '2028-02-15',
        onSite: true,
        previousAssessmentId: gold.id,
      },
      lead,
    );

    await seedPeers(trx, { count: 2400, seed: 20261123 });
  });
  logger.info({ survey: `/survey/${surveyToken}` }, 'demo survey link for Nordlys Health Innovation');
  return true;
}
