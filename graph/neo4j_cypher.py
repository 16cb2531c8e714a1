"""The Cypher of :class:`pactmap.graph.neo4j.Neo4jStore`: schema statements and fixed queries.

Every statement here is a constant or is built at import time from the model's enums, never
from input. Labels and relationship types cannot be query parameters, so the store picks one of
the strings below by a validated :class:`~pactmap.graph.model.NodeKind` or
:class:`~pactmap.graph.model.RelType`; every value travels as a ``$parameter``.

Layout in the graph: a map node carries the common label ``:Node`` and its kind's label
(``:Node:Actor``), its model fields as properties (JSON values: dates as ISO strings), and three
private ones: ``_kind``, ``_sort`` (what lists sort by: ``neo4j_codec.sort_key`` of the label)
and ``_search`` (``model.search_key`` of the label). Accounts, comments, decisions and the
change log are nodes of their own labels with no relationship to the map, so no traversal of
the map ever reaches them.
"""

from __future__ import annotations

from .model import PROPS_MODELS, NodeKind, RelType

NODE = "Node"

LABELS: dict[NodeKind, str] = {kind: kind.value for kind in NodeKind}
"""The label of each kind (the whitelist: a kind's label is its enum value, nothing else)."""

REL_TYPES: dict[RelType, str] = {rel: rel.value for rel in RelType}
"""The relationship type of each RelType (the whitelist)."""

_ALL_TYPES = "|".join(REL_TYPES[t] for t in RelType)

SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT pactmap_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT pactmap_user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT pactmap_user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE",
    "CREATE CONSTRAINT pactmap_membership IF NOT EXISTS FOR (m:Membership) REQUIRE m.key IS UNIQUE",
    "CREATE CONSTRAINT pactmap_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
    "CREATE CONSTRAINT pactmap_token_hash IF NOT EXISTS "
    "FOR (t:ApiToken) REQUIRE t.token_hash IS UNIQUE",
    "CREATE CONSTRAINT pactmap_session_hash IF NOT EXISTS "
    "FOR (s:Session) REQUIRE s.token_hash IS UNIQUE",
    "CREATE CONSTRAINT pactmap_comment_id IF NOT EXISTS FOR (c:Comment) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT pactmap_decision_id IF NOT EXISTS FOR (d:Decision) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT pactmap_change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE",
    "CREATE CONSTRAINT pactmap_counter IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE",
    "CREATE INDEX pactmap_node_territory IF NOT EXISTS FOR (n:Node) ON (n.territory_id)",
    "CREATE INDEX pactmap_node_search IF NOT EXISTS FOR (n:Node) ON (n.territory_id, n._search)",
    "CREATE INDEX pactmap_change_territory IF NOT EXISTS FOR (c:Change) ON (c.territory_id, c.seq)",
    "CREATE INDEX pactmap_change_batch IF NOT EXISTS "
    "FOR (b:ChangeBatch) ON (b.territory_id, b.last_seq)",
    "CREATE INDEX pactmap_membership_user IF NOT EXISTS FOR (m:Membership) ON (m.user_id)",
    "CREATE INDEX pactmap_membership_territory IF NOT EXISTS "
    "FOR (m:Membership) ON (m.territory_id)",
    "CREATE INDEX pactmap_token_territory IF NOT EXISTS FOR (t:ApiToken) ON (t.territory_id)",
    "CREATE INDEX pactmap_token_user IF NOT EXISTS FOR (t:ApiToken) ON (t.user_id)",
    "CREATE INDEX pactmap_session_user IF NOT EXISTS FOR (s:Session) ON (s.user_id)",
    "CREATE INDEX pactmap_comment_node IF NOT EXISTS FOR (c:Comment) ON (c.node_id)",
    "CREATE INDEX pactmap_comment_territory IF NOT EXISTS FOR (c:Comment) ON (c.territory_id)",
    "CREATE INDEX pactmap_decision_territory IF NOT EXISTS FOR (d:Decision) ON (d.territory_id)",
    *(
        f"CREATE INDEX pactmap_kind_{label.lower()} IF NOT EXISTS "
        f"FOR (n:{label}) ON (n.territory_id)"
        for label in LABELS.values()
    ),
)
"""Constraints and indexes, created at start; IF NOT EXISTS makes a second start a no-op."""


