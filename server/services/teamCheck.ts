/**
 * The warning while an assessment's team is composed or changed: the engine's own G4 (the Gold team),
 * S1 (an earlier label 18–24 months before) and S2 (a Silver audit on site), from
 * scoring/team-checks.ts, on the team, the cluster and its earlier labels, before any value exists.
 * A warning, never a refusal: the assessment may still be created or changed (the decision then falls
 * back to a lower label, FRAMEWORK.md §5.4). Behind GET /api/team-check (the pages' script asks it on
 * every change), the new-assessment form shown again, the team page and the assessment page.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../auth/actor';
import { may } from '../auth/policy';
import type { Db } from '../db/types';
import { badRequest } from '../errors';
import { check, RowId } from '../http/validate';
import { format, type Lang } from '../../messages';
import { explainCheck } from '../../reports';
import { ruleName } from '../../reports/rule-names';
import { teamChecks } from '../../scoring/team-checks';
import type { LabelCheck } from '../../scoring';
import { clusterById } from '../repositories/clusters';
import { personById } from '../repositories/assessments';
import { DateSchema, LabelSchema, loadAssessmentFor, type Assessment } from './assessments';
import { assessorsOf } from './evidence';
import { frameworkByHash, frameworkById } from './frameworks';
import { labelsVisibleTo } from './labels';

/**
 * A team to check: a new assessment's cluster, framework and requested label, or an existing
 * assessment (`assessmentId`) whose own are taken; the team and the interview date as the form has them.
 */
export const TeamCheckInput = Type.Object(
  {
    assessmentId: Type.Optional(RowId()),
    clusterId: Type.Optional(RowId()),
    frameworkId: Type.Optional(RowId()),
    requestedLabel: Type.Optional(LabelSchema),
    leadId: RowId(),
    coAssessorId: Type.Optional(Type.Union([RowId(), Type.Null()])),
    onSite: Type.Optional(Type.Boolean()),
    interviewDate: Type.Optional(DateSchema),
  },
  { additionalProperties: false },
);
export type TeamCheckInput = Static<typeof TeamCheckInput>;

export interface TeamWarning {
  rule: string;
  /** the rule, its name and what fails, in the reader's language */
  text: string;
}

export interface TeamCheck {
  /** the requested label's checks the team and the cluster decide (G4; S1 and S2), passed or not */
  checks: LabelCheck[];
  /** the failed ones, worded */
  warnings: TeamWarning[];
}

const digits = (x: unknown) => (typeof x === 'string' && /^\d{1,10}$/.test(x.trim()) ? Number(x.trim()) : x);
const text = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);

/**
 * The input from the strings a query or a form sends (ids as digits, on site as on/true/1, an empty
 * field as absent; `coAssessorId` empty is no co-assessor), for `check` against TeamCheckInput.
 */
export function teamCheckInputOf(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['assessmentId', 'clusterId', 'frameworkId', 'leadId'] as const) if (text(raw[k]) !== undefined) out[k] = digits(raw[k]);
  if (raw.coAssessorId !== undefined) out.coAssessorId = text(raw.coAssessorId) === undefined ? null : digits(raw.coAssessorId);
  if (text(raw.requestedLabel) !== undefined) out.requestedLabel = text(raw.requestedLabel);
  if (text(raw.interviewDate) !== undefined) out.interviewDate = text(raw.interviewDate);
  out.onSite = ['on', 'true', '1'].includes(String(raw.onSite ?? ''));
  return out;
}

/** a new assessment's setting, which an existing one has of its own */
const NewSetting = Type.Required(Type.Pick(TeamCheckInput, ['clusterId', 'frameworkId', 'requestedLabel']));

/** What the check is about: the assessment's own setting, or a new one's from the input (400 for what is missing). */
async function subject(db: Db, actor: Actor, input: TeamCheckInput) {
  if (input.assessmentId !== undefined) {
    // an assessment's team is checked by those who may change it (404 / 403 as for the change itself)
    const { a } = await loadAssessmentFor(db, actor, input.assessmentId, 'changeTeam');
    return { clusterId: a.clusterId, requestedLabel: a.requestedLabel, fw: await frameworkByHash(db, a.frameworkHash), assessment: a };
  }
  const { clusterId, frameworkId, requestedLabel } = input;
  const setting = check(NewSetting, { clusterId, frameworkId, requestedLabel }, 'query');
  const { fw } = await frameworkById(db, setting.frameworkId).catch(() => {
    throw badRequest({ key: 'errors.frameworkDoesNotExist' }, [{ path: '/frameworkId', message: 'does not exist' }]);
  });
  return { clusterId: setting.clusterId, requestedLabel: setting.requestedLabel, fw, assessment: null };
}

/**
 * The checks and their warnings in `lang`. Without an interview date the rules read today, as the
 * score of an assessment without one does. The earlier labels are those the actor may know
 * (services/labels.ts) and, for an assessment, those recorded on it; never its own.
 */
export async function teamCheck(db: Db, actor: Actor, input: TeamCheckInput, lang: Lang, today = new Date().toISOString().slice(0, 10)) {
  const { clusterId, requestedLabel, fw, assessment } = await subject(db, actor, input);
  const cluster = await clusterById(db, clusterId);
  if (!cluster) throw badRequest({ key: 'errors.clusterDoesNotExist' }, [{ path: '/clusterId', message: 'does not exist' }]);
  if (!(await personById(db, input.leadId)))
    throw badRequest({ key: 'errors.leadNotBenchmarker' }, [{ path: '/leadId', message: 'is not a benchmarker' }]);
  const coAssessorId = input.coAssessorId ?? null;
  if (coAssessorId !== null && !(await personById(db, coAssessorId)))
    throw badRequest({ key: 'errors.coAssessorNotBenchmarker' }, [{ path: '/coAssessorId', message: 'is not a benchmarker' }]);
  const interviewDate = input.interviewDate ?? today;
  const history = (await labelsVisibleTo(db, actor, clusterId, today))
    .filter((l) => l.assessmentId !== assessment?.id && l.issued < interviewDate)
    .map((l) => ({ label: l.label, issued: l.issued }));
  const checks = teamChecks(fw.definition, {
    requestedLabel,
    interviewDate,
    onSite: input.onSite ?? false,
    cluster: { country: cluster.country },
    assessors: await assessorsOf(db, { leadId: input.leadId, coAssessorId }),
    previousLabels: [...(assessment?.previousLabels ?? []), ...history],
  });
  const warnings = checks
    .filter((c) => !c.passed)
    .map((c) => ({
      rule: c.rule,
      text: format(lang, 'teamWarning', {
        rule: c.rule,
        name: ruleName(c.rule, fw.definition, lang),
        detail: explainCheck(c, undefined, lang),
      }),
    }));
  return { checks, warnings } satisfies TeamCheck;
}

/** The warnings of an assessment's team as it stands, for whoever may still change it (the assessment page); else none. */
export async function teamWarningsOf(db: Db, actor: Actor, a: Assessment, lang: Lang): Promise<TeamWarning[]> {
  if (a.state !== 'preparation' || !may(actor, a, 'changeTeam')) return [];
  const { leadId, coAssessorId, onSite, interviewDate } = a;
  const input = { assessmentId: a.id, leadId, coAssessorId, onSite, ...(interviewDate ? { interviewDate } : {}) };
  return (await teamCheck(db, actor, input, lang)).warnings;
}
