/** Reading the app's HTML pages in tests: the form's CSRF token and the flash after a redirect. */

/** The CSRF token of the page's (first) form; '' when it has none. */
export const tokenIn = (html: string) => /name="_csrf" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';

/** The flash message as [kind ('ok' | 'error'), text], or [] when the page has none. */
export const flashIn = (html: string) => /class="flash flash-(ok|error)"[^>]*>([^<]*)</.exec(html)?.slice(1) ?? [];
