"""The committed api/schema.graphql is the schema the code builds (regenerate it with
``python -m pactmap.api.schema``)."""

from __future__ import annotations

from pathlib import Path

from pactmap.api.schema import schema
from pactmap.api.schema.__main__ import SCHEMA_FILE


def test_committed_schema_matches_the_code() -> None:
    committed = Path(SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "api/schema.graphql is stale: run `python -m pactmap.api.schema` and commit it"
    )
