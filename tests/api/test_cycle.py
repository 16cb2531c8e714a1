"""The SPIRAL cycle through the GraphQL schema: a workshop's criteria, their classification, an
indicator built from them, a contract with measurements and co-evaluations, the territory's
synthesis, and the difference between two cycles."""

from __future__ import annotations

from typing import Any

from pactmap.graph.model import NodeKind, RelType, Role

from tests.api.conftest import Api

FAILURES = """... on ValidationError { message problems { field message } }
  ... on VersionConflict { message currentVersion }
  ... on NotFound { message }
  ... on PermissionDenied { message }"""

RECORD = f"""mutation($t: ID!, $g: ID!, $c: [CriterionNoteInput!]!, $apply: Boolean! = false) {{
  r: recordCriteria(territoryId: $t, groupId: $g, criteria: $c, applySuggestions: $apply) {{
    __typename
    ... on RecordedCriteria {{
      group {{ id name }}
      criteria {{ criterion {{ id text dimension code version }} suggestions {{ code score }} }}
    }}
    {FAILURES}
  }}
}}"""

ADVANCE = f"""mutation($t: ID!, $v: Int!) {{
  r: advanceCycle(territoryId: $t, expectedVersion: $v) {{
    __typename ... on Territory {{ spiralCycle version }} {FAILURES}
  }}
}}"""


def _actor(api: Api, territory: str, name: str, sector: str) -> str:
    node = api.store.create(
        NodeKind.ACTOR, {"name": name, "sector": sector}, by="test", territory_id=territory
    )
    return node.id


def _ok(result: dict[str, Any], typename: str) -> dict[str, Any]:
    assert result["__typename"] == typename, result
    return result


