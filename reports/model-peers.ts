/**
 * The peer-comparison part of the report model. A group smaller than MIN_PEER_GROUP is never shown:
 * the wider group ('all') takes its place and the report says so.
 */
import { fill, formatDate, texts } from './i18n';
import { MIN_PEER_GROUP, type Lang, type PeerGroupKey, type PeerGroupStats, type ReportInput } from './types';

export interface PeerPosition {
  code: string;
  name: string;
  cluster: number;
  q1: number;
  median: number;
  q3: number;
  percentile: number | null;
}

export interface PeerGroupView {
  /** the group asked for */
  requested: Exclude<PeerGroupKey, 'all'>;
  /** the group shown (the requested one, or 'all' when it was too small) */
  shown: PeerGroupKey;
  title: string;
  n: number;
  positions: PeerPosition[];
}

export interface PeerModel {
  source: string;
  groups: PeerGroupView[];
  notes: string[];
  /** the area chart: cluster, peer median ('all'), excellence median, in % of maximum */
  areaComparison: { code: string; name: string; cluster: number; peerMedian: number | null; excellenceMedian: number | null }[];
  peerLabel: string;
  excellenceLabel: string;
  /** the peer median ('all') of each indicator's value */
  indicatorMedian: Record<string, number>;
}

const REQUESTED: Exclude<PeerGroupKey, 'all'>[] = ['sector', 'country', 'excellence'];
const GROUP_NAMES: Record<Lang, Record<PeerGroupKey, string>> = {
  en: { sector: 'sector', country: 'country', excellence: 'excellence', all: 'all clusters' },
  nb: { sector: 'bransje', country: 'land', excellence: 'eksellens', all: 'alle klynger' },
};

function large(stats: PeerGroupStats[] | undefined, key: PeerGroupKey): PeerGroupStats | undefined {
  const g = stats?.find((s) => s.key === key);
  return g && g.n >= MIN_PEER_GROUP ? g : undefined;
}

/** The group to show for `key`: itself when large enough, else 'all'. */
function resolve(stats: PeerGroupStats[] | undefined, key: PeerGroupKey): PeerGroupStats | undefined {
  return large(stats, key) ?? large(stats, 'all');
}

export function buildPeerModel(input: ReportInput, lang: Lang): PeerModel {
  const t = texts(lang);
  const { peers, score, framework } = input;
  const areas = framework.definition.areas;
  const notes: string[] = [];
  const groups: PeerGroupView[] = [];
  const all = peers.total.find((g) => g.key === 'all');

  for (const key of REQUESTED) {
    const wanted = peers.total.find((g) => g.key === key);
    const shown = resolve(peers.total, key);
    if (!shown) continue;
    if (shown.key !== key) {
      notes.push(
        fill(t.groupTooSmall, {
          group: GROUP_NAMES[lang][key],
          label: wanted ? wanted.label[lang] : '—',
          n: wanted?.n ?? 0,
          min: MIN_PEER_GROUP,
          wider: GROUP_NAMES[lang].all,
          wn: shown.n,
        }),
      );
    }
    const positions: PeerPosition[] = areas.map((a) => {
      const g = resolve(peers.areas[a.code], key);
      const cluster = score.areas.find((x) => x.code === a.code)?.percent ?? 0;
      return {
        code: a.code,
        name: a.name[lang],
        cluster,
        q1: g?.q1 ?? 0,
        median: g?.median ?? 0,
        q3: g?.q3 ?? 0,
        percentile: g?.percentileOfCluster ?? null,
      };
    });
    positions.push({
      code: 'TOTAL',
      name: t.total,
      cluster: score.total.percent,
      q1: shown.q1,
      median: shown.median,
      q3: shown.q3,
      percentile: shown.percentileOfCluster,
    });
    groups.push({
      requested: key,
      shown: shown.key,
      title: fill(t.groupN, { label: shown.label[lang], n: shown.n }),
      n: shown.n,
      positions,
    });
  }

  const indicatorMedian: Record<string, number> = {};
  for (const [id, stats] of Object.entries(peers.indicators)) {
    const g = large(stats, 'all');
    if (g) indicatorMedian[id] = g.median;
  }
  const excellence = large(peers.total, 'excellence');
  return {
    source: fill(t.peersSource, { source: peerSource(peers.source, lang) }),
    groups,
    notes,
    areaComparison: areas.map((a) => ({
      code: a.code,
      name: a.name[lang],
      cluster: score.areas.find((x) => x.code === a.code)?.percent ?? 0,
      peerMedian: large(peers.areas[a.code], 'all')?.median ?? null,
      excellenceMedian: large(peers.areas[a.code], 'excellence')?.median ?? null,
    })),
    peerLabel: all ? `${t.peerMedian} (n = ${all.n})` : t.peerMedian,
    excellenceLabel: excellence ? `${t.excellenceMedian} (n = ${excellence.n})` : t.excellenceMedian,
    indicatorMedian,
  };
}

/** The peer groups of the indicators' percentile strips, in their order. */
export const PEER_STRIP_GROUPS: readonly PeerGroupKey[] = ['all', 'sector', 'country', 'excellence'];

/**
 * One indicator's place in each peer group of the print that is large enough to show and places the
 * cluster (it has a value): its percentile (whole), the group's size and median.
 */
export function indicatorPeers(
  peers: ReportInput['peers'],
  indicator: string,
): { key: PeerGroupKey; percentile: number; n: number; median: number }[] {
  const stats = peers.indicators[indicator] ?? [];
  return PEER_STRIP_GROUPS.flatMap((key) => {
    const g = large(stats, key);
    return g && g.percentileOfCluster !== null && Number.isFinite(g.percentileOfCluster)
      ? [{ key, percentile: Math.round(Math.min(100, Math.max(0, g.percentileOfCluster))), n: g.n, median: g.median }]
      : [];
  });
}

/**
 * The peer source line in the report's language: the server writes (and releases freeze) it as
 * "benchmark database, N clusters, YYYY-MM-DD"; that form is printed from the catalogue
 * (peerSourceLine), any other source as given.
 */
export function peerSource(source: string, lang: Lang): string {
  const m = /^benchmark database, (\d+) clusters?, (\d{4}-\d{2}-\d{2})$/.exec(source);
  if (!m) return source;
  return fill(texts(lang).peerSourceLine, { clusters: Number(m[1]), date: formatDate(m[2], lang) });
}
