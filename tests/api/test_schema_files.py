"""Files over GraphQL: ``exportFile`` (base64) and ``importFile`` into a territory, with the
same checks as the CLI: a malformed file reports its rows and writes nothing."""

from __future__ import annotations

import base64
import json

from pactmap.graph.model import NodeKind, RelType, Role

from tests.api.conftest import Api

EXPORT = """query($t: ID!, $f: String!) { x: exportFile(territoryId: $t, format: $f) {
    filename contentType contentBase64 nodes relationships dropped } }"""
IMPORT = """mutation($t: ID!, $f: String!, $c: String!, $n: String) {
  x: importFile(territoryId: $t, format: $f, contentBase64: $c, filename: $n) {
    __typename
    ... on ImportedFile { nodes relationships created dropped }
    ... on ValidationError { message problems { field message } }
    ... on NotFound { message }
    ... on PermissionDenied { message } } }"""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_graphml_download_imports_into_another_territory(api: Api) -> None:
    source = api.territory("Source")
    target = api.territory("Target")
    viewer = api.user("viewer@example.org", {source: Role.VIEWER})
    coordinator = api.user("coord@example.org", {source: Role.VIEWER, target: Role.COORDINATOR})
    a = api.store.create(
        NodeKind.ACTOR, {"name": "Town", "sector": "public_authority"}, by="t", territory_id=source
    ).id
    b = api.store.create(
        NodeKind.ACTOR, {"name": "Club", "sector": "association"}, by="t", territory_id=source
    ).id
    api.store.link(RelType.COLLABORATES_WITH, a, b, {"strength": 4}, by="t")

    exported = api.run(EXPORT, viewer, t=source, f="graphml")["x"]
    assert (exported["filename"], exported["nodes"], exported["relationships"]) == (
        "pactmap.graphml",
        2,
        1,
    )
    assert b"<graphml" in base64.b64decode(exported["contentBase64"])
    dump = api.run(EXPORT, viewer, t=source, f="json")["x"]
    assert json.loads(base64.b64decode(dump["contentBase64"]))  # the lossless dump parses

    assert (
        api.run(IMPORT, viewer, t=source, f="graphml", c=exported["contentBase64"])["x"][
            "__typename"
        ]
        == "PermissionDenied"
    )
    imported = api.run(IMPORT, coordinator, t=target, f="graphml", c=exported["contentBase64"])["x"]
    assert imported["__typename"] == "ImportedFile", imported
    assert (imported["nodes"], imported["relationships"], imported["created"]) == (2, 1, 2)
    assert api.store.list_nodes(NodeKind.ACTOR, target).total_count == 2


def test_a_malformed_csv_reports_its_rows_and_writes_nothing(api: Api) -> None:
    t = api.territory()
    coordinator = api.user("coord@example.org", {t: Role.COORDINATOR})
    csv_text = "name,sector,influence\nTown,public_authority,3\nClub,association,9\nFirm,nope,3\n"
    result = api.run(IMPORT, coordinator, t=t, f="csv", c=_b64(csv_text), n="actors.csv")["x"]
    assert result["__typename"] == "ValidationError"
    messages = " | ".join(p["message"] for p in result["problems"])
    # rows as a spreadsheet numbers them: the header is row 1
    assert "line 3" in messages and "line 4" in messages, messages
    assert api.store.list_nodes(NodeKind.ACTOR, t).total_count == 0

    refused = api.run(IMPORT, coordinator, t=t, f="json", c=_b64("{}"))["x"]
    assert refused["__typename"] == "ValidationError" and "pactmap import" in refused["message"]
    garbage = api.run(IMPORT, coordinator, t=t, f="kumu", c="not base64!")["x"]
    assert garbage["__typename"] == "ValidationError" and "base64" in garbage["message"]
    assert "unknown format 'pdf'" in api.errors(EXPORT, coordinator, t=t, f="pdf")[0]


def test_another_territory_cannot_be_downloaded(api: Api) -> None:
    mine = api.territory("Mine")
    theirs = api.territory("Theirs")
    facilitator = api.user("f@example.org", {mine: Role.FACILITATOR})
    assert api.errors(EXPORT, facilitator, t=theirs, f="kumu") == [
        f"no territory '{theirs}' that you can see"
    ]
    result = api.run(IMPORT, facilitator, t=theirs, f="kumu", c=_b64("{}"))["x"]
    assert result["__typename"] == "NotFound"


def test_an_unreadable_upload_is_a_validation_error_not_a_crash(api: Api) -> None:
    t = api.territory()
    coordinator = api.user("coord@example.org", {t: Role.COORDINATOR})
    # a CSV saved in Windows-1252 (what many spreadsheets write), and bytes that are no zip
    latin = base64.b64encode("name,sector\nÉcole,association\n".encode("cp1252")).decode()
    cases = [
        ({"f": "csv", "c": latin, "n": "actors.csv"}, "save it as CSV UTF-8"),
        ({"f": "csv", "c": _b64("no zip here")}, "not a zip of CSV files"),
        ({"f": "xlsx", "c": _b64("no workbook")}, "not a readable XLSX workbook"),
    ]
    for variables, expected in cases:
        result = api.run(IMPORT, coordinator, t=t, **variables)["x"]
        assert result["__typename"] == "ValidationError", (variables, result)
        assert expected in result["message"], result["message"]
    assert api.store.list_nodes(NodeKind.ACTOR, t).total_count == 0
