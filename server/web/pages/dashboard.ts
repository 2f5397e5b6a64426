/** The dashboard of each role, and the admin's and benchmarker's creation forms. */
import express, { Router } from 'express';
import type { Db as Knex } from '../../db/types';
import type { AppContext } from '../../context';
import { requireActor, requireRole, type Actor } from '../../auth/actor';
import { check } from '../../http/validate';
import { inTransaction } from '../../db/transaction';
import { activeUsersByName, updateUser, UserPatch, usersWithClusterName } from '../../services/users';
import { INVITE_DAYS, inviteUser, NewInvitation, pendingInvitations } from '../../services/accounts';
import { routeId } from '../../http/params';
import { createAssessment, getAssessment, listAssessmentsFor, NewAssessment } from '../../services/assessments';
import { listFrameworks, frameworkByHash } from '../../services/frameworks';
import { frozenDecision } from '../../services/decision';
import { traineeCalibration } from '../../services/scoring';
import { AppError } from '../../errors';
import { checkFormCsrf } from '../csrf';
import { flashFormError, redirectAfterPost, render, setFlash } from '../render';
import { fill, texts, type Lang } from '../i18n';
import { checklistCounts, checklistRows, documentsOf, recordable, recordedBy, surveyState } from '../data';
import { counts, itemStatuses } from '../../services/documentStatus';
import { clusterById, createCluster, listClusters } from '../../services/clusters';
import { labelRegistry } from '../../services/labels';
import { teamCheck, TeamCheckInput, teamCheckInputOf } from '../../services/teamCheck';
import { COUNTRY_CODES, countryOptions } from '../../../messages';
import { keepForm, takeForm, type KeptForm } from '../formState';

const form = [express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 40 }), checkFormCsrf];
const OPEN = ['preparation', 'interview', 'review'];

const str = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
const int = (x: unknown) => (str(x) !== undefined && /^\d+$/.test(String(x).trim()) ? Number(String(x).trim()) : undefined);

function langOf(res: express.Response): Lang {
  return res.locals.lang as Lang;
}

