/**
 * The eligibility checklist before the interview (issue "Across cycles", item 5): read by the team, the
 * admin and the cluster's manager; checked by the lead in preparation, one yes/no with a note per
 * criterion, audited. The criteria are framework data (eligibilityGate.ts); the gate itself is in the
 * transition (assessments.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import { may } from '../auth/policy';
import type { Db, Tx } from '../db/types';
import { badRequest, conflict } from '../errors';
import { deleteEligibilityAnswer, upsertEligibilityAnswer } from '../repositories/eligibility';
import { appendAudit } from './audit';
import { loadAssessmentFor } from './assessments';
import { clusterRef } from './assessmentViews';
import { eligibilityState, type EligibilityState } from './eligibilityGate';

export const EligibilityAnswers = Type.Object(
  {
    answers: Type.Array(
      Type.Object(
        {
          criterionId: Type.String({ minLength: 1, maxLength: 8 }),
          /** null takes the answer back (the criterion is unanswered again) */
          met: Type.Union([Type.Boolean(), Type.Null()]),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
export type EligibilityAnswers = Static<typeof EligibilityAnswers>;

export interface EligibilityView extends EligibilityState {
  assessmentId: number;
  state: string;
  /** the cluster's name, for the page's heading */
  cluster: { name: string } | undefined;
  /** the actor may check the criteria now (the lead, in preparation) */
  mayCheck: boolean;
}

export async function readEligibility(db: Db, actor: Actor, assessmentId: number | null): Promise<EligibilityView> {
  const { a } = await loadAssessmentFor(db, actor, assessmentId, 'readEligibility');
  const state = await eligibilityState(db, a);
  const cluster = await clusterRef(db, a);
  return { assessmentId: a.id, state: a.state, cluster, mayCheck: state.applies && may(actor, a, 'checkEligibility'), ...state };
}

const noteOf = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : null);

/**
 * Sets the answers the body names (PUT /api/assessments/:id/eligibility and the page's form); the
 * criteria it does not name keep theirs. One audit entry with what changed, before and after.
 */
export async function checkEligibility(
  trx: Tx,
  actor: Actor,
  assessmentId: number | null,
  body: EligibilityAnswers,
): Promise<EligibilityView> {
  const { a } = await loadAssessmentFor(trx, actor, assessmentId, 'checkEligibility');
  const current = await eligibilityState(trx, a);
  if (!current.applies) throw conflict({ key: 'errors.eligibilityNotInFramework' }, { state: a.state }, 'no_eligibility_checklist');
  const known = new Map(current.criteria.map((c) => [c.id, c]));
  const unknown = body.answers.map((x, i) => ({ x, i })).filter(({ x }) => !known.has(x.criterionId));
  if (unknown.length)
    throw badRequest(
      { key: 'errors.eligibilityUnknownCriterion', values: { id: unknown[0].x.criterionId } },
      unknown.map(({ x, i }) => ({ path: `/answers/${i}/criterionId`, message: `${x.criterionId} is not a criterion of this checklist` })),
    );
  const seen = new Set<string>();
  body.answers.forEach((x, i) => {
    if (seen.has(x.criterionId))
      throw badRequest({ key: 'errors.eligibilityCriterionTwice', values: { id: x.criterionId } }, [
        { path: `/answers/${i}/criterionId`, message: 'is named twice' },
      ]);
    seen.add(x.criterionId);
  });

  const at = new Date().toISOString();
  const before: Record<string, { met: boolean; note: string | null } | null> = {};
  const after: Record<string, { met: boolean; note: string | null } | null> = {};
  for (const x of body.answers) {
    const old = known.get(x.criterionId)!.answer;
    const was = old ? { met: old.met, note: old.note } : null;
    const now = x.met === null ? null : { met: x.met, note: noteOf(x.note) };
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    before[x.criterionId] = was;
    after[x.criterionId] = now;
    if (now === null) await deleteEligibilityAnswer(trx, a.id, x.criterionId);
    else await upsertEligibilityAnswer(trx, a.id, { criterionId: x.criterionId, ...now, checkedBy: actor.id, checkedAt: at });
  }
  if (Object.keys(after).length)
    await appendAudit(trx, { actorId: actor.id, action: 'eligibility.check', entity: 'assessment', entityId: a.id, before, after });
  const state = await eligibilityState(trx, a);
  return { assessmentId: a.id, state: a.state, cluster: await clusterRef(trx, a), mayCheck: true, ...state };
}
