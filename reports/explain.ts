/**
 * The engine's explanations in the reader's language: an indicator's points, a label check's detail
 * and the procedural steps of a path. The engine words them in English (`explanation`, `detail`,
 * `procedural`) and adds the facts behind them as data; here the facts are worded in bokmål. English
 * is the engine's own text, so it reads the same everywhere. A score frozen before the engine gave
 * facts (no `facts`, no `proceduralSteps`) keeps its English text.
 * Pure functions, shared by the report model and the web pages.
 */
import type { FrameworkDefinition, Indicator, LabelName, LocalizedText } from '../questionnaires/schema';
import { isSurveyBased } from '../scoring/framework-index';
import type {
  AssessorTeamProblem, CheckFacts, DocumentBlock, Improvement, ImprovementAreaProblem, IndicatorScore, LabelCheck, LabelPath, MinimumFacts, ProceduralStep,
  Recommendation, Score, SurveyMinimumFacts,
} from '../scoring/types';
import { formatValue } from './format';
import { countryName, fill, formatDate, formatNumber, texts } from './i18n';
import type { Lang } from './types';

/** What an indicator's explanation needs besides the indicator: its definition, the survey and its rules. */
export interface ExplainContext {
  indicators: Map<string, Indicator>;
  surveyRules: Pick<FrameworkDefinition['survey'], 'minimumResponses' | 'minimumResponseRate'>;
  survey: Pick<Score['survey'], 'valid' | 'responseRate'>;
}

export function explainContext(definition: FrameworkDefinition, score: Pick<Score, 'survey'>): ExplainContext {
  return { indicators: new Map(definition.indicators.map((i) => [i.id, i])), surveyRules: definition.survey, survey: score.survey };
}

const LABEL_NB: Record<LabelName, string> = { gold: 'gull', silver: 'sølv', bronze: 'bronse' };
const ZERO = 'så indikatoren gir 0 poeng.';

const value = (v: number, indicator: Indicator | undefined) => formatValue(v, indicator?.valueType, 'nb');
const percent = (n: number) => `${formatNumber(n, 'nb', 1)} %`;
const ids = (list: string[]) => list.join(', ');
const MONTHS_NB = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];
/** "2027-09" → "september 2027" */
const month = (ym: string) => `${MONTHS_NB[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;

function surveyNow(rules: SurveyMinimumFacts | ExplainContext['surveyRules'], valid: number, responseRate: number | null | undefined): string {
  const rate = responseRate === null || responseRate === undefined ? '—' : percent(responseRate);
  return `N = ${valid} (minst ${rules.minimumResponses}), svarprosent ${rate} (minst ${percent(rules.minimumResponseRate)})`;
}

// ── Indicators ───────────────────────────────────────────────────────────────

function notApplicableWhy(s: IndicatorScore, indicator: Indicator | undefined): string {
  if (s.evidence.computation === 'zero denominator') return 'nevneren er null';
  if (indicator && isSurveyBased(indicator) && s.evidence.source === 'none') return 'ingen deltakerundersøkelse er gjennomført';
  return 'registrert som ikke aktuell';
}

function insufficientWhy(s: IndicatorScore, ctx: ExplainContext): string {
  const notAccepted = s.evidence.documents.filter((d) => d.status !== 'accepted').map((d) => d.id);
  if (notAccepted.length === 1) return `påkrevd dokument ${notAccepted[0]} er ikke godkjent`;
  if (notAccepted.length > 1) return `påkrevde dokumenter ${ids(notAccepted)} er ikke godkjent`;
  if (s.value === null) return 'ingen gyldige svar besvarte spørsmålene';
  return `minstekravet for deltakerundersøkelsen er ikke nådd: ${surveyNow(ctx.surveyRules, ctx.survey.valid, ctx.survey.responseRate)}`;
}

/** "75,0 % ligger i båndet ≥70:3: 3 av 5 poeng; gullterskelen 4 er ikke nådd." */
export function explainIndicator(s: IndicatorScore, ctx: ExplainContext, lang: Lang): string {
  if (lang === 'en') return s.explanation;
  const indicator = ctx.indicators.get(s.id);
  if (s.kind === 'profile') {
    return s.status === 'missing' ? 'Profilindikator uten registrert verdi.' : 'Profilindikator: registrert for sammenligning med andre klynger, gir ikke poeng.';
  }
  const shown = typeof s.value === 'number' ? value(s.value, indicator) : 'ingen verdi';
  switch (s.status) {
    case 'missing':
      return `Ingen verdi er registrert, ${ZERO}`;
    case 'not_applicable':
      return `Ikke aktuell (${notApplicableWhy(s, indicator)}), ${ZERO}`;
    case 'insufficient_evidence':
      return `${shown}, men ${insufficientWhy(s, ctx)}, ${ZERO}`;
    case 'scored': {
      const gold = s.thresholdMet ? 'gullterskelen er nådd' : `gullterskelen (${s.threshold} poeng) er ikke nådd`;
      const recorded = s.evidence.recorded;
      if (s.heldBy && typeof recorded === 'number' && typeof s.value === 'number' && recorded > s.value) {
        // §1.3.2: the recorded level names documents that are not accepted
        const docs = documentList(s.heldBy.documents, 'nb');
        return `${value(recorded, indicator)} er registrert, men ${docs}, som nivåkravene viser til, er ikke godkjent, så den teller som ${shown}: ${s.points} av ${s.maxPoints} poeng; ${gold}.`;
      }
      // a level is its own band ("L4"); a number falls in a band ("≥80:4") or below them all
      const band = s.evidence.band;
      const where = band === null ? ' ligger under alle bånd:' : band === shown ? ' gir' : ` ligger i båndet ${band}:`;
      return `${shown}${where} ${s.points} av ${s.maxPoints} poeng; ${gold}.`;
    }
  }
}

// ── Documents holding points down ────────────────────────────────────────────

/** "D-11", "D-03 and D-11", "D-03, D-05 and D-11" (nb: "og"). */
function documentList(ids: string[], lang: Lang): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} ${texts(lang).and} ${ids[ids.length - 1]}`;
}

