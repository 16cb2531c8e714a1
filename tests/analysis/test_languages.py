"""The analysis speaks the reader's language: every gap, suggestion and fragility sentence is
one catalog entry rendered in French or English when it is read (issue 15), and it keeps that
ability through the pickle and JSON forms the caches use."""

from __future__ import annotations

import json
import pickle
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pactmap.analysis import analyze
from pactmap.analysis.report import render
from pactmap.graph.i18n import texts
from pactmap.graph.sentence import Sentence, from_json, localized

from .test_explanations import random_town
from .test_gaps import energy_map

FR = texts("fr")
# words of the English sentences that a French reader must never meet
ENGLISH = re.compile(
    r"\b(work on|works on|both|but they have|never worked|collaboration groups?|would join|"
    r"none of them|is the only link|actors from|worsening|the indicator|no tie)\b"
)


def test_a_gap_reads_in_french() -> None:
    (group,) = [g for g in analyze(energy_map(joint=False).snapshot()).gaps if g.kind == "group"]
    french = localized(group.explanation, FR)
    assert "travaillent tous sur Energy poverty" in french, french
    assert "«\u00a0Households that cannot heat their home\u00a0» est au niveau 1 sur 5" in french
    assert "mais aucun n’a de lien, d’engagement commun ni de contrat partagé" in french
    # the English text is the sentence itself, unchanged for those who read it as a string
    assert "all work on Energy poverty" in group.explanation
    assert not ENGLISH.search(french), french


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_no_english_is_left_in_a_french_analysis(seed: int) -> None:
    report = analyze(random_town(seed).snapshot())
    said = [
        *(g.explanation for g in report.gaps),
        *(s.explanation for s in report.suggestions),
        *(s.objective for s in report.suggestions),
        *(f.explanation for f in report.fragilities),
        *(n.reason for n in report.coverage.uncovered_indicators),
    ]
    for text in said:
        assert isinstance(text, Sentence), text
        french = localized(text, FR)
        assert not ENGLISH.search(french), french
        # the numbers a sentence states are the same in both languages
        assert re.findall(r"\d+", french) == re.findall(r"\d+", text), (text, french)


def test_a_sentence_survives_pickle_and_json_with_its_language() -> None:
    report = analyze(energy_map(joint=True).snapshot())
    text = report.gaps[0].explanation
    assert isinstance(text, Sentence)
    again = pickle.loads(pickle.dumps(report)).gaps[0].explanation
    assert again == text and localized(again, FR) == localized(text, FR)
    restored = from_json(json.loads(json.dumps(text.to_json())))
    assert restored == text and localized(restored, FR) == localized(text, FR)


def test_the_written_report_is_in_the_language_asked() -> None:
    report = analyze(energy_map(joint=False).snapshot())
    french = render(report, "text", "fr")
    assert french.startswith("Analyse de ")
    assert "Écarts de coordination" in french and "Tendances des indicateurs" in french
    assert localized(report.gaps[0].explanation, FR) in french
    data = json.loads(render(report, "json", "fr"))
    assert data["gaps"][0]["explanation"] == localized(report.gaps[0].explanation, FR)
    english = render(report, "text", "en")
    assert english.startswith("Analysis of ") and report.gaps[0].explanation in english
