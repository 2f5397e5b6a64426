/**
 * The survey's free-text answers (Q15, "your most important suggestion for improvement") as the
 * report prints them, with nothing that identifies a respondent: only valid responses (FRAMEWORK.md
 * §3.3.1), no dates, links or submission order (sorted by their normalised text), trimmed, e-mail
 * addresses, phone numbers and web addresses replaced by a marker (REMOVED: the report prints the
 * catalogue's "[removed]" in its language), identical answers once with their number, and none at all
 * when fewer than MIN_VERBATIMS answered (a lone answer would be its author's). Pure; the server
 * freezes the result into the print at release (services/reportInput.ts).
 */
import type { LoadedFramework } from '../questionnaires/schema';
import type { SurveyVerbatims } from './types';

/** Fewer answers than this are not printed. */
export const MIN_VERBATIMS = 3;
/** Where something was removed; the report model puts the catalogue's word in its place. */
export const REMOVED = '\uE000';
/** An answer longer than this is cut (the survey form allows more than a report line should hold). */
const MAX_LENGTH = 800;

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/gi;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
/** a run of digits with the separators of a phone number; a phone number when it has 8–15 digits */
const PHONE = /(?:\+|\b00)?\d[\d\s().\-/]{5,}\d/g;
/** "2024-2026", "2025 – 2030": years, not a phone number */
const YEARS = /^\d{4}\s*[-–/]\s*\d{4}$/;

const isLikert = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 5;

/** An answer with what could identify its author replaced by REMOVED, whitespace collapsed, trimmed; '' when nothing is left. */
export function scrub(text: string): string {
  let s = text.normalize('NFC').replace(/[\u0000-\u001f\u007f\uE000]+/g, ' ');
  s = s.replace(EMAIL, REMOVED).replace(URL, REMOVED);
  s = s.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, '').length;
    return digits >= 8 && digits <= 15 && !YEARS.test(m.trim()) ? REMOVED : m;
  });
  s = s.replace(/\s+/g, ' ').trim();
  if (s.length > MAX_LENGTH) s = `${s.slice(0, MAX_LENGTH - 1).trimEnd()}…`;
  return s.replace(new RegExp(`^[${REMOVED}\\s.,;:!?-]*$`), '');
}

/** The key two answers are the same by: case, spacing and closing punctuation aside. */
const sameKey = (s: string) =>
  s
    .toLocaleLowerCase('en')
    .replace(/[.!?…\s]+$/u, '')
    .replace(/^["'“”«»\s]+|["'“”«»\s]+$/gu, '');

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * The free-text questions' answers of the valid responses: per question, how many answered and the
 * answers (scrubbed, sorted, identical ones once with their number); `answers` empty when fewer than
 * MIN_VERBATIMS answered.
 */
export function collectVerbatims(framework: LoadedFramework, responses: Record<string, unknown>[]): SurveyVerbatims[] {
  const survey = framework.definition.survey;
  const valid = responses.filter((r) => survey.validityItems.filter((q) => isLikert(r[q])).length >= survey.minAnswered);
  return survey.questions
    .filter((q) => q.answer === 'text')
    .map((q) => {
      const texts = valid.map((r) => (typeof r[q.id] === 'string' ? scrub(r[q.id] as string) : '')).filter((s) => s !== '');
      const byKey = new Map<string, { text: string; count: number }>();
      for (const text of texts) {
        const key = sameKey(text);
        const seen = byKey.get(key);
        // of identical answers, the first by code point (capitals first) is printed, not the first submitted
        if (seen) {
          seen.count++;
          if (text < seen.text) seen.text = text;
        } else byKey.set(key, { text, count: 1 });
      }
      const answers =
        texts.length < MIN_VERBATIMS
          ? []
          : [...byKey.entries()].sort(([a], [b]) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
      return { question: q.id, answered: texts.length, answers };
    });
}
