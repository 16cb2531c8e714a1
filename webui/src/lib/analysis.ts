// The analysis (silos, gaps, brokers, coverage, suggestions) as the gap explorer uses it.
import type { Transport } from "./graphql";

export interface ActorRef {
  id: string;
  name: string;
  sector?: string;
}

export interface Silo {
  actors: ActorRef[];
  homophily: number;
}

export interface Gap {
  kind: string;
  terms: { name: string; value: number }[];
  actors: ActorRef[];
  topics: { id: string; name: string }[];
  score: number;
  explanation: string;
}

export interface Broker {
  actor: ActorRef;
  betweenness: number;
  constraint: number | null;
}

export interface Suggestion {
  id: string;
  actors: ActorRef[];
  objective: string;
  score: number;
  terms: { name: string; value: number }[];
  explanation: string;
  decision: string | null;
  topics: { id: string; name: string }[];
  indicators: { id: string; name: string }[];
}

export interface Coverage {
  uncoveredIndicators: {
    level: number | null;
    trend: string;
    reason: string;
    indicator: { id: string; name: string } | null;
  }[];
  uncoveredTopics: { id: string; name: string }[];
  orphanConcerns: { id: string; title: string }[];
  unrepresentedGroups: { group: ActorRef | null; topics: { id: string; name: string }[] }[];
}

export interface Analysis {
  silos: Silo[];
  gaps: Gap[];
  brokers: Broker[];
  suggestions: Suggestion[];
  coverage: Coverage;
}

export const ANALYSIS_QUERY = `
  query Analysis($t: ID!) {
    analysis(territoryId: $t, maxGaps: 50, maxSuggestions: 10) {
      silos { actors { id name sector } homophily }
      gaps(limit: 50) { kind score explanation terms { name value } actors { id name sector } topics { id name } }
      brokers(limit: 8) { actor { id name sector } betweenness constraint }
      suggestions(limit: 10) {
        id objective score explanation decision terms { name value }
        actors { id name sector } topics { id name } indicators { id name }
      }
      coverage {
        uncoveredIndicators { level trend reason indicator { id name } }
        uncoveredTopics { id name }
        orphanConcerns { id title }
        unrepresentedGroups { group { id name sector } topics { id name } }
      }
    }
  }
`;

export async function fetchAnalysis(api: Transport, territoryId: string): Promise<Analysis> {
  const r = await api.request<{ analysis: Analysis }>(ANALYSIS_QUERY, { t: territoryId });
  return r.analysis;
}

/** Each actor's silo index (the order the analysis gave), for colouring. */
export function siloIndex(silos: readonly Silo[]): Map<string, number> {
  const out = new Map<string, number>();
  silos.forEach((s, i) => {
    for (const a of s.actors) out.set(a.id, i);
  });
  return out;
}

/** The dashed links of a gap: every pair of its actors (a gap of three draws a triangle). */
export function gapPairs(gap: Pick<Gap, "actors">): [string, string][] {
  const ids = gap.actors.map((a) => a.id);
  const pairs: [string, string][] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i] as string, ids[j] as string]);
  return pairs;
}

/** A score term's share of the largest term, for drawing it as a bar (0-1). */
export function termShares(terms: readonly { name: string; value: number }[]): Map<string, number> {
  const max = Math.max(0, ...terms.map((t) => Math.abs(t.value)));
  return new Map(terms.map((t) => [t.name, max > 0 ? Math.abs(t.value) / max : 0]));
}