def test_a_workshop_through_to_a_synthesis_and_a_cycle_diff(api: Api) -> None:
    t = api.territory("Valbrune")
    coordinator = api.user("coord@example.org", {t: Role.COORDINATOR})
    facilitator = api.user("facil@example.org", {t: Role.FACILITATOR})
    town = _actor(api, t, "Town hall", "public_authority")
    assoc = _actor(api, t, "Food bank", "association")
    parents = _actor(api, t, "Single parents", "citizen_group")
    elderly = _actor(api, t, "Retired people", "citizen_group")

    # --- cycle 1: the facilitator types in two groups' notes in bulk
    notes = [
        {"text": "On n'arrive pas à chauffer le logement", "question": "ILLBEING"},
        {"text": "Trouver un emploi stable", "question": "WELLBEING", "code": "A06"},
        {"text": "Des amis pour les enfants", "question": "WELLBEING", "dimension": "D"},
    ]
    recorded = _ok(api.run(RECORD, facilitator, t=t, g=parents, c=notes)["r"], "RecordedCriteria")
    rows = recorded["criteria"]
    assert [r["criterion"]["text"] for r in rows] == [n["text"] for n in notes]
    # a code fills in its dimension; an unclassified note keeps none but gets suggestions
    assert [(r["criterion"]["dimension"], r["criterion"]["code"]) for r in rows] == [
        (None, ""),
        ("A", "A06"),
        ("D", ""),
    ]
    assert rows[0]["suggestions"][0]["code"] == "A03"  # taxonomy: "chauff", "logement"
    heating, job, friends = (r["criterion"]["id"] for r in rows)
    expressed = api.store.relationships([parents], types=[RelType.EXPRESSED], direction="out")
    assert {r.to_id for r in expressed[parents]} == {heating, job, friends}

    # the elderly group's notes, classified by the taxonomy's best suggestion on entry
    elderly_notes = [{"text": "Le logement est trop froid", "question": "ILLBEING"}]
    (cold,) = _ok(
        api.run(RECORD, facilitator, t=t, g=elderly, c=elderly_notes, apply=True)["r"],
        "RecordedCriteria",
    )["criteria"]
    assert (cold["criterion"]["dimension"], cold["criterion"]["code"]) == ("A", "A03")

    # the coordinator confirms the suggestion for the first note, with a meaning
    classify = f"""mutation($id: ID!, $v: Int!) {{ r: updateCriterion(id: $id, expectedVersion: $v,
        input: {{dimension: A, code: "A03", meaning: QUALITY}}) {{
        __typename ... on Criterion {{ dimension code meaning }} {FAILURES} }} }}"""
    classified = _ok(api.run(classify, coordinator, id=heating, v=1)["r"], "Criterion")
    assert classified == {
        "__typename": "Criterion",
        "dimension": "A",
        "code": "A03",
        "meaning": "QUALITY",
    }

    suggested = api.run(
        '{ s: suggestClassification(text: "chauffer le logement") { code dimension name } }'
    )
    assert suggested["s"][0] == {"code": "A03", "dimension": "A", "name": "Housing / furniture"}

    summary = api.run(
        """query($t: ID!) { s: criteriaSynthesis(territoryId: $t) {
            total unraised
            groups { group { name } dimensions { dimension count share } stressed }
            minorities { kind code group { name } criteria { name } } } }""",
        facilitator,
        t=t,
    )["s"]
    assert summary["total"] == 4
    groups = {g["group"]["name"]: g for g in summary["groups"]}
    # parents: A03 heating and A06 job in A, friends in D -> A 2/3, D 1/3
    assert groups["Single parents"]["dimensions"] == [
        {"dimension": "A", "count": 2, "share": 0.666667},
        {"dimension": "D", "count": 1, "share": 0.333333},
    ]
    assert groups["Retired people"]["stressed"] == ["A"]
    assert summary["unraised"] == ["B", "C", "E", "F", "G", "H", "I"]
    minorities = {(m["kind"], m["code"]): m for m in summary["minorities"]}
    # D and A06 only by parents; A03 by both groups, so it is not a minority
    assert set(minorities) == {("dimension", "D"), ("component", "A06")}
    assert minorities[("dimension", "D")]["criteria"] == [{"name": "Des amis pour les enfants"}]

    # an indicator built from the two housing criteria, with its five levels
    make_indicator = f"""mutation($t: ID!, $c: [ID!]!) {{ r: createIndicatorFromCriteria(
        territoryId: $t, criterionIds: $c, input: {{name: "Cold homes", unit: "%",
        level1: "over 30%", level2: "20-30%", level3: "10-20%", level4: "5-10%",
        level5: "under 5%", direction: LOWER_IS_BETTER, targetLevel: 4}}) {{
        __typename ... on Indicator {{ id level1 level5 targetLevel criteria {{ id }} }}
        {FAILURES} }} }}"""
    denied = api.run(make_indicator, facilitator, t=t, c=[heating])["r"]
    assert denied["__typename"] == "PermissionDenied"
    indicator = _ok(
        api.run(make_indicator, coordinator, t=t, c=[heating, cold["criterion"]["id"]])["r"],
        "Indicator",
    )
    assert (indicator["level1"], indicator["level5"], indicator["targetLevel"]) == (
        "over 30%",
        "under 5%",
        4,
    )
    assert {c["id"] for c in indicator["criteria"]} == {heating, cold["criterion"]["id"]}
    ind = indicator["id"]

    # --- cycle 2: the coordinator moves on; the facilitator may not
    version = api.store.get(t).version
    assert api.run(ADVANCE, facilitator, t=t, v=version)["r"]["__typename"] == "PermissionDenied"
    assert api.run(ADVANCE, coordinator, t=t, v=version - 1)["r"]["__typename"] == (
        "VersionConflict"
    )
    moved = _ok(api.run(ADVANCE, coordinator, t=t, v=version)["r"], "Territory")
    assert moved["spiralCycle"] == 2

    # a business joins; the contract binds town, parents and business; the food bank commits
    firm = _actor(api, t, "Energy co", "private_company")
    contract = api.store.create(
        NodeKind.CONTRACT,
        {"title": "Warm homes", "duration_months": 10, "signed_on": "2026-02-01"},
        by="test",
        territory_id=t,
    ).id
    for actor, role in ((town, "signatory"), (parents, "partner_author"), (firm, "signatory")):
        api.store.link(RelType.SIGNED, actor, contract, {"role": role}, by="test")
    api.store.link(RelType.TARGETS, contract, ind, by="test")
    commitment = api.store.create(
        NodeKind.COMMITMENT, {"title": "Visit cold homes"}, by="test", territory_id=t
    ).id
    api.store.link(RelType.MADE, assoc, commitment, by="test")
    api.store.link(RelType.PART_OF, commitment, contract, by="test")

    measure = f"""mutation($i: ID!, $on: Date!, $v: Float!, $l: Int!) {{ r: recordMeasurement(
        input: {{indicatorId: $i, on: $on, value: $v, level: $l}}) {{ __typename {FAILURES} }} }}"""
    for on, value, level in (("2026-01-15", 24.0, 2), ("2026-11-15", 14.0, 3)):
        assert api.run(measure, coordinator, i=ind, on=on, v=value, l=level)["r"]["__typename"] == (
            "Measurement"
        )
    evaluate = f"""mutation($a: ID!, $c: ID!, $p: EvaluationPhase!, $l: Int!) {{
        r: recordEvaluation(input: {{actorId: $a, targetId: $c, phase: $p, level: $l,
        on: "2026-12-01"}}) {{ __typename {FAILURES} }} }}"""
    for actor, phase, level in (
        (town, "EX_ANTE", 2),
        (parents, "EX_ANTE", 1),
        (town, "EX_POST", 4),
        (parents, "EX_POST", 3),
    ):
        result = api.run(evaluate, coordinator, a=actor, c=contract, p=phase, l=level)["r"]
        assert result["__typename"] == "Evaluation"

    synthesis = api.run(
        """query($t: ID!) { s: synthesis(territoryId: $t) { cycle
            dimensions { dimension name indicators { indicator { id } latestLevel latestOn
              trend contracts { id } commitments { id } } }
            contracts { contract { id } exAnte exAnteCount exPost exPostCount change } } }""",
        facilitator,
        t=t,
    )["s"]
    assert synthesis["cycle"] == 2
    # the indicator's criteria are both in A (A03)
    (dimension,) = synthesis["dimensions"]
    assert (dimension["dimension"], dimension["name"]) == ("A", "Access to essential resources")
    (line,) = dimension["indicators"]
    # levels 2 then 3: improving; the contract targets it; the commitment addresses nothing
    assert (line["latestLevel"], line["latestOn"], line["trend"]) == (3, "2026-11-15", "improving")
    assert line["contracts"] == [{"id": contract}] and line["commitments"] == []
    # ex-ante (2 + 1) / 2, ex-post (4 + 3) / 2
    assert synthesis["contracts"] == [
        {
            "contract": {"id": contract},
            "exAnte": 1.5,
            "exAnteCount": 2,
            "exPost": 3.5,
            "exPostCount": 2,
            "change": 2.0,
        }
    ]

    spans = api.run(
        "query($t: ID!) { c: cycles(territoryId: $t) { cycle startedAt endedAt } }",
        facilitator,
        t=t,
    )["c"]
    assert [s["cycle"] for s in spans] == [1, 2]
    assert spans[0]["endedAt"] == spans[1]["startedAt"] and spans[1]["endedAt"] is None

    # the map kept when cycle 2 started has the criteria and the indicator, no contract
    kept = api.run(
        """query($t: ID!) { s: cycleSnapshot(territoryId: $t, cycle: 2) {
            map { territory { spiralCycle } nodes { __typename id } } } }""",
        facilitator,
        t=t,
    )["s"]["map"]
    assert kept["territory"]["spiralCycle"] == 2  # the move itself opens cycle 2
    kinds = {n["__typename"] for n in kept["nodes"]}
    assert {"Actor", "Criterion", "Indicator"} <= kinds and "Contract" not in kinds
    assert firm not in {n["id"] for n in kept["nodes"]}

    diff = api.run(
        """query($t: ID!) { d: cycleDiff(territoryId: $t, fromCycle: 1, toCycle: 2) {
            newActors { name } newSectors newSignatories { name }
            newlyRepresentedGroups { name } newContracts { name } newCommitments { name }
            newIndicators { name } newCrossSectorTies { actors { name } via }
            counts { name before after } } }""",
        facilitator,
        t=t,
    )["d"]
    assert diff["newActors"] == [{"name": "Energy co"}]
    assert diff["newSectors"] == ["PRIVATE_COMPANY"]
    assert diff["newSignatories"] == [
        {"name": "Energy co"},
        {"name": "Single parents"},
        {"name": "Town hall"},
    ]
    assert diff["newlyRepresentedGroups"] == [{"name": "Single parents"}]
    assert diff["newContracts"] == [{"name": "Warm homes"}]
    assert diff["newCommitments"] == [{"name": "Visit cold homes"}]
    assert diff["newIndicators"] == []  # built in cycle 1
    # the 4 parties (3 signatories + the food bank's commitment) span 4 sectors: 6 pairs
    ties = {frozenset(a["name"] for a in tie["actors"]) for tie in diff["newCrossSectorTies"]}
    assert len(ties) == 6 and frozenset({"Energy co", "Food bank"}) in ties
    counts = {c["name"]: (c["before"], c["after"]) for c in diff["counts"]}
    assert counts["actors"] == (4, 5) and counts["contracts"] == (0, 1)

    # cycle 3 is the last
    version = api.store.get(t).version
    _ok(api.run(ADVANCE, coordinator, t=t, v=version)["r"], "Territory")
    last = api.run(ADVANCE, coordinator, t=t, v=version + 1)["r"]
    assert last["__typename"] == "ValidationError" and "last cycle (3)" in last["message"]
    unseen = api.errors(
        "query($t: ID!) { d: cycleDiff(territoryId: $t, fromCycle: 1, toCycle: 4) { newActors { id } } }",
        facilitator,
        t=t,
    )
    assert unseen and "has not been in cycle 4" in unseen[0]


