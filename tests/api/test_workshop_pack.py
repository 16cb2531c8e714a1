"""The workshop pack a facilitator prints: the map, the strongest gaps, the suggestions, the
indicator charts, a page per suggestion — checked by reading the printed PDF back (pypdf),
against the analysis report and the demo territory it was made from."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from pactmap.analysis import analyze
from pactmap.api.workshop_pack import (
    GAPS_SHOWN,
    SUGGESTIONS_SHOWN,
    html_to_pdf,
    map_picture,
    workshop_html,
)
from pactmap.graph.i18n import texts
from pactmap.graph.model import NodeKind
from pactmap.graph.sentence import localized
from pactmap.graph.store import Store
from pactmap.seeds.demo import load_demo
from pypdf import PdfReader

TODAY = date(2026, 12, 3)


@pytest.fixture
def demo(sqlite_store: Store) -> tuple[Store, str]:
    return sqlite_store, load_demo(sqlite_store, by="test")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_map_picture_draws_every_actor_and_marks_the_strongest_gaps(
    demo: tuple[Store, str],
) -> None:
    store, territory = demo
    snapshot = store.snapshot(territory)
    report = analyze(snapshot)
    picture = map_picture(snapshot, report, "en")
    assert len(picture.nodes) == len(snapshot.by_kind(NodeKind.ACTOR))
    assert len(picture.gaps) == min(GAPS_SHOWN, len(report.gaps))
    assert len(picture.legend) == min(8, len(report.silos))
    assert all(16 <= x <= 744 and 16 <= y <= 544 for x, y, _, _ in picture.nodes)


def test_the_pack_is_in_the_facilitators_language(demo: tuple[Store, str]) -> None:
    store, territory = demo
    snapshot = store.snapshot(territory)
    report = analyze(snapshot)
    french = workshop_html(snapshot, report, "fr", today=TODAY)
    english = workshop_html(snapshot, report, "en", today=TODAY)
    assert '<html lang="fr">' in french and "Préparé le 3 décembre 2026." in french
    assert "Prepared on December 3, 2026." in english
    assert "Les écarts les plus forts" in french and "The strongest gaps" in english
    assert "<script" not in french


@pytest.mark.browser  # printed by Debian's Chromium, the real engine
def test_the_printed_pdf_holds_the_map_gaps_suggestions_and_charts(
    demo: tuple[Store, str],
) -> None:
    store, territory = demo
    snapshot = store.snapshot(territory)
    report = analyze(snapshot)
    pdf = PdfReader(BytesIO(html_to_pdf(workshop_html(snapshot, report, "fr", today=TODAY))))
    pages = [flat(page.extract_text()) for page in pdf.pages]
    whole = " ".join(pages)
    suggestions = report.suggestions[:SUGGESTIONS_SHOWN]
    assert len(pages) >= 3 + len(suggestions), len(pages)
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert "Dossier d'atelier : Valbrune" in pages[0] and "La carte" in pages[0]
    for gap in report.gaps[:GAPS_SHOWN]:
        assert gap.actors[0].name in whole
    for suggestion in suggestions:
        assert flat(localized(suggestion.objective, texts("fr")))[:40] in whole
    assert whole.count("à travailler ensemble") == len(suggestions)
    assert "Indicateurs" in whole and "Son engagement, en ses propres mots" in whole
