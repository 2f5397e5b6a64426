/** Personal survey links in the mails of the tests (issue 19, item 2). */
import type { ParsedMail } from 'mailparser';

export const toOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.text : '');

/** the personal link in a mail's text */
export function personalLinkIn(text: string | undefined): string {
  const m = /(http:\/\/\S+\/survey\/[A-Za-z0-9_-]{43}\?lang=(?:en|nb))/.exec(text ?? '');
  if (!m) throw new Error(`no personal link in the mail: ${text}`);
  return m[1];
}

/** the token of a survey link */
export const tokenOf = (url: string) => /\/survey\/([A-Za-z0-9_-]+)/.exec(url)![1];