def test_a_bad_note_in_a_batch_writes_nothing(api: Api) -> None:
    t = api.territory()
    facilitator = api.user("facil@example.org", {t: Role.FACILITATOR})
    viewer = api.user("viewer@example.org", {t: Role.VIEWER})
    group = _actor(api, t, "Young people", "citizen_group")
    notes = [
        {"text": "Un travail", "question": "WELLBEING"},
        {"text": "  ", "question": "ILLBEING"},
        {"text": "Le bus", "question": "ILLBEING", "code": "A99"},
        {"text": "Le logement", "question": "ILLBEING", "code": "A03", "dimension": "B"},
    ]
    result = api.run(RECORD, facilitator, t=t, g=group, c=notes)["r"]
    assert result["__typename"] == "ValidationError"
    fields = [p["field"] for p in result["problems"]]
    assert fields == ["criteria[1].text", "criteria[2].code", "criteria[3].dimension"]
    assert api.store.list_nodes(NodeKind.CRITERION, t).total_count == 0
    # viewers may not record; an actor of another territory is not found
    assert api.run(RECORD, viewer, t=t, g=group, c=notes[:1])["r"]["__typename"] == (
        "PermissionDenied"
    )
    other = api.territory("Elsewhere")
    stranger = _actor(api, other, "Elsewhere group", "citizen_group")
    foreign = api.run(RECORD, facilitator, t=t, g=stranger, c=notes[:1])["r"]
    missing = api.run(RECORD, facilitator, t=t, g="act-0000000000000000", c=notes[:1])["r"]
    assert foreign["__typename"] == missing["__typename"] == "NotFound"
    assert foreign["message"].replace(stranger, "?") == missing["message"].replace(
        "act-0000000000000000", "?"
    )
    # the change log holds one create and one link per criterion of a good batch
    before = api.store.territory_version(t)
    _ok(api.run(RECORD, facilitator, t=t, g=group, c=notes[:1])["r"], "RecordedCriteria")
    ops = [c.op.value for c in api.store.changes(t, after_seq=before)]
    assert ops == ["create", "link"]


