"""history (the audit log, paged) and mapAt (the map as it was) on a real store."""

from __future__ import annotations

import time
from typing import Any

from pactmap.graph.model import NodeKind, RelType, Role, utcnow

from tests.api.conftest import Api

HISTORY = """query($t: ID!, $since: DateTime, $first: Int!, $after: String) {
  history(territoryId: $t, since: $since, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { seq op target targetType by before after node { id } } } } }"""

MAP_AT = """query($t: ID!, $at: DateTime!) { mapAt(territoryId: $t, at: $at) {
  territory { name } nodes { __typename id label version } links { type fromId toId } } }"""


def pause() -> None:
    time.sleep(0.01)  # the log's timestamps are to the microsecond


def test_history_lists_every_change_with_who_and_what(api: Api) -> None:
    t = api.territory()
    viewer = api.user("v@example.org", {t: Role.VIEWER})
    store = api.store
    hall = store.create(
        NodeKind.ACTOR, {"name": "Hall", "sector": "other"}, by="u-amira", territory_id=t
    )
    store.update(hall.id, {"name": "Town hall"}, expected_version=1, by="u-amira")
    topic = store.create(
        NodeKind.TOPIC, {"name": "Energy", "dimension": "A"}, by="u-jonas", territory_id=t
    )
    store.link(RelType.WORKS_ON, hall.id, topic.id, by="u-jonas")
    first = api.run(HISTORY, viewer, t=t, first=2)["history"]
    # the territory's own creation counts too: 1 + 4 changes
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    rest = api.run(HISTORY, viewer, t=t, first=10, after=first["pageInfo"]["endCursor"])["history"]
    assert rest["pageInfo"]["hasNextPage"] is False
    entries = [e["node"] for e in first["edges"] + rest["edges"]]
    assert [e["op"] for e in entries] == ["CREATE", "CREATE", "UPDATE", "CREATE", "LINK"]
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)
    update = entries[2]
    assert update["by"] == "u-amira"
    assert (update["before"]["name"], update["after"]["name"]) == ("Hall", "Town hall")
    assert update["node"] == {"id": hall.id}
    assert entries[4]["target"] == f"{hall.id}|WORKS_ON|{topic.id}"
    assert entries[4]["node"] is None
    # a territory's changeSeq is its last change's seq (where mapChanged(afterSeq:) resumes)
    seq = api.run("query($t: ID!) { territory(id: $t) { changeSeq } }", viewer, t=t)
    assert seq["territory"]["changeSeq"] == entries[-1]["seq"]


def test_history_since_a_moment(api: Api) -> None:
    t = api.territory()
    viewer = api.user("v@example.org", {t: Role.VIEWER})
    api.store.create(NodeKind.ACTOR, {"name": "Old", "sector": "other"}, by="u", territory_id=t)
    pause()
    moment = utcnow()
    pause()
    api.store.create(NodeKind.ACTOR, {"name": "New", "sector": "other"}, by="u", territory_id=t)
    since = api.run(HISTORY, viewer, t=t, since=moment.isoformat(), first=10)["history"]
    assert since["totalCount"] == 1
    assert since["edges"][0]["node"]["after"]["name"] == "New"


def test_map_at_returns_the_earlier_state(api: Api) -> None:
    t = api.territory()
    viewer = api.user("v@example.org", {t: Role.VIEWER})
    store = api.store
    hall = store.create(NodeKind.ACTOR, {"name": "Hall", "sector": "other"}, by="u", territory_id=t)
    gone = store.create(
        NodeKind.TOPIC, {"name": "Heating", "dimension": "A"}, by="u", territory_id=t
    )
    store.link(RelType.WORKS_ON, hall.id, gone.id, by="u")
    pause()
    cycle_start = utcnow()
    pause()
    store.update(hall.id, {"name": "Town hall"}, expected_version=1, by="u")
    tenants = store.create(
        NodeKind.ACTOR, {"name": "Tenants", "sector": "citizen_group"}, by="u", territory_id=t
    )
    store.link(RelType.COLLABORATES_WITH, hall.id, tenants.id, by="u")
    store.delete(gone.id, expected_version=1, by="u")

    then: dict[str, Any] = api.run(MAP_AT, viewer, t=t, at=cycle_start.isoformat())["mapAt"]
    assert sorted((n["__typename"], n["label"], n["version"]) for n in then["nodes"]) == [
        ("Actor", "Hall", 1),
        ("Topic", "Heating", 1),
    ]
    assert then["links"] == [{"type": "WORKS_ON", "fromId": hall.id, "toId": gone.id}]
    now = api.run(MAP_AT, viewer, t=t, at=utcnow().isoformat())["mapAt"]
    assert sorted(n["label"] for n in now["nodes"]) == ["Tenants", "Town hall"]
    assert now["links"] == [{"type": "COLLABORATES_WITH", "fromId": hall.id, "toId": tenants.id}]


def test_history_and_map_at_need_membership(api: Api) -> None:
    t = api.territory()
    stranger = api.user("s@example.org", {api.territory("Elsewhere"): Role.ADMIN})
    for query, variables in [(HISTORY, {"first": 5}), (MAP_AT, {"at": utcnow().isoformat()})]:
        errors = api.errors(query, stranger, t=t, **variables)
        assert errors and "no territory" in errors[0]


def test_the_log_names_people_not_ids(api: Api) -> None:
    from pactmap.api.auth import LOCAL_BY
    from pactmap.graph.model import Role, TokenScope

    territory = api.territory()
    amira = api.user("amira@example.org", {territory: Role.ADMIN})
    assert amira.user is not None
    _, token = api.token(territory, TokenScope.WRITE)
    api.store.update_user(amira.user.id, name="Amira Benali")
    for by in (amira.user.id, LOCAL_BY, f"token:{token.id}", "usr-erased"):
        api.store.create(
            NodeKind.TOPIC, {"name": f"by {by}", "dimension": "A"}, territory_id=territory, by=by
        )
    data = api.run(
        "query($t: ID!) { history(territoryId: $t) { edges { node { by byName } } } }",
        amira,
        t=territory,
    )
    names = {e["node"]["by"]: e["node"]["byName"] for e in data["history"]["edges"]}
    assert names[amira.user.id] == "Amira Benali"
    assert names[LOCAL_BY] == "the command line"
    assert names[f"token:{token.id}"] == "an API token"  # the test token has no name
    assert names["usr-erased"] == "a former member"
