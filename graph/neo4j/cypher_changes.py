"""The Cypher of the change log: writing entries and batches, reading and counting them.

Every statement here is a constant or is built at import time from the model's enums, never
from input (see :mod:`.cypher_schema`); every value travels as a ``$parameter``.
"""

from __future__ import annotations

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