NEW_GROUP = f"""mutation($t: ID!, $n: NewGroupInput, $g: ID, $c: [CriterionNoteInput!]!) {{
  r: recordCriteria(territoryId: $t, newGroup: $n, groupId: $g, criteria: $c) {{
    __typename
    ... on RecordedCriteria {{ group {{ id name sector profile size }} criteria {{ criterion {{ id }} }} }}
    {FAILURES}
  }}
}}"""


def test_a_group_met_for_the_first_time_is_created_with_its_criteria(api: Api) -> None:
    t = api.territory()
    facilitator = api.user("facil@example.org", {t: Role.FACILITATOR})
    notes = [{"text": "Un travail", "question": "WELLBEING"}]
    group = {"name": "Young people without work", "profile": "18-25", "size": 9}
    made = _ok(api.run(NEW_GROUP, facilitator, t=t, n=group, c=notes)["r"], "RecordedCriteria")
    assert made["group"]["name"] == "Young people without work"
    # a new group is a citizen group unless it says otherwise (DESIGN.md: groups are actors)
    assert (made["group"]["sector"], made["group"]["profile"], made["group"]["size"]) == (
        "CITIZEN_GROUP",
        "18-25",
        9,
    )
    gid = made["group"]["id"]
    expressed = api.store.relationships([gid], types=[RelType.EXPRESSED], direction="out")[gid]
    assert [r.to_id for r in expressed] == [made["criteria"][0]["criterion"]["id"]]

    # a bad group is reported with the notes' problems, and nothing is written
    bad = api.run(
        NEW_GROUP, facilitator, t=t, n={"name": " "}, c=[{"text": "", "question": "ACTION"}]
    )
    assert [p["field"] for p in bad["r"]["problems"]] == ["newGroup.name", "criteria[0].text"]
    both = api.run(NEW_GROUP, facilitator, t=t, n=group, g=gid, c=notes)["r"]
    assert both["__typename"] == "ValidationError" and "not both" in both["message"]
    assert api.store.list_nodes(NodeKind.ACTOR, t).total_count == 1
    assert api.store.list_nodes(NodeKind.CRITERION, t).total_count == 1


