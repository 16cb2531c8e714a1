"""The SPIRAL reference taxonomy and the keyword suggestions for citizens' criteria."""

from __future__ import annotations

import doctest
import re

import pytest
from pactmap.graph import taxonomy
from pactmap.graph.model import Dimension
from pactmap.graph.taxonomy import component, components, dimension, dimensions, suggest_components
from pactmap.seeds import valbrune


def test_nine_dimensions_a_to_i_with_the_guides_names() -> None:
    # names of A-H: the original SPIRAL guide, as quoted in DESIGN.md
    expected = {
        "A": "Access to essential resources",
        "B": "Living environment",
        "C": "Relations with and between institutions",
        "D": "Personal relations",
        "E": "Social balances",
        "F": "Personal balance",
        "G": "Feelings of well-being / ill-being",
        "H": "Attitudes and initiatives",
    }
    dims = dimensions()
    assert [d.code for d in dims] == [d.value for d in Dimension]
    for d in dims[:8]:
        assert d.name == expected[d.code]
    assert "future generations" in dims[8].name


def test_67_components_coded_within_their_dimension() -> None:
    # DESIGN.md: "later practice uses 9 dimensions and 67 components"
    comps = components()
    assert len(comps) == 67
    for code, comp in comps.items():
        assert re.fullmatch(r"[A-I][0-9]{2}", code)
        assert code[0] == comp.dimension
        assert comp.name and comp.description
    for d in dimensions():
        assert len(d.components) >= 5
        assert [c.code for c in d.components] == sorted(c.code for c in d.components)


def test_codes_the_method_uses_name_what_the_guide_says() -> None:
    assert component("A03").name.startswith("Housing")
    assert component("A06").name.startswith("Employment")
    assert dimension("I").components[0].code == "I00"


def test_unknown_codes_are_refused_naming_the_code() -> None:
    with pytest.raises(KeyError, match="Z99"):
        component("Z99")
    with pytest.raises(KeyError, match="'K'"):
        dimension("K")


def test_suggestions_ignore_case_and_accents() -> None:
    plain = suggest_components("precarite energetique et chauffage")
    assert plain == suggest_components("PRÉCARITÉ ÉNERGÉTIQUE et Chauffage")
    assert plain[0][0] == "A12"  # the phrase "précarité énergétique" counts two words


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I cannot heat my flat in winter", "A03"),
        ("On n'arrive pas à chauffer le logement", "A03"),
        ("Trouver un emploi stable", "A06"),
        ("No bus on Sundays", "A08"),
        ("Nobody visits me, I feel lonely", "G05"),
        ("Trop de bruit et de déchets dans la rue", "B01"),
        ("Being consulted before the town decides", "C02"),
        ("Les canicules et la sécheresse vont empirer", "I03"),
    ],
)
def test_french_and_english_criteria_get_their_component_first(text: str, code: str) -> None:
    assert suggest_components(text)[0][0] == code


def test_short_keywords_match_whole_words_only() -> None:
    # "car" (A08) must not fire on "career" nor "care"; "gp" not on "group"
    codes = [c for c, _ in suggest_components("a career in care for the group", limit=20)]
    assert "A08" not in codes


def test_no_keyword_gives_no_suggestion_and_limit_is_kept() -> None:
    assert suggest_components("") == []
    assert suggest_components("xyzzy plugh") == []
    assert len(suggest_components("logement emploi santé transport école", limit=2)) == 2


def test_ranking_is_by_score_then_code() -> None:
    result = suggest_components("emploi logement", limit=10)
    assert result == sorted(result, key=lambda item: (-item[1], item[0]))


def test_demo_criteria_are_mostly_classified_as_the_facilitator_coded_them() -> None:
    # the codes in valbrune.CRITERIA were assigned by hand from the determination key
    hits = sum(
        code in [c for c, _ in suggest_components(text, limit=3)]
        for _s, _g, _q, text, code, *_rest in valbrune.CRITERIA
    )
    assert hits / len(valbrune.CRITERIA) >= 0.9


def test_module_examples_hold() -> None:
    result = doctest.testmod(taxonomy)
    assert result.attempted >= 3
    assert result.failed == 0
