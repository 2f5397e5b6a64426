/**
 * The participant-survey part of the report model: key figures and the answer distribution of
 * every question, from the score's survey summary.
 */
import { fill, formatNumber, formatPercent, texts } from './i18n';
import type { Lang, ReportInput } from './types';
import { MIN_VERBATIMS, REMOVED } from './verbatims';

export interface SurveyModel {
  run: boolean;
  invited: string;
  valid: number;
  responseRate: string;
  minimumLine: string;
  minimumMet: boolean;
  likert: { id: string; text: string; n: number; mean: string; counts: number[] }[];
  yesNo: { id: string; text: string; n: number; yes: number; no: number }[];
  choice: { id: string; text: string; n: number; options: { label: string; count: number }[] }[];
  nps: { id: string; text: string; n: number; counts: number[]; score: string } | null;
  /**
   * The free-text answers (Q15), one block per free-text question: its intro line and the answers to
   * print (empty when too few answered: the intro says so); null when the print has none (frozen before
   * they were printed) or no survey was run
   */
  verbatims: { title: string; blocks: { question: string; intro: string; answers: string[] }[] } | null;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function buildSurveyModel(input: ReportInput, lang: Lang): SurveyModel {
  const t = texts(lang);
  const { survey } = input.score;
  const def = input.framework.definition.survey;
  const dist = survey.distribution ?? {};
  const model: SurveyModel = {
    run: survey.invited !== null && survey.invited > 0,
    invited: survey.invited === null ? '—' : String(survey.invited),
    valid: survey.valid,
    responseRate: survey.responseRate === null ? '—' : formatPercent(survey.responseRate, lang),
    minimumLine: `${fill(t.surveyMinimum, { n: def.minimumResponses, rr: formatNumber(def.minimumResponseRate, lang, 0) })}: ${survey.minimumMet ? t.surveyMinimumMet : t.surveyMinimumMissed}`,
    minimumMet: survey.minimumMet,
    likert: [],
    yesNo: [],
    choice: [],
    nps: null,
    verbatims: null,
  };
  for (const q of def.questions) {
    const d = dist[q.id] ?? {};
    const text = q.text[lang];
    if (q.answer === 'likert') {
      const counts = [1, 2, 3, 4, 5].map((v) => d[String(v)] ?? 0);
      const mean = survey.means[q.id];
      model.likert.push({ id: q.id, text, n: sum(counts), mean: mean == null ? '—' : formatNumber(mean, lang, 2), counts });
    } else if (q.answer === 'yes_no') {
      const yes = d.yes ?? d.true ?? 0;
      const no = d.no ?? d.false ?? 0;
      model.yesNo.push({ id: q.id, text, n: yes + no, yes, no });
    } else if (q.answer === 'choice') {
      const keys = q.options ? q.options.map((o) => o.value) : Object.keys(d);
      const options = keys.map((k) => ({
        label: q.options?.find((o) => o.value === k)?.text[lang] ?? k.replace(/_/g, ' '),
        count: d[k] ?? 0,
      }));
      model.choice.push({ id: q.id, text, n: sum(options.map((o) => o.count)), options });
    } else if (q.answer === 'nps') {
      const counts = Array.from({ length: 11 }, (_, v) => d[String(v)] ?? 0);
      const n = sum(counts);
      const promoters = counts[9] + counts[10];
      const detractors = sum(counts.slice(0, 7));
      const nps = n === 0 ? 0 : Math.round((100 * (promoters - detractors)) / n);
      model.nps = { id: q.id, text, n, counts, score: n === 0 ? '—' : `NPS ${nps > 0 ? '+' : ''}${nps}` };
    }
  }
  const verbatims = input.context.verbatims;
  if (model.run && verbatims) {
    const questionText = (id: string) => def.questions.find((q) => q.id === id)?.text[lang] ?? id;
    model.verbatims = {
      title: t.verbatimsTitle,
      blocks: verbatims.map((v) => ({
        question: v.question,
        intro:
          v.answers.length > 0
            ? fill(t.verbatimsIntro, { question: questionText(v.question), n: v.answered })
            : fill(t.verbatimsTooFew, { question: questionText(v.question), n: v.answered, min: MIN_VERBATIMS }),
        answers: v.answers.map(
          (a) => `${a.text.split(REMOVED).join(t.verbatimRemoved)}${a.count > 1 ? ` ${fill(t.verbatimCount, { n: a.count })}` : ''}`,
        ),
      })),
    };
  }
  return model;
}
