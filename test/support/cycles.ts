/**
 * The Bronze → Silver sequence's data (issue "Across cycles"), shared by its API and browser tests:
 * the three improvement areas the cluster plans after Bronze, and the runner's values (support/browser.ts
 * VALUES) as the JSON API takes them.
 */
import { VALUES } from './browser';

/** The areas planned after Bronze, each on an indicator below its threshold then. */
export const AREAS = [
  { title: 'Matchmaking with research partners', indicators: ['SRV-06'], documents: ['D-13'], description: 'More matchmaking events.' },
  { title: 'Management visits every participant', indicators: ['INT-01'], documents: ['D-16'], description: 'A visit plan.' },
  { title: 'Agreements with the innovation system', indicators: ['INT-03'], documents: ['D-17'], description: 'Written agreements.' },
];

/** The runner's inputs as the API takes them (N/A, a decimal comma, codes as lists, size classes in full). */
export const API_VALUES: Record<string, unknown> = Object.fromEntries(
  Object.entries(VALUES).map(([id, v]) => {
    if (v === 'na') return [id, { notApplicable: true }];
    if (typeof v === 'string' && /^\d+,\d+$/.test(v)) return [id, Number(v.replace(',', '.'))];
    const o = v as Record<string, unknown>;
    if (o && typeof o === 'object' && typeof o.nace === 'string') return [id, { ...o, nace: [o.nace] }];
    if (o && typeof o === 'object' && typeof o.nuts === 'string') return [id, { nuts: [o.nuts] }];
    if (o && typeof o === 'object' && 'micro' in o) return [id, { micro: 0, small: 0, medium: 0, large: 0, unknown: 0, ...o }];
    return [id, v];
  }),
);
