/**
 * The European regions of the peer groups: a country group too small to show widens to its region
 * (peers.ts). Countries outside this table have no region and widen to the whole pool.
 */
export const EUROPEAN_REGIONS = ['nordic', 'western', 'southern', 'central_eastern'] as const;
export type EuropeanRegion = (typeof EUROPEAN_REGIONS)[number];

export const REGION_COUNTRIES: Readonly<Record<EuropeanRegion, readonly string[]>> = {
  nordic: ['DK', 'FI', 'IS', 'NO', 'SE'],
  western: ['AT', 'BE', 'CH', 'DE', 'FR', 'IE', 'LU', 'NL', 'GB'],
  southern: ['CY', 'ES', 'GR', 'IT', 'MT', 'PT'],
  central_eastern: ['BG', 'CZ', 'EE', 'HR', 'HU', 'LT', 'LV', 'PL', 'RO', 'SI', 'SK'],
};

const REGION_OF = new Map<string, EuropeanRegion>(
  EUROPEAN_REGIONS.flatMap((region) => REGION_COUNTRIES[region].map((code) => [code, region] as const)),
);

/** The European region of a country, or null for a country outside the table. */
export function regionOf(country: string): EuropeanRegion | null {
  return REGION_OF.get(country) ?? null;
}