/**
 * What to do about documents that hold an indicator's points down: "Provide D-11 and have it
 * accepted" when none was provided, "Have D-03 and D-11 accepted" when they were.
 */
export function documentsAction(block: DocumentBlock, lang: Lang): string {
  const t = texts(lang);
  const docs = documentList(block.documents, lang);
  const provide = block.documents.filter((id) => block.statuses[id] === 'not_provided');
  if (provide.length === 0) return fill(t.haveAccepted, { docs });
  if (provide.length === block.documents.length) return fill(provide.length === 1 ? t.provideAcceptOne : t.provideAcceptMany, { docs });
  return fill(t.provideThenAccept, { provide: documentList(provide, lang), docs });
}

/**
 * A recommendation's action: when documents hold the points below the threshold, having them
 * accepted, followed by the framework's action only where the documents alone do not reach it.
 * `fallback` is the framework's action for a score frozen without one.
 */
export function recommendationAction(r: Recommendation, fallback: LocalizedText | undefined, lang: Lang): string {
  const action = r.action ? r.action[lang] : (fallback?.[lang] ?? '');
  if (!r.blockedBy) return action;
  const documents = documentsAction(r.blockedBy, lang);
  if (r.blockedBy.points >= r.threshold || !action) return documents;
  return fill(texts(lang).documentsThenAction, { documents, action });
}

/** A path improvement's action when documents hold its points: having them accepted (then reaching `target` where they alone do not). */
export function improvementAction(im: Improvement, target: string, lang: Lang): string | null {
  if (!im.blockedBy) return null;
  const documents = documentsAction(im.blockedBy, lang);
  return im.blockedBy.points >= im.targetPoints ? documents : fill(texts(lang).documentsThenTarget, { documents, target });
}

// ── Label checks ─────────────────────────────────────────────────────────────

function againstMinimum(m: MinimumFacts, ctx: ExplainContext | undefined): string {
  const indicator = ctx?.indicators.get(m.indicator);
  const status = texts('nb').statusText[m.status];
  const minimum = m.minimum === null ? 'en vurdert verdi' : typeof m.minimum === 'string' ? m.minimum : value(m.minimum, indicator);
  const shown = m.value === null ? `${m.indicator} (${status})` : `${m.indicator} = ${value(m.value, indicator)} (${status})`;
  return `${shown}, minstekrav ${minimum}`;
}

function areaProblem(p: ImprovementAreaProblem): string {
  switch (p.code) {
    case 'no_silver_scope':
      return '(a) ingen tilknyttet kvalitetsindikator innenfor sølvomfanget';
    case 'linked_elsewhere':
      return `(a) ${ids(p.indicators)} er også knyttet til et annet forbedringsområde`;
    case 'threshold_not_met':
      return `(b) ikke oppfylt: ${ids(p.indicators)}`;
    case 'no_document':
      return '(c) viser ikke til noe godkjent støttedokument';
    case 'change_not_described':
      return '(d) endringen og effekten er ikke beskrevet';
  }
}

function teamProblem(p: AssessorTeamProblem): string {
  switch (p.code) {
    case 'not_on_site':
      return 'ikke på stedet';
    case 'lead_not_gold':
      return 'hovedassessor er ikke gullsertifisert';
    case 'no_certified_co':
      return 'ingen sertifisert medassessor';
    case 'same_country':
      return `begge assessorene er fra ${countryName(p.country, 'nb')}`;
    case 'seat_country_missing':
      return `ingen av assessorene er fra ${countryName(p.country, 'nb')}`;
  }
}

const from = (role: string, country: string | null) => (country === null ? `ingen ${role}` : `${role} fra ${countryName(country, 'nb')}`);

