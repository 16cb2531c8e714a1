// The analysis (silos, gaps, brokers, coverage, suggestions) as the gap explorer uses it.
import { graphql } from "../generated/gql";
import type { AnalysisQuery } from "../generated/gql/graphql";
import { execute, type Transport } from "./graphql";

export const ANALYSIS_QUERY = graphql(`
  query Analysis($t: ID!) {
    analysis(territoryId: $t, maxGaps: 50, maxSuggestions: 10) {
      silos {
        actors {
          id
          name
          sector
        }
        homophily
      }
      gaps(limit: 50) {
        kind
        score
        explanation
        terms {
          name
          value
        }
        actors {
          id
          name
          sector
        }
        topics {
          id
          name
        }
      }
      brokers(limit: 8) {
        actor {
          id
          name
          sector
        }
        betweenness
        constraint
      }
      suggestions(limit: 10) {
        id
        objective
        score
        explanation
        decision
        terms {
          name
          value
        }
        actors {
          id
          name
          sector
        }
        topics {
          id
          name
        }
        indicators {
          id
          name
        }
      }
      coverage {
        uncoveredIndicators {
          level
          trend
          reason
          indicator {
            id
            name
          }
        }
        uncoveredTopics {
          id
          name
        }
        orphanConcerns {
          id
          title
        }
        unrepresentedGroups {
          group {
            id
            name
            sector
          }
          topics {
            id
            name
          }
        }
      }
    }
  }
`);

export type Analysis = AnalysisQuery["analysis"];
export type Gap = Analysis["gaps"][number];
export type Suggestion = Analysis["suggestions"][number];

export async function fetchAnalysis(api: Transport, territoryId: string): Promise<Analysis> {
  return (await execute(api, ANALYSIS_QUERY, { t: territoryId })).analysis;
}

/** An actor as every part of the analysis names it (sector aside). */
type Named = { id: string; name: string };

/** Each actor's silo index (the order the analysis gave), for colouring. */
export function siloIndex(
  silos: readonly { actors: readonly Named[]; homophily: number }[],
): Map<string, number> {
  const out = new Map<string, number>();
  silos.forEach((s, i) => {
    for (const a of s.actors) out.set(a.id, i);
  });
  return out;
}

/** The dashed links of a gap: every pair of its actors (a gap of three draws a triangle). */
export function gapPairs(gap: { actors: readonly Named[] }): [string, string][] {
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
