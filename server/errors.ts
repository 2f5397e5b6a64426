/**
 * One error type for everything the HTTP layer answers: a stable code, a human message, the status and
 * optional details. Unknown errors become a generic 500 in the error handler; nothing else leaks.
 *
 * A message may be a catalogue key with values (`{ key: 'errors.fileTypeNotAccepted' }`): then `message`
 * is its English text (logs, the CLI) and `localized(lang)` the reader's, which the error handler and
 * the pages' flash show. A value may itself be a key with values, worded in the same language (the
 * problem inside "The value does not fit STR-01: …"). A plain string stays as it is in every language.
 */
import { format, type Lang, type MessageValues } from '../messages';
import type { EvidenceProblem } from '../scoring/errors';

/** A catalogue message: its key and its values, any of them a catalogue message or a list of them in turn. */
export interface Message {
  key: string;
  values?: Record<string, MessageValues[string] | Message | MessageList | TextInEveryLanguage>;
}

/** A value that is data in both languages already (a framework's text, such as an eligibility criterion's name). */
export interface TextInEveryLanguage {
  en: string;
  nb: string;
}

function isTextInEveryLanguage(x: unknown): x is TextInEveryLanguage {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as TextInEveryLanguage).en === 'string' &&
    typeof (x as TextInEveryLanguage).nb === 'string'
  );
}

/** Catalogue messages worded one after the other (the roles an action needs, a CSV header's problems). */
export interface MessageList {
  list: Message[];
  separator: string;
}

export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && typeof (x as Message).key === 'string';
}

function isList(x: unknown): x is MessageList {
  return typeof x === 'object' && x !== null && Array.isArray((x as MessageList).list);
}

function formatList(lang: Lang, l: MessageList): string {
  return l.list.map((m) => formatMessage(lang, m)).join(l.separator);
}

/** A catalogue message in `lang`, its nested messages first. */
export function formatMessage(lang: Lang, m: Message): string {
  const values: MessageValues = {};
  for (const [k, v] of Object.entries(m.values ?? {}))
    values[k] = isMessage(v) ? formatMessage(lang, v) : isList(v) ? formatList(lang, v) : isTextInEveryLanguage(v) ? v[lang] : v;
  return format(lang, m.key, values);
}

export class AppError extends Error {
  /** the catalogue message behind `message`, when there is one */
  readonly text?: Message;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string | Message,
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : formatMessage('en', message));
    if (typeof message !== 'string') this.text = message;
    this.name = 'AppError';
  }

  /** The message in the reader's language (the English `message` where it has no catalogue key). */
  localized(lang: Lang): string {
    return this.text ? formatMessage(lang, this.text) : this.message;
  }
}

export const badRequest = (message: string | Message, details?: unknown) => new AppError(400, 'invalid_input', message, details);
export const unauthorized = (message: string | Message = { key: 'errors.signInFirst' }) => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string | Message = { key: 'errors.forbidden' }) => new AppError(403, 'forbidden', message);
/**
 * `notFound({ key: 'errors.things.indicator', values: { id } })` names the thing by a catalogue noun ("Indicator
 * STR-99 not found."); without it the reader's language says "Resource not found."
 */
export const notFound = (what?: Message, details?: unknown) =>
  new AppError(
    404,
    'not_found',
    what === undefined ? { key: 'errors.resourceNotFound' } : { key: 'errors.notFound', values: { what } },
    details,
  );
export const conflict = (message: string | Message, details?: unknown, code = 'conflict') => new AppError(409, code, message, details);
export const unsupportedType = (message: string | Message) => new AppError(415, 'unsupported_type', message);
export const tooManyRequests = (message: string | Message) => new AppError(429, 'too_many_requests', message);

/**
 * 400 for a value that does not fit its indicator (PUT …/values/:id and the interview form): the
 * engine's first problem worded from its code and facts, the details as the engine's problems.
 */
export function valueDoesNotFit(indicatorId: string, problems: EvidenceProblem[]): AppError {
  const first = problems[0];
  const problem: Message = first.code
    ? { key: `valueProblems.${first.code}`, values: first.facts }
    : { key: 'errors.asGiven', values: { text: first.message.replace(`${indicatorId} `, '') } };
  return badRequest(
    { key: 'errors.valueDoesNotFit', values: { id: indicatorId, problem } },
    problems.map((p) => ({ path: '/value', message: p.message, ...(p.code ? { code: p.code } : {}) })),
  );
}