def schema_name(statement: str) -> str:
    """The name a SCHEMA statement gives its object (``CREATE CONSTRAINT <name> ...``)."""
    return statement.split()[2]


COUNTER_INIT = "MERGE (c:Counter {name: 'change'}) ON CREATE SET c.value = 0"
# Locking first, then reading, so two writers never read the same value (read-committed).
COUNTER_LOCK = "MATCH (c:Counter {name: 'change'}) SET c._lock = true"
COUNTER_BUMP = (
    "MATCH (c:Counter {name: 'change'}) SET c.value = c.value + $n REMOVE c._lock "
    "RETURN c.value AS last"
)

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
DELETE_TERRITORY_PARTS = (
    "MATCH (n:Node {territory_id: $id}) DETACH DELETE n",
    "MATCH (m:Membership {territory_id: $id}) DELETE m",
    "MATCH (t:ApiToken {territory_id: $id}) DELETE t",
    "MATCH (c:Comment {territory_id: $id}) DELETE c",
    "MATCH (d:Decision {territory_id: $id}) DELETE d",
)

# ---------------------------------------------------------------- relationships


def _prop_map(rel: RelType) -> str:
    names = sorted(PROPS_MODELS[rel].model_fields) if rel in PROPS_MODELS else []
    return "{" + ", ".join(f"{name}: row.p.{name}" for name in names) + "}"


