"""The analysis report as text or Markdown: every section, in the order a coordinator reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pactmap.analysis.analyze import analyze
from pactmap.api.report_text import render
from pactmap.graph.model import NodeKind, new_node
from pactmap.graph.store import Snapshot

SECTIONS = (
    "Contract suggestions",
    "Coordination gaps",
    "Silos",
    "Brokers",
    "Coverage",
    "Indicator trends",
)


def empty_report():  # type: ignore[no-untyped-def]
    territory = new_node(
        NodeKind.TERRITORY,
        {"name": "Valbourg"},
        node_id="ter-1",
        territory_id=None,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return analyze(Snapshot(territory=territory, nodes=[], relationships=[]))


def test_markdown_has_a_title_and_every_section_in_order() -> None:
    text = render(empty_report(), "markdown")
    assert text.startswith("# Coordination analysis: Valbourg\n")
    positions = [text.index(f"## {name}") for name in SECTIONS]
    assert positions == sorted(positions)


def test_text_underlines_headings_instead_of_markdown_marks() -> None:
    text = render(empty_report(), "text")
    assert "#" not in text
    assert (
        "Coordination analysis: Valbourg\n" + "=" * len("Coordination analysis: Valbourg") in text
    )


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="html"):
        render(empty_report(), "html")