async function benchmarkerData(knex: Knex, actor: Actor, lang: Lang) {
  const t = texts(lang);
  const list = await listAssessmentsFor(knex, actor);
  const waiting: { text: string; href: string }[] = [];
  for (const row of list.filter((x) => OPEN.includes(x.state) || x.state === 'decided')) {
    const a = await getAssessment(knex, row.id);
    const isLead = a.leadId === actor.id;
    if (OPEN.includes(a.state)) {
      const statuses = itemStatuses((await documentsOf(knex, a.id)).filter(counts));
      const pending = Object.values(statuses).filter((s) => s === 'uploaded').length;
      if (pending)
        waiting.push({ text: fill(t.waitDocuments, { n: pending, cluster: row.clusterName }), href: `/assessments/${a.id}/checklist` });
    }
    if (a.state === 'interview') {
      const fw = await frameworkByHash(knex, a.frameworkHash);
      const total = recordable(fw).length;
      const done = (await recordedBy(knex, a.id, actor.id, false)).size;
      if (done < total)
        waiting.push({
          text: fill(t.waitValues, { n: total - done, total, cluster: row.clusterName }),
          href: `/assessments/${a.id}/interview`,
        });
    }
    if (a.state === 'review') waiting.push({ text: fill(t.waitDecide, { cluster: row.clusterName }), href: `/assessments/${a.id}` });
    if (a.state === 'decided' && isLead)
      waiting.push({ text: fill(t.waitRelease, { cluster: row.clusterName }), href: `/assessments/${a.id}` });
  }
  const byState = ['preparation', 'interview', 'review', 'decided', 'released', 'cancelled']
    .map((state) => ({ state, rows: list.filter((x) => x.state === state) }))
    .filter((g) => g.rows.length > 0);
  // the clusters it assesses, each linked to its labels and cycles (/clusters/:id)
  const myClusters = [...new Map(list.map((x) => [x.clusterId, { id: x.clusterId, name: x.clusterName }])).values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return { byState, waiting, myClusters, ...(await creationData(knex)) };
}

async function creationData(knex: Knex) {
  const clusters = await listClusters(knex, { all: true });
  const users = await activeUsersByName(knex);
  const frameworks = await listFrameworks(knex);
  return {
    clusters,
    benchmarkers: users.filter((u) => u.role === 'benchmarker'),
    traineeUsers: users.filter((u) => u.role === 'trainee'),
    frameworks,
  };
}

async function managerData(knex: Knex, actor: Actor, lang: Lang) {
  const list = await listAssessmentsFor(knex, actor);
  const rows = [];
  for (const row of list) {
    const a = await getAssessment(knex, row.id);
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const counts = checklistCounts(checklistRows(fw, await documentsOf(knex, a.id), lang));
    rows.push({ ...row, counts, survey: await surveyState(knex, a.id), open: OPEN.includes(a.state) });
  }
  const cluster = actor.clusterId ? ((await clusterById(knex, actor.clusterId)) ?? null) : null;
  return { cluster, rows, released: rows.filter((r) => r.state === 'released') };
}

async function traineeData(knex: Knex, actor: Actor) {
  const list = await listAssessmentsFor(knex, actor);
  const rows = [];
  const history = [];
  for (const row of list) {
    const a = await getAssessment(knex, row.id);
    const fw = await frameworkByHash(knex, a.frameworkHash);
    const recorded = (await recordedBy(knex, a.id, actor.id, true)).size;
    rows.push({ ...row, recorded, total: recordable(fw).length });
    const frozen = await frozenDecision(knex, a.id);
    if (frozen) {
      // the same figures as the calibration page's (services/scoring)
      const cal = await traineeCalibration(knex, a, fw, frozen, actor.id);
      history.push({ ...row, decidedAt: frozen.decidedAt.slice(0, 10), ...cal });
    }
  }
  return { rows, history };
}

async function adminData(knex: Knex) {
  const invited = await pendingInvitations(knex);
  // a user who has not yet chosen a password through their invitation shows as invited
  const users = (await usersWithClusterName(knex)).map((u) => ({ ...u, invited: invited.has(u.id) }));
  // the view's table names the founding year as the column does
  const clusters = (await listClusters(knex, { all: true })).map((c) => ({ ...c, founded_year: c.foundedYear }));
  const frameworks = await listFrameworks(knex);
  const assessments = await listAssessmentsFor(knex, { role: 'admin' } as Actor);
  return {
    users,
    clusterRows: clusters,
    frameworkRows: frameworks,
    labels: await labelRegistry(knex),
    assessments,
    ...(await creationData(knex)),
  };
}

/** The new-assessment form shown again after a refusal: its team's warnings, as its script would show them. */
async function keptTeamWarnings(knex: Knex, actor: Actor, kept: KeptForm | null, lang: Lang) {
  if (kept?.id !== 'new-assessment') return [];
  try {
    // the fields that were refused are left out (their errors stand beside them): the rest is checked
    const values = Object.fromEntries(Object.entries(kept.values).filter(([k]) => !(k in kept.errors)));
    const input = check(TeamCheckInput, teamCheckInputOf({ leadId: String(actor.id), ...values }), 'query');
    return (await teamCheck(knex, actor, input, lang)).warnings;
  } catch (e) {
    if (e instanceof AppError) return []; // a form too incomplete to check: its errors say what is missing
    throw e;
  }
}

export function dashboardPages(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get('/dashboard', async (req, res) => {
    const actor = requireActor(req);
    const lang = langOf(res);
    // a refused form, with what was entered and its errors (formState.ts)
    const kept = takeForm(req);
    const forms = { kept, teamWarnings: await keptTeamWarnings(knex, actor, kept, lang) };
    if (actor.role === 'admin')
      return render(req, res, 'dashboard/admin.njk', {
        ...(await adminData(knex)),
        ...forms,
        countries: { options: countryOptions(lang), codes: COUNTRY_CODES },
        inviteDays: INVITE_DAYS,
      });
    if (actor.role === 'benchmarker')
      return render(req, res, 'dashboard/benchmarker.njk', { ...(await benchmarkerData(knex, actor, lang)), ...forms });
    if (actor.role === 'cluster_manager') return render(req, res, 'dashboard/manager.njk', await managerData(knex, actor, lang));
    render(req, res, 'dashboard/trainee.njk', await traineeData(knex, actor));
  });

  r.post('/admin/users', ...form, async (req, res) => {
    const actor = requireRole(req, 'admin');
    const t = texts(langOf(res));
    const b = req.body as Record<string, unknown>;
    try {
      // an invitation: the person chooses their own password through the mailed link (issue 19)
      const input = check(NewInvitation, {
        email: str(b.email) ?? '',
        name: str(b.name) ?? '',
        role: str(b.role) ?? '',
        ...(str(b.certification) ? { certification: str(b.certification) } : {}),
        ...(str(b.country) ? { country: str(b.country)!.toUpperCase() } : {}),
        ...(int(b.clusterId) ? { clusterId: int(b.clusterId) } : {}),
        ...(str(b.locale) ? { locale: str(b.locale) } : {}),
      });
      const user = await inTransaction(knex, (trx) => inviteUser(trx, input, actor, ctx.config.baseUrl));
      setFlash(req, 'ok', fill(t.account.invited, { email: user.email }));
    } catch (e) {
      keepForm(req, 'new-user', e);
      return void (await redirectAfterPost(req, res, '/dashboard#new-user'));
    }
    await redirectAfterPost(req, res, '/dashboard#users');
  });

  // an admin changes a user's certification, country or standing (the same rules as PATCH /api/users/:id)
  r.post('/admin/users/:id', ...form, async (req, res) => {
    const actor = requireRole(req, 'admin');
    const t = texts(langOf(res));
    const b = req.body as Record<string, unknown>;
    try {
      const patch = check(UserPatch, {
        active: b.active === 'on',
        ...(str(b.certification) ? { certification: str(b.certification) } : {}),
        ...(str(b.country) ? { country: str(b.country)!.toUpperCase() } : {}),
      });
      const user = await inTransaction(knex, (trx) => updateUser(trx, routeId(req), patch, actor));
      setFlash(req, 'ok', fill(t.userUpdated, { email: user.email }));
    } catch (e) {
      // an unknown user has no form on the page to show again
      if (e instanceof AppError && e.status === 404) flashFormError(req, e);
      else {
        keepForm(req, `edit-user-${routeId(req)}`, e);
        return void (await redirectAfterPost(req, res, `/dashboard#edit-user-${routeId(req)}`));
      }
    }
    await redirectAfterPost(req, res, '/dashboard#users');
  });

  // the same service and schema as POST /api/clusters (services/clusters.ts); a refusal shows as a flash
  r.post('/admin/clusters', ...form, async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    const t = texts(langOf(res));
    const b = req.body as Record<string, unknown>;
    const input = {
      name: typeof b.name === 'string' ? b.name.trim() : '',
      country: (str(b.country) ?? '').toUpperCase(),
      sector: str(b.sector) ?? '',
      foundedYear: int(b.foundedYear) ?? str(b.foundedYear) ?? '',
      benchmarkConsent: b.benchmarkConsent === 'on',
    };
    try {
      const cluster = await inTransaction(knex, (trx) => createCluster(trx, input, actor));
      setFlash(req, 'ok', fill(t.clusterCreated, { name: cluster.name }));
    } catch (e) {
      // a duplicate in the page's own words (its bokmål differs from the API's), beside the name
      const refused =
        e instanceof AppError && e.code === 'cluster_exists'
          ? new AppError(409, e.code, { key: 'clusterExists', values: e.text?.values })
          : e;
      keepForm(req, 'new-cluster', refused, { cluster_exists: 'name' });
      return void (await redirectAfterPost(req, res, '/dashboard#new-cluster'));
    }
    await redirectAfterPost(req, res, '/dashboard#clusters');
  });

  r.post('/assessments', ...form, async (req, res) => {
    const actor = requireRole(req, 'admin', 'benchmarker');
    const t = texts(langOf(res));
    const b = req.body as Record<string, unknown>;
    const trainees = ([] as unknown[])
      .concat(b.traineeIds ?? [])
      .map(int)
      .filter((x): x is number => x !== undefined);
    try {
      const input = check(NewAssessment, {
        clusterId: int(b.clusterId) ?? 0,
        frameworkId: int(b.frameworkId) ?? 0,
        requestedLabel: str(b.requestedLabel) ?? '',
        leadId: int(b.leadId) ?? (actor.role === 'benchmarker' ? actor.id : 0),
        ...(int(b.coAssessorId) ? { coAssessorId: int(b.coAssessorId) } : {}),
        ...(trainees.length ? { traineeIds: trainees } : {}),
        ...(str(b.interviewDate) ? { interviewDate: str(b.interviewDate) } : {}),
        onSite: b.onSite === 'on',
      });
      const a = await inTransaction(knex, (trx) => createAssessment(trx, input, actor));
      setFlash(req, 'ok', t.assessmentCreated);
      return void (await redirectAfterPost(req, res, `/assessments/${a.id}`));
    } catch (e) {
      keepForm(req, 'new-assessment', e);
    }
    await redirectAfterPost(req, res, '/dashboard#new-assessment');
  });
  return r;
}