/** A check's facts in bokmål. `ctx` gives values their units (without it they show as plain numbers). */
export function checkFactsNb(f: CheckFacts, ctx?: ExplainContext): string {
  switch (f.kind) {
    case 'interviewer':
      return f.certification ? `intervjueren er sertifisert på ${LABEL_NB[f.certification]}nivå` : 'ingen intervjuer med gyldig ekspertsertifisering';
    case 'completeness':
      return f.missing.length === 0 ? `alle ${f.indicators} indikatorene er registrert` : `mangler: ${ids(f.missing)}`;
    case 'eligibility':
      return `${againstMinimum(f.minimum, ctx)}: ${f.met ? 'oppfylt' : 'ikke oppfylt'}`;
    case 'eligible':
      return f.failed.length === 0 ? 'alle kvalifikasjonskravene er oppfylt' : `ikke oppfylt: ${ids(f.failed)}`;
    case 'interval':
      if (!f.previous) return 'ikke noe tidligere merke';
      return `${LABEL_NB[f.previous.label]} tildelt ${month(f.previous.issued)}, Δ = ${f.previous.months} måneder (tillatt ${f.min}–${f.max})`;
    case 'on_site_audit':
      return `${f.onSite ? 'på stedet' : 'ikke på stedet'}, ${f.certification ? `hovedassessor sertifisert for ${LABEL_NB[f.certification]}` : 'hovedassessor uten gyldig sertifisering'}`;
    case 'bronze_basics':
      return `B2 ${f.completeness ? 'oppfylt' : 'ikke oppfylt'}, B3 ${f.eligibility ? 'oppfylt' : 'ikke oppfylt'}`;
    case 'improvement_areas':
      if (f.submitted !== f.required) return `${f.submitted} forbedringsområder levert, nøyaktig ${f.required} kreves`;
      if (f.failures.length === 0) return `alle ${f.required} forbedringsområdene er godkjent`;
      return f.failures.map((a) => `FO ${a.number} «${a.title}»: ${a.problems.map(areaProblem).join('; ')}`).join(' | ');
    case 'minimums':
      return f.failed.length === 0 ? `alle ${f.count} minstekravene er oppfylt` : `${f.failed.map((m) => againstMinimum(m, ctx)).join('; ')}: ikke oppfylt`;
    case 'total':
      return `T = ${f.total} ${f.total >= f.minTotal ? '≥' : '<'} ${f.minTotal}`;
    case 'assessor_team': {
      const team = `${from('hovedassessor', f.lead)}, ${from('medassessor', f.co)}, klyngen hjemmehørende i ${countryName(f.seat, 'nb')}`;
      return f.problems.length === 0 ? team : `${team}: ${f.problems.map(teamProblem).join('; ')}`;
    }
    case 'reconciliation':
      return f.signed ? 'avstemmingsprotokollen er signert' : 'ingen signert avstemmingsprotokoll';
  }
}

/** "MGT-02 = 0,80 årsverk (vurdert), minstekrav 0,50 årsverk: oppfylt" */
export function explainCheck(c: LabelCheck, ctx: ExplainContext | undefined, lang: Lang): string {
  return lang === 'en' || !c.facts ? c.detail : checkFactsNb(c.facts, ctx);
}

// ── Procedural steps ─────────────────────────────────────────────────────────

const surveyMinimum = (s: SurveyMinimumFacts) => `N ≥ ${s.minimumResponses} gyldige svar og svarprosent ≥ ${percent(s.minimumResponseRate)}`;

export function stepNb(step: ProceduralStep, ctx?: ExplainContext): string {
  switch (step.code) {
    case 'silver_window':
      return `Sølvintervju mellom ${month(step.from)} og ${month(step.to)}`;
    case 'silver_window_after_label':
      return `Sølvintervju ${step.min}–${step.max} måneder etter at et merke er tildelt`;
    case 'record_missing':
      return `Registrer ${step.indicator} (mangler)`;
    case 'certified_interviewer':
      return 'Intervju ved en ekspert med gyldig sertifisering';
    case 'silver_audit':
      return 'Revisjon på stedet ved en ekspert sertifisert på sølv- eller gullnivå';
    case 'improvement_areas':
      return `Forbedringsområder etter §5.2 S4: ${checkFactsNb(step.facts, ctx)}`;
    case 'gold_team':
      return `To assessorer på stedet, hovedassessor gullsertifisert, fra ulike land og én fra klyngens hjemland (${checkFactsNb(step.facts, ctx)})`;
    case 'reconciliation':
      return 'Begge assessorene registrerer verdiene uavhengig av hverandre og signerer en avstemmingsprotokoll';
    case 'run_survey':
      return `Gjennomfør deltakerundersøkelsen (${surveyMinimum(step.survey)})`;
    case 'survey_minimum':
      return `Deltakerundersøkelse som når minstekravet (${surveyMinimum(step.survey)}; nå ${surveyNow(step.survey, step.survey.valid ?? 0, step.survey.responseRate)})`;
    case 'accept_document':
      return `Få ${step.document} godkjent (kreves for ${ids(step.indicators)})`;
    case 'renew':
      return `Forny merket innen ${formatDate(step.until, 'nb')}`;
  }
}

/** A path's procedural steps in the reader's language. */
export function explainSteps(path: LabelPath, ctx: ExplainContext | undefined, lang: Lang): string[] {
  if (lang === 'en' || !path.proceduralSteps || path.proceduralSteps.length !== path.procedural.length) return path.procedural;
  return path.proceduralSteps.map((step) => stepNb(step, ctx));
}
