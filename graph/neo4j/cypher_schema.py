"""The Neo4j store's layout and schema: labels, relationship types, constraints and indexes,
the change counter. The other Cypher lives by concern in ``cypher_nodes`` (writes to the map),
``cypher_reads``, ``cypher_changes`` (the change log) and ``cypher_accounts``.

Every statement here is a constant or is built at import time from the model's enums, never
from input. Labels and relationship types cannot be query parameters, so the store picks one of
the strings below by a validated :class:`~pactmap.graph.model.NodeKind` or
:class:`~pactmap.graph.model.RelType`; every value travels as a ``$parameter``.

Layout in the graph: a map node carries the common label ``:Node`` and its kind's label
(``:Node:Actor``), its model fields as properties (JSON values: dates as ISO strings), and three
private ones: ``_kind``, ``_sort`` (what lists sort by: ``codec.sort_key`` of the label)
and ``_search`` (``model.search_key`` of the label). Accounts, comments, decisions and the
change log are nodes of their own labels with no relationship to the map, so no traversal of
the map ever reaches them.
"""

from __future__ import annotations

from ..model import NodeKind, RelType

NODE = "Node"

LABELS: dict[NodeKind, str] = {kind: kind.value for kind in NodeKind}
"""The label of each kind (the whitelist: a kind's label is its enum value, nothing else)."""

REL_TYPES: dict[RelType, str] = {rel: rel.value for rel in RelType}
"""The relationship type of each RelType (the whitelist)."""

ALL_TYPES = "|".join(REL_TYPES[t] for t in RelType)

REL_ROW = "a.id AS f, type(r) AS t, b.id AS o, properties(r) AS p"
"""What a relationship query returns: ends, type and properties."""

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
    "CREATE CONSTRAINT pactmap_invitation_id IF NOT EXISTS "
    "FOR (i:Invitation) REQUIRE i.id IS UNIQUE",
    "CREATE CONSTRAINT pactmap_invitation_hash IF NOT EXISTS "
    "FOR (i:Invitation) REQUIRE i.token_hash IS UNIQUE",
    "CREATE INDEX pactmap_invitation_territory IF NOT EXISTS "
    "FOR (i:Invitation) ON (i.territory_id)",
    "CREATE CONSTRAINT pactmap_login_failures IF NOT EXISTS "
    "FOR (f:LoginFailures) REQUIRE f.key IS UNIQUE",
    "CREATE CONSTRAINT pactmap_analysis_slot IF NOT EXISTS "
    "FOR (r:AnalysisResult) REQUIRE r.slot IS UNIQUE",
    "CREATE INDEX pactmap_analysis_territory IF NOT EXISTS "
    "FOR (r:AnalysisResult) ON (r.territory_id)",
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

SHOW_SCHEMA = ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")
"""The names of the constraints and indexes there are."""
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

WIPE_BATCH = "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(n) AS n"