_REL_ROW = "a.id AS f, type(r) AS t, b.id AS o, properties(r) AS p"
REL_EXISTING: dict[RelType, str] = {
    rel: f"MATCH (a:Node {{id: $from}})-[r:{t}]->(b:Node {{id: $to}}) RETURN {_REL_ROW}"
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
RELS_OUT = (
    f"UNWIND $ids AS i MATCH (a:Node {{id: i}})-[r:{_ALL_TYPES}]->(b:Node) "
    f"WHERE type(r) IN $types RETURN {_REL_ROW}"
)
RELS_IN = (
    f"UNWIND $ids AS i MATCH (a:Node)-[r:{_ALL_TYPES}]->(b:Node {{id: i}}) "
    f"WHERE type(r) IN $types RETURN {_REL_ROW}"
)
RELS_AMONG = (
    f"UNWIND $ids AS i MATCH (a:Node {{id: i}})-[r:{_ALL_TYPES}]->(b:Node) "
    f"WHERE b.id IN $ids RETURN {_REL_ROW}"
)

# ---------------------------------------------------------------- reading many

_FILTER = (
    "WHERE ($search IS NULL OR n._search CONTAINS $search) "
    "AND all(k IN keys($exact) WHERE n[k] = $exact[k])"
)
LIST: dict[NodeKind, str] = {
    kind: (
        f"MATCH (n:{label}) WHERE n.territory_id = $territory_id "
        f"WITH n {_FILTER} "
        "AND ($after_sort IS NULL OR n._sort > $after_sort "
        "OR (n._sort = $after_sort AND n.id > $after_id)) "
        "RETURN properties(n) AS p ORDER BY n._sort, n.id LIMIT $limit"
    )
    for kind, label in LABELS.items()
}
COUNT: dict[NodeKind, str] = {
    kind: (
        f"MATCH (n:{label}) WHERE n.territory_id = $territory_id "
        f"WITH n {_FILTER} RETURN count(n) AS total"
    )
    for kind, label in LABELS.items()
}
# Territories have no territory_id: the same queries with that condition left out.
LIST[NodeKind.TERRITORY] = LIST[NodeKind.TERRITORY].replace(
    "n.territory_id = $territory_id", "$territory_id IS NULL"
)
COUNT[NodeKind.TERRITORY] = COUNT[NodeKind.TERRITORY].replace(
    "n.territory_id = $territory_id", "$territory_id IS NULL"
)

SEARCH = (
    "MATCH (n:Node) WHERE n.territory_id = $territory_id AND n._search CONTAINS $q "
    "AND n._kind IN $kinds "
    "RETURN properties(n) AS p "
    "ORDER BY CASE WHEN n._search STARTS WITH $q THEN 0 ELSE 1 END, n._sort, n.id "
    "LIMIT $limit"
)

# Within 1, 2 or 3 steps in either direction, over the map's relationship types only.
# DISTINCT lets the planner prune the expansion instead of enumerating every path.
WITHIN: dict[int, str] = {
    depth: (
        f"MATCH (s:Node {{id: $id}})-[:{_ALL_TYPES}*1..{depth}]-(m:Node) "
        "WHERE m <> s RETURN DISTINCT m.id AS id"
    )
    for depth in (1, 2, 3)
}

# A territory comes back in chunks of CHUNK items per record: the driver's cost is per record,
# and tens of thousands of one-item records cost more than the query itself.
CHUNK = 5000
_CHUNKED = "UNWIND range(0, size(items) - 1, $chunk) AS i RETURN items[i..i + $chunk] AS chunk"
SNAPSHOT_NODES = (
    f"MATCH (n:Node {{territory_id: $id}}) WITH collect(properties(n)) AS items {_CHUNKED}"
)
SNAPSHOT_RELS = (
    f"MATCH (a:Node {{territory_id: $id}})-[r:{_ALL_TYPES}]->(b:Node) "
    f"WITH collect({{f: a.id, t: type(r), o: b.id, p: properties(r)}}) AS items {_CHUNKED}"
)

# ---------------------------------------------------------------- change log

# A change is a (:Change) node. The many entries of one bulk write (same territory, time and
# author) go instead into (:ChangeBatch) nodes of parallel lists, entry i having seq
# first_seq + i: an import of 80,000 entries then fits in Neo4j's transaction memory, where
# 80,000 nodes with their index entries would not. Readers see one log either way.
CHANGE_WRITE = "UNWIND $rows AS row CREATE (c:Change) SET c = row"
CHANGE_BATCH_WRITE = "CREATE (b:ChangeBatch) SET b = $batch"
_CHANGE_FIELDS = (
    "{seq: c.seq, territory_id: c.territory_id, at: c.at, by: c.by, op: c.op, target: c.target, "
    "target_type: c.target_type, before: c.before, after: c.after} AS p"
)
_BATCH_FIELDS = (
    "{seq: b.first_seq + i, territory_id: b.territory_id, at: b.at, by: b.by, op: b.ops[i], "
    "target: b.targets[i], target_type: b.target_types[i], before: b.befores[i], "
    "after: b.afters[i]} AS p"
)
CHANGES = (
    "CALL () { "
    "MATCH (c:Change) WHERE c.territory_id = $territory_id AND c.seq > $after_seq "
    "AND ($since IS NULL OR c.at_us >= $since) "
    f"RETURN c.seq AS seq, {_CHANGE_FIELDS} ORDER BY seq LIMIT $first "
    "UNION ALL "
    "MATCH (b:ChangeBatch) WHERE b.territory_id = $territory_id AND b.last_seq > $after_seq "
    "AND ($since IS NULL OR b.at_us >= $since) "
    "UNWIND range(0, b.last_seq - b.first_seq) AS i WITH b, i WHERE b.first_seq + i > $after_seq "
    f"RETURN b.first_seq + i AS seq, {_BATCH_FIELDS} ORDER BY seq LIMIT $first "
    "} RETURN p ORDER BY seq LIMIT $first"
)
COUNT_CHANGES = (
    "CALL () { "
    "MATCH (c:Change) WHERE c.territory_id = $territory_id "
    "AND ($since IS NULL OR c.at_us >= $since) RETURN count(c) AS n "
    "UNION ALL "
    "MATCH (b:ChangeBatch) WHERE b.territory_id = $territory_id "
    "AND ($since IS NULL OR b.at_us >= $since) RETURN sum(b.last_seq - b.first_seq + 1) AS n "
    "} RETURN sum(n) AS total"
)
LAST_SEQ = (
    "CALL () { "
    "MATCH (c:Change) WHERE c.territory_id = $territory_id RETURN max(c.seq) AS seq "
    "UNION ALL "
    "MATCH (b:ChangeBatch) WHERE b.territory_id = $territory_id RETURN max(b.last_seq) AS seq "
    "} RETURN coalesce(max(seq), 0) AS seq"
)

WIPE_BATCH = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(n) AS n"

# The stored relationships among (from, type, to) keys, for a bulk upsert's chunk.
RELS_BY_KEY = (
    "UNWIND $keys AS k MATCH (a:Node {id: k[0]})-[r]->(b:Node {id: k[2]}) "
    "WHERE type(r) = k[1] RETURN a.id AS f, type(r) AS t, b.id AS o, properties(r) AS p"
)
