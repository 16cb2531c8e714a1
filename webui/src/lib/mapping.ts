// GraphQL answers -> the UI's MapData. The map query asks for little per node (what colouring,
// filtering and searching need); the side panel fetches the rest of one node on demand.
import { graphql } from "../generated/gql";
import { NODE_KINDS, type MapData, type MapEdge, type MapNode, type NodeKind } from "./types";

// What the map draws of one node, re-read when a live change touches it (MapStore.fetchNode).
graphql(`
  fragment MapNodeFields on Node {
    __typename
    id
    label
    version
    ... on Actor {
      sector
    }
    ... on Topic {
      dimension
    }
    ... on Criterion {
      criterionDimension: dimension
    }
    ... on Commitment {
      status
    }
    ... on Contract {
      contractStatus: status
    }
    ... on Action {
      actionStatus: status
    }
  }
`);

/** The map as one JSON value (`compact`): the server skips resolving every field of every node. The
 * territory's changeSeq is read in the same answer, so mapChanged can resume right after it. */
export const MAP_QUERY = graphql(`
  query Map($territoryId: ID!) {
    map(territoryId: $territoryId) {
      territory {
        changeSeq
      }
      compact
    }
  }
`);

export const MAP_AT_QUERY = graphql(`
  query MapAt($territoryId: ID!, $at: DateTime!) {
    mapAt(territoryId: $territoryId, at: $at) {
      compact
    }
  }
`);

export const NODE_QUERY = graphql(`
  query Node($id: ID!) {
    node(id: $id) {
      ...MapNodeFields
    }
  }
`);

export interface GqlNode {
  __typename: string;
  id: string;
  label?: string | null;
  version?: number | null;
  [field: string]: unknown;
}

export interface GqlLink {
  type: string;
  fromId: string;
  toId: string;
  properties?: Record<string, unknown> | null;
}

/** The `compact` JSON of MAP_QUERY / MAP_AT_QUERY (api/schema/territory_map.py). */
export interface GqlMap {
  nodes: GqlNode[];
  links: GqlLink[];
}

const KINDS = new Set<string>(NODE_KINDS);
const SYSTEM = new Set([
  "__typename",
  "id",
  "label",
  "version",
  "kind",
  "territoryId",
  "criterionDimension",
  "contractStatus",
  "actionStatus",
]);

export function toMapNode(g: GqlNode): MapNode | null {
  if (!KINDS.has(g.__typename)) return null;
  const kind = g.__typename as NodeKind;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) if (!SYSTEM.has(k)) fields[k] = v;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    id: g.id,
    kind,
    label: g.label ?? str(g["name"]) ?? str(g["title"]) ?? g.id,
    version: g.version ?? 1,
    sector: str(g["sector"]),
    dimension: str(g["dimension"]) ?? str(g["criterionDimension"]),
    status: str(g["status"]) ?? str(g["contractStatus"]) ?? str(g["actionStatus"]),
    fields,
  };
}

export function toMapEdge(l: GqlLink): MapEdge {
  return { from: l.fromId, to: l.toId, type: l.type, properties: l.properties ?? {} };
}

/** A map answer as MapData; the Territory node itself and links to unknown nodes are dropped. */
export function toMapData(m: GqlMap): MapData {
  const nodes: MapNode[] = [];
  for (const g of m.nodes ?? []) {
    const n = toMapNode(g);
    if (n) nodes.push(n);
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (m.links ?? []).filter((l) => ids.has(l.fromId) && ids.has(l.toId)).map(toMapEdge);
  return { nodes, edges };
}

/** A change-log target: a node id, or ``from|TYPE|to`` for a relationship. */
export function parseTarget(target: string): { nodeId: string } | { from: string; type: string; to: string } {
  const parts = target.split("|");
  if (parts.length === 3)
    return { from: parts[0] as string, type: parts[1] as string, to: parts[2] as string };
  return { nodeId: target };
}
