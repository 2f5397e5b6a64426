/**
 * Who may do what to an assessment, as data (an authorisation audit reads this table). An actor's
 * relations to an assessment come from the team and the cluster; an action lists the relations that
 * may perform it, optionally only in some states.
 */
import type { Actor } from './actor';
import { forbidden, notFound } from '../errors';

export type Relation = 'admin' | 'lead' | 'co' | 'trainee' | 'manager';
export type State = 'preparation' | 'interview' | 'review' | 'decided' | 'released' | 'cancelled';

export interface Team {
  clusterId: number;
  leadId: number;
  coAssessorId: number | null;
  traineeIds: number[];
  state: State;
}

type Rule = Relation | { relation: Relation; states: State[] };

export const assessmentPolicy = {
  read: ['admin', 'lead', 'co', 'trainee', 'manager'],
  update: ['admin', 'lead'],
  transition: ['admin', 'lead'],
  recordValue: ['lead', 'co', { relation: 'manager', states: ['preparation'] }],
  readValues: ['admin', 'lead', 'co'],
  // last cycle's final values beside the input (services/baseline.ts): the manager only once the previous
  // assessment is released (checked there), never a trainee (it scores blind); an assessor keeps one explicitly
  readBaseline: ['admin', 'lead', 'co', 'manager'],
  keepBaseline: ['lead', 'co'],
  agreeValue: ['lead'],
  readReconciliation: ['admin', 'lead', 'co'],
  signReconciliation: ['lead', 'co'],
  recordShadow: ['trainee'],
  readOwnShadow: ['trainee'],
  uploadDocument: ['manager', 'lead'],
  // whoever may upload may remove a file (services/documents.ts withdrawDocument), named apart in refusals
  withdrawDocument: ['manager', 'lead'],
  readDocument: ['admin', 'lead', 'co', 'trainee', 'manager'],
  reviewDocument: ['lead', 'co'],
  createSurvey: ['manager', 'lead'],
  readSurveyCounts: ['admin', 'lead', 'co', 'manager'],
  readSurveyResults: ['admin', 'lead', 'co'],
  addImprovementArea: ['manager', 'lead'],
  markImprovementArea: ['lead'],
  // a trainee reads the frozen score from the decision on, to calibrate against it (never the live one: it scores blind)
  readScore: [
    'admin',
    'lead',
    'co',
    { relation: 'trainee', states: ['decided', 'released'] },
    { relation: 'manager', states: ['released'] },
  ],
  decide: ['admin', 'lead', 'co'],
  readDecisionStatus: ['admin', 'lead', 'co'],
  readReport: ['admin', 'lead', 'co', { relation: 'manager', states: ['released'] }],
  // until release only the team (the assessors, and the trainees who read the frozen score) and the admin know the label (DESIGN.md, lifecycle); then everyone
  readLabel: [
    'admin',
    'lead',
    'co',
    { relation: 'trainee', states: ['decided', 'released'] },
    { relation: 'manager', states: ['released'] },
  ],
  readCalibration: ['admin', 'lead', { relation: 'trainee', states: ['decided', 'released'] }],
  // the team before the interview (services/assessments.ts refuses it later with 409): the lead picks its
  // co-assessor and trainees; handing the lead over is the admin's (a lead could not undo it)
  changeTeam: ['admin', 'lead'],
  changeLead: ['admin'],
  // the eligibility checklist before the interview (a framework version that has one): the lead checks it in preparation
  readEligibility: ['admin', 'lead', 'co', 'manager'],
  checkEligibility: [{ relation: 'lead', states: ['preparation'] }],
  // the expert's narrative (services/narrative.ts): the lead writes it and the co-assessor comments from the
  // interview until the decision (then it is read-only: the report prints what stood at the decision); the
  // team and the admin read it, a trainee from the decision on, the cluster's manager once released
  readNarrative: [
    'admin',
    'lead',
    'co',
    { relation: 'trainee', states: ['decided', 'released'] },
    { relation: 'manager', states: ['released'] },
  ],
  writeNarrative: [{ relation: 'lead', states: ['interview', 'review'] }],
  commentNarrative: [{ relation: 'co', states: ['interview', 'review'] }],
} satisfies Record<string, Rule[]>;

export type AssessmentAction = keyof typeof assessmentPolicy;

export function relationsOf(actor: Actor, team: Team): Set<Relation> {
  const r = new Set<Relation>();
  if (actor.role === 'admin') r.add('admin');
  if (actor.role === 'benchmarker' && actor.id === team.leadId) r.add('lead');
  if (actor.role === 'benchmarker' && actor.id === team.coAssessorId) r.add('co');
  if (actor.role === 'trainee' && team.traineeIds.includes(actor.id)) r.add('trainee');
  if (actor.role === 'cluster_manager' && actor.clusterId === team.clusterId) r.add('manager');
  return r;
}

export function allowedRelations(action: AssessmentAction, state: State): Relation[] {
  return (assessmentPolicy[action] as Rule[]).flatMap((rule) =>
    typeof rule === 'string' ? [rule] : rule.states.includes(state) ? [rule.relation] : [],
  );
}

export function may(actor: Actor, team: Team, action: AssessmentAction): boolean {
  const rel = relationsOf(actor, team);
  return allowedRelations(action, team.state).some((x) => rel.has(x));
}

/**
 * Throws unless the actor may perform the action. Someone with no relation at all gets 404, so that
 * the existence of other clusters' assessments is not revealed; a participant lacking the right gets 403.
 */
export function authorize(actor: Actor, team: Team, action: AssessmentAction): Set<Relation> {
  const rel = relationsOf(actor, team);
  if (rel.size === 0) throw notFound({ key: 'errors.things.assessment' });
  if (!allowedRelations(action, team.state).some((x) => rel.has(x))) {
    const what = { key: `errors.actions.${action}` };
    throw forbidden(
      team.state
        ? { key: 'errors.mayNotOnAssessmentInState', values: { action: what, state: { key: `errors.stateWords.${team.state}` } } }
        : { key: 'errors.mayNotOnAssessment', values: { action: what } },
    );
  }
  return rel;
}
