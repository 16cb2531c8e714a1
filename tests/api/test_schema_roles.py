"""The role x operation matrix: each kind of caller may do exactly what its role allows
(api/auth.py GRANTS) and is refused the rest; non-members see nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pactmap.api.auth import Caller
from pactmap.graph.model import NodeKind, Role, TokenScope

from tests.api.conftest import Api

REFUSED = {"PermissionDenied", "NotFound"}


def _typename(api: Api, query: str, caller: Caller, **variables: Any) -> bool:
    data = api.run(query, caller, **variables)
    return next(iter(data.values()))["__typename"] not in REFUSED


def _query_ok(api: Api, query: str, caller: Caller, **variables: Any) -> bool:
    return not api.errors(query, caller, **variables)


def op_read(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    return _query_ok(api, "query($t: ID!) { actors(territoryId: $t) { totalCount } }", c, t=w["t"])


def op_history(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    return _query_ok(api, "query($t: ID!) { history(territoryId: $t) { totalCount } }", c, t=w["t"])


def op_comment(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = 'mutation($id: ID!) { r: addComment(nodeId: $id, text: "hello") { __typename } }'
    return _typename(api, q, c, id=w["actor"])


def op_draft_contract(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = 'mutation($t: ID!) { r: createContract(input: {territoryId: $t, title: "Draft"}) { __typename } }'
    return _typename(api, q, c, t=w["t"])


def op_signed_contract(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = """mutation($t: ID!) { r: createContract(input: {territoryId: $t, title: "Signed",
        status: SIGNED}) { __typename } }"""
    return _typename(api, q, c, t=w["t"])


def op_create(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = 'mutation($t: ID!) { r: createActor(input: {territoryId: $t, name: "New", sector: OTHER}) { __typename } }'
    return _typename(api, q, c, t=w["t"])


def op_update(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    version = api.store.get(w["actor"]).version
    q = "mutation($id: ID!, $v: Int!) { r: updateActor(id: $id, expectedVersion: $v, input: {interest: 4}) { __typename } }"
    return _typename(api, q, c, id=w["actor"], v=version)


def op_delete(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    victim = api.store.create(
        NodeKind.TOPIC, {"name": "Victim", "dimension": "A"}, by="t", territory_id=w["t"]
    )
    q = "mutation($id: ID!) { r: deleteTopic(id: $id, expectedVersion: 1) { __typename } }"
    return _typename(api, q, c, id=victim.id)


def op_link(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = "mutation($a: ID!, $b: ID!) { r: link(input: {fromId: $a, toId: $b, type: WORKS_ON}) { __typename } }"
    return _typename(api, q, c, a=w["actor"], b=w["topic"])


def op_sign_draft(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = 'mutation($a: ID!, $b: ID!) { r: link(input: {fromId: $a, toId: $b, type: SIGNED, properties: {role: "initiator"}}) { __typename } }'
    return _typename(api, q, c, a=w["actor"], b=w["draft"])


def op_sign_signed(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = "mutation($a: ID!, $b: ID!) { r: link(input: {fromId: $a, toId: $b, type: SIGNED}) { __typename } }"
    return _typename(api, q, c, a=w["actor"], b=w["signed"])


def op_measure(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = 'mutation($i: ID!) { r: recordMeasurement(input: {indicatorId: $i, on: "2025-01-01", value: 1}) { __typename } }'
    return _typename(api, q, c, i=w["indicator"])


def op_update_territory(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    version = api.store.get(w["t"]).version
    q = 'mutation($id: ID!, $v: Int!) { r: updateTerritory(id: $id, expectedVersion: $v, input: {description: "x"}) { __typename } }'
    return _typename(api, q, c, id=w["t"], v=version)


def op_members(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    return _query_ok(api, "query($t: ID!) { members(territoryId: $t) { role } }", c, t=w["t"])


def op_create_token(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = "mutation($t: ID!) { r: createToken(territoryId: $t, scope: READ) { __typename } }"
    return _typename(api, q, c, t=w["t"])


def op_set_member(api: Api, c: Caller, w: dict[str, Any]) -> bool:
    q = 'mutation($t: ID!) { r: setMember(territoryId: $t, email: "guest@example.org", role: VIEWER) { __typename } }'
    return _typename(api, q, c, t=w["t"])


OPERATIONS: dict[str, Callable[[Api, Caller, dict[str, Any]], bool]] = {
    "read": op_read,
    "history": op_history,
    "comment": op_comment,
    "draft contract": op_draft_contract,
    "signed contract": op_signed_contract,
    "create": op_create,
    "update": op_update,
    "delete": op_delete,
    "link": op_link,
    "add a party to a draft contract": op_sign_draft,
    "add a party to a signed contract": op_sign_signed,
    "record measurement": op_measure,
    "update territory": op_update_territory,
    "list members": op_members,
    "create token": op_create_token,
    "set member": op_set_member,
}
READS = {"read", "history"}
FACILITATES = READS | {"comment", "draft contract", "add a party to a draft contract"}
EDITS = FACILITATES | {
    "signed contract",
    "create",
    "update",
    "delete",
    "link",
    "add a party to a signed contract",
    "record measurement",
}
ADMINISTERS = set(OPERATIONS)

# who may do what (issue 6: admin; coordinator edits; facilitator reads, comments, drafts
# contracts; viewer reads; a read token reads; a write token edits but administers nothing)
ALLOWED: dict[str, set[str]] = {
    "admin": ADMINISTERS,
    "coordinator": EDITS,
    "facilitator": FACILITATES,
    "viewer": READS,
    "read token": READS,
    "write token": EDITS,
    "member elsewhere": set(),
    "anonymous": set(),
}


@pytest.fixture
def world(api: Api) -> dict[str, Any]:
    t = api.territory()
    elsewhere = api.territory("Elsewhere")
    api.store.create_user("guest@example.org")
    store = api.store
    w: dict[str, Any] = {
        "t": t,
        "actor": store.create(
            NodeKind.ACTOR, {"name": "Hall", "sector": "other"}, by="t", territory_id=t
        ).id,
        "topic": store.create(
            NodeKind.TOPIC, {"name": "Energy", "dimension": "A"}, by="t", territory_id=t
        ).id,
        "indicator": store.create(
            NodeKind.INDICATOR, {"name": "Cold homes"}, by="t", territory_id=t
        ).id,
        "draft": store.create(NodeKind.CONTRACT, {"title": "Draft"}, by="t", territory_id=t).id,
        "signed": store.create(
            NodeKind.CONTRACT, {"title": "Signed", "status": "signed"}, by="t", territory_id=t
        ).id,
    }
    w["callers"] = {
        "admin": api.user("admin@example.org", {t: Role.ADMIN}),
        "coordinator": api.user("coord@example.org", {t: Role.COORDINATOR}),
        "facilitator": api.user("fac@example.org", {t: Role.FACILITATOR}),
        "viewer": api.user("viewer@example.org", {t: Role.VIEWER}),
        "read token": api.token_caller(t, TokenScope.READ),
        "write token": api.token_caller(t, TokenScope.WRITE),
        "member elsewhere": api.user("far@example.org", {elsewhere: Role.ADMIN}),
        "anonymous": Caller(),
    }
    return w


@pytest.mark.parametrize("who", list(ALLOWED))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_role_operation_matrix(api: Api, world: dict[str, Any], who: str, operation: str) -> None:
    allowed = OPERATIONS[operation](api, world["callers"][who], world)
    assert allowed == (operation in ALLOWED[who]), (
        f"{who} {'may' if allowed else 'may not'} {operation}"
    )


def test_a_refused_edit_writes_nothing(api: Api, world: dict[str, Any]) -> None:
    before = api.store.count_changes(world["t"])
    assert not op_create(api, world["callers"]["viewer"], world)
    assert not op_update(api, world["callers"]["facilitator"], world)
    assert api.store.count_changes(world["t"]) == before


def test_a_token_never_exceeds_its_users_role(api: Api, world: dict[str, Any]) -> None:
    from pactmap.api.auth import caller_for_token

    viewer = world["callers"]["viewer"]
    _, token = api.token(world["t"], TokenScope.WRITE)
    owned = token.model_copy(update={"user_id": viewer.user.id})
    assert caller_for_token(api.store, owned).role_on(world["t"]) is Role.VIEWER


def test_editing_a_node_of_a_territory_you_cannot_see_answers_like_a_missing_id(
    sqlite_api: Api,
) -> None:
    mine = sqlite_api.territory("Mine")
    theirs = sqlite_api.territory("Theirs")
    hidden = sqlite_api.store.create(
        NodeKind.ACTOR,
        {"name": "Their town hall", "sector": "public_authority"},
        by="test",
        territory_id=theirs,
    )
    caller = sqlite_api.user("coord@mine.example", {mine: Role.COORDINATOR})
    update = """mutation($id: ID!) { updateActor(id: $id, expectedVersion: 1, input: {name: "x"}) {
        __typename ... on NotFound { message } } }"""
    delete = """mutation($id: ID!) { deleteActor(id: $id, expectedVersion: 1) {
        __typename ... on NotFound { message } } }"""
    for query in (update, delete):
        seen = sqlite_api.run(query, caller, id=hidden.id)
        missing = sqlite_api.run(query, caller, id="act-does-not-exist")
        result, absent = next(iter(seen.values())), next(iter(missing.values()))
        assert result["__typename"] == absent["__typename"] == "NotFound"
        assert theirs not in result["message"]  # nothing names the other territory
        assert result["message"].replace(hidden.id, "X") == absent["message"].replace(
            "act-does-not-exist", "X"
        )
    assert sqlite_api.store.get(hidden.id).label == "Their town hall"
