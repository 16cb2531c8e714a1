"""Rendering a report: text, Markdown, JSON with the names other tools rely on."""

from __future__ import annotations

import json

import pytest
from pactmap.analysis import analyze
from pactmap.analysis.report import render

from .test_suggestions import town


def test_json_uses_the_names_other_tools_rely_on() -> None:
    data = json.loads(render(analyze(town().snapshot()), "json"))
    assert {"silos", "gaps", "brokers", "coverage", "suggestions", "trends"} <= set(data)
    assert {
        "uncoveredIndicators",
        "uncoveredTopics",
        "orphanConcerns",
        "unrepresentedGroups",
    } <= set(data["coverage"])
    s = data["suggestions"][0]
    assert {"id", "actors", "objective", "score", "terms", "explanation"} <= set(s)
    assert set(s["terms"][0]) == {"name", "value"}
    assert {"actors", "sectors", "homophily"} <= set(data["silos"][0])
    assert {"actors", "topics", "score", "explanation"} <= set(data["gaps"][0])
    assert {"actor", "betweenness", "constraint"} <= set(data["brokers"][0])
    assert {"indicator", "measurements", "changes"} <= set(data["trends"][0])


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_carry_the_suggestions(fmt: str) -> None:
    report = analyze(town().snapshot())
    page = render(report, fmt)
    assert report.suggestions[0].explanation in page
    assert report.suggestions[0].id in page
    assert ("# Analysis of Testville" in page) == (fmt == "markdown")


def test_unknown_format_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(analyze(town().snapshot()), "pdf")
