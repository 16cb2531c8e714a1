"""The message catalogs are complete: every text the sources mark for people has a translation
in every language, with the same placeholders; the vocabulary covers every enumerated value."""

from __future__ import annotations

import doctest
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pactmap.graph import i18n, vocabulary
from pactmap.graph.i18n import LANGUAGES, negotiate, texts
from pactmap.graph.model import (
    ActionStatus,
    CommitmentStatus,
    ContractStatus,
    Direction,
    EvaluationPhase,
    NodeKind,
    Sector,
    SignatoryRole,
)

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [
    ("graph/**.py", "python"),
    ("api/**.py", "python"),
    ("analysis/**.py", "python"),
    ("api/templates/**.html", "jinja2"),
]


def extracted() -> dict[str, str | None]:
    """Every message the sources mark, from Babel's own extractor (msgid -> plural or None)."""
    found: dict[str, str | None] = {}
    for _, _, message, _, _ in extract_from_dir(ROOT, METHODS, keywords=KEYWORDS):
        if isinstance(message, tuple):
            found[message[0]] = message[1]
        else:
            found[message] = None
    return found


def catalog(lang: str) -> dict[str, object]:
    with i18n.catalog_path(lang).open("rb") as po:
        return {m.id[0] if isinstance(m.id, tuple) else m.id: m.string for m in read_po(po) if m.id}


def test_the_babel_config_lists_what_the_test_extracts() -> None:
    config = (ROOT / "graph" / "locale" / "babel.cfg").read_text()
    for pattern, method in METHODS:
        assert f"[{method}: {pattern}]" in config


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_marked_text_is_in_the_catalog_with_the_same_placeholders(lang: str) -> None:
    marked = extracted()
    assert len(marked) > 50, "the extractor found the sources"
    translated = catalog(lang)
    missing = sorted(set(marked) - set(translated))
    assert not missing, f"{lang}: no entry for {missing[:5]} (run `make messages`)"
    for msgid, plural in marked.items():
        strings = translated[msgid]
        forms = list(strings) if isinstance(strings, tuple) else [strings]
        if lang == i18n.DEFAULT:
            continue  # the English msgid is the text; an empty msgstr falls back to it
        assert all(forms), f"{lang}: {msgid!r} is not translated"
        wanted = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(plural or ""))
        for form in forms:
            assert set(PLACEHOLDER.findall(str(form))) == wanted, (lang, msgid, form)


def test_a_catalog_missing_a_key_is_caught(tmp_path: Path) -> None:
    """The completeness check above can fail: drop one entry and it names it."""
    marked = extracted()
    translated = catalog("fr")
    dropped = next(iter(marked))
    del translated[dropped]
    assert sorted(set(marked) - set(translated)) == [dropped]


@pytest.mark.parametrize(
    ("name", "enum"),
    [
        ("sector", Sector),
        ("contract_status", ContractStatus),
        ("commitment_status", CommitmentStatus),
        ("action_status", ActionStatus),
        ("signatory_role", SignatoryRole),
        ("evaluation_phase", EvaluationPhase),
        ("direction", Direction),
    ],
)
def test_the_vocabulary_has_words_for_every_value(name: str, enum: type) -> None:
    assert set(vocabulary.VOCABULARY[name]) == {member.value for member in enum}


def test_every_kind_of_node_has_a_word_for_messages() -> None:
    assert {kind.value for kind in NodeKind} <= set(vocabulary.VOCABULARY["thing"])
    assert texts("fr")._(vocabulary.label("thing", NodeKind.FUTURE_CONCERN)) == (
        "Préoccupation des générations futures"
    )


def test_local_formats_follow_the_language() -> None:
    # CLDR's French: a narrow no-break space groups thousands, a no-break space precedes % and €.
    assert texts("fr").date(date(2026, 12, 3)) == "3 décembre 2026"
    assert texts("fr").amount(210000) == "210\u202f000\u00a0€"
    assert texts("fr").amount(12.5) == "12,50\u00a0€"
    assert texts("fr").percent(0.142) == "14\u00a0%"
    assert texts("en").amount(210000) == "€210,000"
    assert texts("en").percent(0.142) == "14%"
    assert texts("fr").ngettext("%(count)s month", "%(count)s months", 10) == "10 mois"
    assert texts("en").ngettext("%(count)s month", "%(count)s months", 1) == "1 month"


def test_the_language_is_negotiated_from_the_saved_choice_then_the_browser() -> None:
    assert negotiate("fr-CA,fr;q=0.9", saved="en") == "en"
    assert negotiate("en;q=0.2, fr;q=0.8") == "fr"
    assert negotiate("de, *;q=0.1") == "en"
    assert negotiate(None) == "en"
    assert doctest.testmod(i18n).failed == 0
