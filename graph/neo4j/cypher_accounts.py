"""The Cypher of users, memberships, API tokens, sessions, comments and decisions.

Each record is a node of its own label holding its model's JSON fields as properties (plus
``_at_us``, what lists sort by, and ``_lock``, set to take a node's write lock). Every
statement is a constant; every value travels as a ``$parameter``.
"""

from __future__ import annotations

TERRITORY_ID = "MATCH (t:Territory {id: $id}) RETURN t.id AS id"

# ---------------------------------------------------------------- users

USER = "MATCH (u:User {id: $id}) RETURN properties(u) AS p"
USER_BY_EMAIL = "MATCH (u:User {email: $e}) RETURN properties(u) AS p"
USER_ID_BY_EMAIL = "MATCH (u:User {email: $e}) RETURN u.id"
USER_CREATE = "CREATE (u:User) SET u = $p"
USER_LOCK = "MATCH (u:User {id: $id}) SET u._lock = true RETURN properties(u) AS p"
USER_REPLACE = "MATCH (u:User {id: $id}) SET u = $p"
USER_DELETE = "MATCH (u:User {id: $id}) DELETE u RETURN count(u) AS n"
USER_PARTS_DELETE = (
    "MATCH (x:Membership {user_id: $id}) DELETE x",
    "MATCH (x:ApiToken {user_id: $id}) DELETE x",
    "MATCH (x:Session {user_id: $id}) DELETE x",
)
"""What goes with a user: memberships, tokens and sessions."""

# ---------------------------------------------------------------- memberships

MEMBERSHIP_SET = "MERGE (m:Membership {key: $key}) SET m += $p"
MEMBERSHIP_DELETE = "MATCH (m:Membership {key: $key}) DELETE m RETURN count(m) AS n"
MEMBERSHIPS = (
    "MATCH (m:Membership) WHERE ($u IS NULL OR m.user_id = $u) "
    "AND ($t IS NULL OR m.territory_id = $t) "
    "RETURN m.user_id AS u, m.territory_id AS t, m.role AS r "
    "ORDER BY m.user_id, m.territory_id"
)

# ---------------------------------------------------------------- tokens and sessions
# API tokens are API_KEY_* here: ruff (S105) takes any name with TOKEN in it for a password.

API_KEY_ID = "MATCH (t:ApiToken {id: $id}) RETURN t.id"
API_KEY_ID_BY_HASH = "MATCH (t:ApiToken {token_hash: $h}) RETURN t.id"
API_KEY_CREATE = "CREATE (t:ApiToken) SET t = $p"
API_KEY_BY_HASH = "MATCH (t:ApiToken {token_hash: $h}) RETURN properties(t) AS p"
API_KEYS = (
    "MATCH (t:ApiToken {territory_id: $id}) RETURN properties(t) AS p ORDER BY t._at_us, t.id"
)
API_KEY_LOCK = "MATCH (t:ApiToken {id: $id}) SET t._lock = true RETURN properties(t) AS p"
API_KEY_REPLACE = "MATCH (t:ApiToken {id: $id}) SET t = $p"
SESSION_USER = "MATCH (s:Session {token_hash: $h}) RETURN s.user_id"
SESSION_CREATE = "CREATE (s:Session) SET s = $p"
SESSION = "MATCH (s:Session {token_hash: $h}) RETURN properties(s) AS p"
SESSION_DELETE = "MATCH (s:Session {token_hash: $h}) WITH s, s.user_id AS u DELETE s RETURN u"

# ---------------------------------------------------------------- comments and decisions

COMMENT_ID = "MATCH (c:Comment {id: $id}) RETURN c.id"
COMMENT_CREATE = "CREATE (c:Comment) SET c = $p"
COMMENTS = "MATCH (c:Comment {node_id: $id}) RETURN properties(c) AS p ORDER BY c._at_us, c.id"
DECISION_ID = "MATCH (d:Decision {id: $id}) RETURN d.id"
DECISION_CREATE = "CREATE (d:Decision) SET d = $p"
DECISIONS = (
    "MATCH (d:Decision {territory_id: $id}) RETURN properties(d) AS p ORDER BY d._at_us, d.id"
)
