"""The Cypher of the Neo4j store's reads: relationships of nodes, lists, search,
neighbourhoods and snapshots.

Every statement here is a constant or is built at import time from the model's enums, never
from input (see :mod:`.cypher_schema`); every value travels as a ``$parameter``.
"""

from __future__ import annotations

from ..model import NodeKind
from .cypher_schema import ALL_TYPES, LABELS, REL_ROW

RELS_OUT = (
    f"UNWIND $ids AS i MATCH (a:Node {{id: i}})-[r:{ALL_TYPES}]->(b:Node) "
    f"WHERE type(r) IN $types RETURN {REL_ROW}"
)
RELS_IN = (
    f"UNWIND $ids AS i MATCH (a:Node)-[r:{ALL_TYPES}]->(b:Node {{id: i}}) "
    f"WHERE type(r) IN $types RETURN {REL_ROW}"
)
RELS_AMONG = (
    f"UNWIND $ids AS i MATCH (a:Node {{id: i}})-[r:{ALL_TYPES}]->(b:Node) "
    f"WHERE b.id IN $ids RETURN {REL_ROW}"
)

# Store.related: each relationship with the node at its other end, both directions in one
# query, every row in one record (the driver's cost is per record). Types: $out / $in, or
# null for every type.
_HOP_OUT = (
    f"UNWIND $ids AS i MATCH (a:Node {{id: i}})-[r:{ALL_TYPES}]->(b:Node) "
    "WHERE $out IS NULL OR type(r) IN $out "
    "RETURN i AS s, 'out' AS side, a.id AS f, type(r) AS t, b.id AS o, properties(b) AS p"
)
_HOP_IN = (
    f"UNWIND $ids AS i MATCH (a:Node)-[r:{ALL_TYPES}]->(b:Node {{id: i}}) "
    "WHERE $in IS NULL OR type(r) IN $in "
    "RETURN i AS s, 'in' AS side, a.id AS f, type(r) AS t, b.id AS o, properties(a) AS p"
)
_ROWS = " } RETURN collect([s, side, f, t, o, p]) AS rows"
HOPS: dict[tuple[bool, bool], str] = {
    (True, False): "CALL { " + _HOP_OUT + _ROWS,
    (False, True): "CALL { " + _HOP_IN + _ROWS,
    (True, True): "CALL { " + _HOP_OUT + " UNION ALL " + _HOP_IN + _ROWS,
}

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
# A page in one query and one record: the count, then the page's nodes in order.
PAGE: dict[NodeKind, str] = {
    kind: (
        f"CALL {{ {COUNT[kind]} }} CALL {{ "
        + LIST[kind].replace(
            "RETURN properties(n) AS p ORDER BY n._sort, n.id LIMIT $limit",
            "WITH n ORDER BY n._sort, n.id LIMIT $limit RETURN collect(properties(n)) AS items",
        )
        + " } RETURN total, items"
    )
    for kind in LABELS
}

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
        f"MATCH (s:Node {{id: $id}})-[:{ALL_TYPES}*1..{depth}]-(m:Node) "
        "WHERE m <> s RETURN DISTINCT m.id AS id"
    )
    for depth in (1, 2, 3)
}

# A territory comes back in chunks of CHUNK items per record: the driver's cost is per record,
# and tens of thousands of one-item records cost more than the query itself.
CHUNK = 5000
_CHUNKED = "UNWIND range(0, size(items) - 1, $chunk) AS i RETURN items[i..i + $chunk] AS chunk"
TERRITORY = "MATCH (t:Territory {id: $id}) RETURN properties(t) AS p"
SNAPSHOT_NODES = (
    f"MATCH (n:Node {{territory_id: $id}}) WITH collect(properties(n)) AS items {_CHUNKED}"
)
SNAPSHOT_RELS = (
    f"MATCH (a:Node {{territory_id: $id}})-[r:{ALL_TYPES}]->(b:Node) "
    f"WITH collect({{f: a.id, t: type(r), o: b.id, p: properties(r)}}) AS items {_CHUNKED}"
)
