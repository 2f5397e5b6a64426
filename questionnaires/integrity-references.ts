/**
 * Integrity checks a JSON Schema cannot express, part 1: unique ids and references that must resolve
 * (areas, checklist documents, survey questions, indicators, eligibility checks).
 */
import type { FrameworkDefinition, Indicator } from './schema';
import { Issues, type FrameworkIndex } from './framework-index';

export function checkIdsUnique(def: FrameworkDefinition, issues: Issues): void {
  issues.unique(def.areas, (a) => a.code, ['areas'], 'code', 'area code');
  issues.unique(def.areas, (a) => a.number, ['areas'], 'number', 'area number');
  issues.unique(def.indicators, (i) => i.id, ['indicators'], 'id', 'indicator id');
  issues.unique(def.indicators, (i) => i.number, ['indicators'], 'number', 'indicator number');
  issues.unique(def.survey.questions, (q) => q.id, ['survey', 'questions'], 'id', 'survey question id');
  issues.unique(def.checklist, (d) => d.id, ['checklist'], 'id', 'document id');
  const eligibility = def.labelRules.bronze?.eligibility ?? [];
  issues.unique(eligibility, (e) => e.id, ['labelRules', 'bronze', 'eligibility'], 'id', 'eligibility id');
  issues.unique(def.eligibility?.criteria ?? [], (c) => c.id, ['eligibility', 'criteria'], 'id', 'eligibility criterion id');
  for (const name of Object.keys(def.scales)) {
    if (name.trim() === '') issues.at(['scales', name], 'a scale needs a non-empty name');
  }
}

export function checkIndicatorReferences(def: FrameworkDefinition, index: FrameworkIndex, issues: Issues): void {
  def.indicators.forEach((ind, i) => {
    const at = ['indicators', i];
    if (!index.areas.has(ind.area)) issues.at([...at, 'area'], `unknown area "${ind.area}" (areas: ${[...index.areas.keys()].join(', ')})`);

    issues.unique(ind.evidence.documents, (d) => d, [...at, 'evidence', 'documents'], null, 'evidence document');
    ind.evidence.documents.forEach((doc, j) => {
      const item = index.documents.get(doc);
      if (!item) issues.at([...at, 'evidence', 'documents', j], `unknown document "${doc}": not in the checklist`);
      else if (!item.supports.includes(ind.id)) {
        issues.at(
          [...at, 'evidence', 'documents', j],
          `${doc} is evidence for ${ind.id}, but the checklist item ${doc} does not list ${ind.id} in "supports"`,
        );
      }
    });

    const required = ind.scoring?.requiredDocuments ?? [];
    issues.unique(required, (d) => d, [...at, 'scoring', 'requiredDocuments'], null, 'required document');
    required.forEach((doc, j) => {
      const path = [...at, 'scoring', 'requiredDocuments', j];
      if (!index.documents.has(doc)) issues.at(path, `unknown document "${doc}": not in the checklist`);
      else if (!ind.evidence.documents.includes(doc))
        issues.at(path, `required document ${doc} is not among the evidence documents of ${ind.id}`);
    });

    checkSurveyLink(ind, i, index, issues);
  });
}

/** Survey-based indicators name their questions, and each question names the indicator back. */
function checkSurveyLink(ind: Indicator, i: number, index: FrameworkIndex, issues: Issues): void {
  const at = ['indicators', i];
  const questions = ind.surveyQuestions ?? [];
  const surveyBased = ind.valueType === 'survey_mean' || ind.valueType === 'survey_percent_yes';
  if (surveyBased && questions.length === 0)
    issues.at([...at, 'surveyQuestions'], `a ${ind.valueType} indicator must name its survey questions`);
  if (!surveyBased && questions.length > 0)
    issues.at(
      [...at, 'surveyQuestions'],
      `only survey_mean and survey_percent_yes indicators aggregate survey questions, not ${ind.valueType}`,
    );
  if (questions.length > 0 && !ind.evidence.survey)
    issues.at([...at, 'evidence', 'survey'], 'must be true for an indicator computed from survey questions');
  if (!surveyBased && ind.evidence.survey)
    issues.at([...at, 'evidence', 'survey'], `must be false: a ${ind.valueType} indicator is not computed from the survey`);

  issues.unique(questions, (q) => q, [...at, 'surveyQuestions'], null, 'survey question');
  const expected = ind.valueType === 'survey_percent_yes' ? 'yes_no' : 'likert';
  questions.forEach((qid, j) => {
    const path = [...at, 'surveyQuestions', j];
    const question = index.questions.get(qid);
    if (!question) return issues.at(path, `unknown survey question "${qid}"`);
    if (surveyBased && question.answer !== expected)
      issues.at(path, `${qid} is answered "${question.answer}", but a ${ind.valueType} indicator needs "${expected}" questions`);
    if (!question.usedFor.includes(ind.id)) issues.at(path, `${qid} does not list ${ind.id} in its "usedFor"`);
  });
}

