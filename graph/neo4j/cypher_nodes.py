"""The Cypher of the writes to the map: nodes, relationships, and bulk writes by UNWIND.

Every statement here is a constant or is built at import time from the model's enums, never
from input (see :mod:`.cypher_schema`); every value travels as a ``$parameter``.
"""

from __future__ import annotations

from ..model import PROPS_MODELS, NodeKind, RelType
from .cypher_schema import LABELS, REL_ROW, REL_TYPES

# ---------------------------------------------------------------- nodes

GET = "MATCH (n:Node {id: $id}) RETURN properties(n) AS p"
GET_MANY = "UNWIND $ids AS i MATCH (n:Node {id: i}) RETURN properties(n) AS p"
KINDS = (
    "UNWIND $ids AS i MATCH (n:Node {id: i}) RETURN n.id AS id, n._kind AS kind, "
    "n.territory_id AS territory_id"
)
LOCK = "MATCH (n:Node {id: $id}) SET n._lock = true RETURN properties(n) AS p"
REPLACE = "MATCH (n:Node {id: $id}) SET n = $props"
CREATE: dict[NodeKind, str] = {
    kind: f"CREATE (n:Node:{label}) SET n = $props" for kind, label in LABELS.items()
}
CREATE_MANY: dict[NodeKind, str] = {
    kind: f"UNWIND $rows AS row CREATE (n:Node:{label}) SET n = row "
    "RETURN row.id AS id, elementId(n) AS eid"
    for kind, label in LABELS.items()
}
ELEMENT_IDS = "UNWIND $ids AS i MATCH (n:Node {id: i}) RETURN n.id AS id, elementId(n) AS eid"
REPLACE_MANY = "UNWIND $rows AS row MATCH (n:Node {id: row.id}) SET n = row"
DELETE = "MATCH (n:Node {id: $id}) DETACH DELETE n"
DELETE_MEASUREMENTS = (
    "MATCH (:Node {id: $id})-[:HAS]->(m:Measurement) DETACH DELETE m RETURN count(m) AS n"
)
# A territory goes with everything that names it, except its change log (an audit trail
# outlives what it describes).
TERRITORY_LOCK = "MATCH (t:Territory {id: $id}) SET t._lock = true RETURN t.id"
"""Taken while a node is created in it: a concurrent delete cannot orphan the node."""
TERRITORY_UNLOCK = "MATCH (t:Territory {id: $id}) REMOVE t._lock"
DELETE_TERRITORY_PARTS = (
    "MATCH (n:Node {territory_id: $id}) DETACH DELETE n",
    "MATCH (m:Membership {territory_id: $id}) DELETE m",
    "MATCH (t:ApiToken {territory_id: $id}) DELETE t",
    "MATCH (i:Invitation {territory_id: $id}) DELETE i",
    "MATCH (c:Comment {territory_id: $id}) DELETE c",
    "MATCH (d:Decision {territory_id: $id}) DELETE d",
    "MATCH (r:AnalysisResult {territory_id: $id}) DELETE r",
)

# ---------------------------------------------------------------- relationships


def _prop_map(rel: RelType) -> str:
    names = sorted(PROPS_MODELS[rel].model_fields) if rel in PROPS_MODELS else []
    return "{" + ", ".join(f"{name}: row.p.{name}" for name in names) + "}"


REL_EXISTING: dict[RelType, str] = {
    rel: f"MATCH (a:Node {{id: $from}})-[r:{t}]->(b:Node {{id: $to}}) RETURN {REL_ROW}"
    for rel, t in REL_TYPES.items()
}
REL_MERGE: dict[RelType, str] = {
    rel: f"MATCH (a:Node {{id: $from}}), (b:Node {{id: $to}}) MERGE (a)-[r:{t}]->(b) SET r = $props"
    for rel, t in REL_TYPES.items()
}
# Endpoints by element id (taken from the CREATE of the same transaction, or looked up
# once): a direct seek instead of two index lookups per relationship.
# The properties go in the CREATE pattern (names from the type's model, values from the row):
# a separate SET would make the plan Eager.
REL_CREATE_MANY: dict[RelType, str] = {
    rel: (
        "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.f "
        "MATCH (b) WHERE elementId(b) = row.t "
        f"CREATE (a)-[r:{t} {_prop_map(rel)}]->(b)"
    )
    for rel, t in REL_TYPES.items()
}
REL_SET_MANY: dict[RelType, str] = {
    rel: (
        "UNWIND $rows AS row MATCH (a:Node {id: row.f})-[r:{t}]->(b:Node {id: row.t}) SET r = row.p"
    ).replace("{t}", t)
    for rel, t in REL_TYPES.items()
}
REL_DELETE: dict[RelType, str] = {
    rel: f"MATCH (:Node {{id: $from}})-[r:{t}]->(:Node {{id: $to}}) DELETE r"
    for rel, t in REL_TYPES.items()
}
# The stored relationships among (from, type, to) keys, for a bulk upsert's chunk.
RELS_BY_KEY = (
    "UNWIND $keys AS k MATCH (a:Node {id: k[0]})-[r]->(b:Node {id: k[2]}) "
    "WHERE type(r) = k[1] RETURN a.id AS f, type(r) AS t, b.id AS o, properties(r) AS p"
)