CLASSIFY = f"""mutation($id: ID!, $v: Int!, $in: ClassifyCriterionInput!) {{
  r: classifyCriterion(id: $id, expectedVersion: $v, input: $in) {{
    __typename ... on Criterion {{ text dimension code meaning version }} {FAILURES}
  }}
}}"""


def test_the_facilitator_corrects_a_classification_but_not_the_text(api: Api) -> None:
    t = api.territory()
    facilitator = api.user("facil@example.org", {t: Role.FACILITATOR})
    viewer = api.user("viewer@example.org", {t: Role.VIEWER})
    group = _actor(api, t, "Tenants", "citizen_group")
    notes = [{"text": "Le chauffage", "question": "ILLBEING", "code": "A12"}]
    (row,) = _ok(api.run(RECORD, facilitator, t=t, g=group, c=notes)["r"], "RecordedCriteria")[
        "criteria"
    ]
    cid = row["criterion"]["id"]
    done = api.run(
        CLASSIFY, facilitator, id=cid, v=1, **{"in": {"code": "A03", "meaning": "QUALITY"}}
    )
    # a code fills in its dimension; the text stays as the group wrote it
    assert done["r"] == {
        "__typename": "Criterion",
        "text": "Le chauffage",
        "dimension": "A",
        "code": "A03",
        "meaning": "QUALITY",
        "version": 2,
    }
    clash = api.run(CLASSIFY, facilitator, id=cid, v=2, **{"in": {"code": "A03", "dimension": "B"}})
    assert clash["r"]["__typename"] == "ValidationError"
    assert "belongs to dimension 'A'" in clash["r"]["message"]
    stale = api.run(CLASSIFY, facilitator, id=cid, v=1, **{"in": {"dimension": "A"}})
    assert stale["r"]["__typename"] == "VersionConflict"
    denied = api.run(CLASSIFY, viewer, id=cid, v=2, **{"in": {"dimension": "A"}})
    assert denied["r"]["__typename"] == "PermissionDenied"
    other = api.territory("Elsewhere")
    outsider = api.user("out@example.org", {other: Role.ADMIN})
    hidden = api.run(CLASSIFY, outsider, id=cid, v=2, **{"in": {"dimension": "A"}})
    assert hidden["r"]["__typename"] == "NotFound"
    assert api.store.get(cid).version == 2


def test_a_cycle_map_keeps_what_was_deleted_since(api: Api) -> None:
    t = api.territory()
    coordinator = api.user("coord@example.org", {t: Role.COORDINATOR})
    gone = _actor(api, t, "Closed association", "association")
    renamed = _actor(api, t, "Old name", "public_authority")
    _ok(api.run(ADVANCE, coordinator, t=t, v=api.store.get(t).version)["r"], "Territory")
    api.store.delete(gone, expected_version=1, by="test")
    api.store.update(renamed, {"name": "New name"}, expected_version=1, by="test")
    kept = api.run(
        """query($t: ID!) { s: cycleSnapshot(territoryId: $t, cycle: 2) {
            map { nodes { id label } } } }""",
        coordinator,
        t=t,
    )["s"]["map"]["nodes"]
    # as cycle 2 started: the association still there, the authority under its old name
    assert sorted((n["id"], n["label"]) for n in kept) == sorted(
        [(gone, "Closed association"), (renamed, "Old name")]
    )
    now = api.run(
        """query($t: ID!) { s: cycleSnapshot(territoryId: $t, cycle: 2, atEnd: true) {
            map { nodes { label } } } }""",
        coordinator,
        t=t,
    )["s"]["map"]["nodes"]
    assert [n["label"] for n in now] == ["New name"]  # cycle 2 is current: its end is now