export function checkSurveyReferences(def: FrameworkDefinition, index: FrameworkIndex, issues: Issues): void {
  const survey = def.survey;
  survey.questions.forEach((q, k) => {
    const at = ['survey', 'questions', k];
    if (q.answer === 'choice' && !q.options) issues.at([...at, 'options'], 'a "choice" question needs its options');
    if (q.answer !== 'choice' && q.options) issues.at([...at, 'options'], `only "choice" questions have options, not "${q.answer}"`);
    if (q.options) issues.unique(q.options, (o) => o.value, [...at, 'options'], 'value', 'option value');
    issues.unique(q.usedFor, (id) => id, [...at, 'usedFor'], null, 'indicator');
    q.usedFor.forEach((id, j) => {
      const ind = index.indicators.get(id);
      if (!ind) issues.at([...at, 'usedFor', j], `unknown indicator "${id}"`);
      else if (!(ind.surveyQuestions ?? []).includes(q.id))
        issues.at([...at, 'usedFor', j], `${id} does not list ${q.id} in its "surveyQuestions"`);
    });
  });

  issues.unique(survey.validityItems, (q) => q, ['survey', 'validityItems'], null, 'validity item');
  survey.validityItems.forEach((qid, j) => {
    const question = index.questions.get(qid);
    if (!question) issues.at(['survey', 'validityItems', j], `unknown survey question "${qid}"`);
    else if (question.answer !== 'likert')
      issues.at(['survey', 'validityItems', j], `${qid} is answered "${question.answer}"; validity items must be Likert (1–5) questions`);
  });
  if (survey.minAnswered > survey.validityItems.length) {
    issues.at(
      ['survey', 'minAnswered'],
      `${survey.minAnswered} answered items required, but there are only ${survey.validityItems.length} validity items`,
    );
  }
}

export function checkChecklistReferences(def: FrameworkDefinition, index: FrameworkIndex, issues: Issues): void {
  def.checklist.forEach((doc, k) => {
    issues.unique(doc.supports, (id) => id, ['checklist', k, 'supports'], null, 'indicator');
    doc.supports.forEach((id, j) => {
      if (!index.indicators.has(id)) issues.at(['checklist', k, 'supports', j], `unknown indicator "${id}"`);
    });
  });
}

export function checkLabelRuleReferences(def: FrameworkDefinition, index: FrameworkIndex, issues: Issues): void {
  const rules = def.labelRules;
  if (!rules.bronze && !rules.silver && !rules.gold)
    issues.at(['labelRules'], 'defines no label: at least one of bronze, silver, gold is needed');
  (rules.bronze?.eligibility ?? []).forEach((check, k) => {
    const path = ['labelRules', 'bronze', 'eligibility', k, 'indicator'];
    const ind = index.indicators.get(check.indicator);
    if (!ind) issues.at(path, `unknown indicator "${check.indicator}"`);
    else if (ind.kind !== 'quality' || !ind.scoring)
      issues.at(path, `${check.id} checks ${ind.id}, a profile indicator; eligibility needs a quality indicator with a minimum`);
    else if (ind.scoring.minimumPoints === null)
      issues.at(path, `${check.id} checks ${ind.id}, which has no minimum (minimumPoints is null)`);
  });
  // the checklist before the interview may name the indicator measuring the same thing (for reference)
  (def.eligibility?.criteria ?? []).forEach((c, k) => {
    if (c.indicator !== undefined && !index.indicators.has(c.indicator))
      issues.at(['eligibility', 'criteria', k, 'indicator'], `unknown indicator "${c.indicator}"`);
  });
  if (rules.silver && rules.silver.intervalMonths.min > rules.silver.intervalMonths.max) {
    issues.at(
      ['labelRules', 'silver', 'intervalMonths', 'min'],
      `the interval starts (${rules.silver.intervalMonths.min}) after it ends (${rules.silver.intervalMonths.max})`,
    );
  }
  if (rules.silver) {
    const inScope = def.indicators.filter((i) => i.scoring?.silverScope).length;
    if (rules.silver.improvementAreas > inScope) {
      issues.at(
        ['labelRules', 'silver', 'improvementAreas'],
        `${rules.silver.improvementAreas} improvement areas need as many Silver-scope indicators, but there are ${inScope}`,
      );
    }
  }
}
