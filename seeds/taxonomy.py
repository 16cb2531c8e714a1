"""The SPIRAL reference taxonomy: dimensions A-I of well-being and their 67 components.

The data lives in ``taxonomy.json`` beside this module. Codes and names follow the method's
determination key (dimension A) and its spirit elsewhere; dimension I, the ninth of later
practice, is read here as "Participation and co-responsibility / relations with future
generations".

:func:`suggest_components` proposes a classification for a citizen's criterion from French
and English keywords, ignoring case and accents. It is a suggestion for a facilitator to
confirm, not a classifier.

Examples
--------
>>> component("A03").name
'Housing / furniture'
>>> suggest_components("On n'arrive pas à chauffer le logement")[0][0]
'A03'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pactmap.graph.model import search_key

_TOKEN = re.compile(r"[a-z0-9]+")
_PREFIX_MIN = 5
"""A keyword this long or longer also matches words it begins ('chauff' finds 'chauffage');
shorter ones match whole words (and their plural), so 'car' does not find 'career'."""


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    description: str
    dimension: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class DimensionInfo:
    code: str
    name: str
    description: str
    components: tuple[Component, ...]


@cache
def dimensions() -> tuple[DimensionInfo, ...]:
    """The nine dimensions, A to I, each with its components in code order."""
    raw = json.loads(resources.files(__package__).joinpath("taxonomy.json").read_text("utf-8"))
    result = []
    for dim in raw["dimensions"]:
        comps = tuple(
            Component(
                code=c["code"],
                name=c["name"],
                description=c["description"],
                dimension=dim["code"],
                keywords=tuple(c["keywords"]),
            )
            for c in dim["components"]
        )
        result.append(DimensionInfo(dim["code"], dim["name"], dim["description"], comps))
    return tuple(result)


def dimension(code: str) -> DimensionInfo:
    """The dimension with this letter; raises KeyError naming the code otherwise."""
    for dim in dimensions():
        if dim.code == code:
            return dim
    raise KeyError(f"no SPIRAL dimension '{code}' (known: A to I)")


@cache
def components() -> dict[str, Component]:
    """Every component by code, in code order."""
    return {c.code: c for dim in dimensions() for c in dim.components}


def component(code: str) -> Component:
    """The component with this code (e.g. 'A06'); raises KeyError naming the code otherwise."""
    try:
        return components()[code]
    except KeyError:
        raise KeyError(f"no SPIRAL component '{code}'") from None


def tokens(text: str) -> list[str]:
    """Lower-case, accent-free words of ``text``."""
    return _TOKEN.findall(search_key(text))


def _word_matches(keyword: str, word: str) -> bool:
    if len(keyword) >= _PREFIX_MIN:
        return word.startswith(keyword)
    return word in (keyword, keyword + "s", keyword + "es")


def _phrase_in(phrase: tuple[str, ...], words: list[str]) -> bool:
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if all(words[i + j] == phrase[j] for j in range(n - 1)) and _word_matches(
            phrase[-1], words[i + n - 1]
        ):
            return True
    return False


@cache
def _keyword_index() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    index = []
    for code, comp in components().items():
        phrases = tuple(dict.fromkeys(tuple(tokens(k)) for k in comp.keywords if tokens(k)))
        index.append((code, phrases))
    return tuple(index)


def suggest_components(text: str, *, limit: int = 5) -> list[tuple[str, float]]:
    """Components a criterion's text is likely about, best first, with a score.

    Each keyword found in the text adds its number of words to its component's score (a
    phrase such as "energy poverty" says more than one word). Ties are broken by code, so
    the result is deterministic. Text with no known keyword gives an empty list.

    Examples
    --------
    >>> suggest_components("Trouver un EMPLOI stable", limit=1)
    [('A06', 1.0)]
    """
    words = tokens(text)
    if not words:
        return []
    scores: list[tuple[str, float]] = []
    for code, phrases in _keyword_index():
        score = float(sum(len(p) for p in phrases if _phrase_in(p, words)))
        if score > 0:
            scores.append((code, score))
    scores.sort(key=lambda item: (-item[1], item[0]))
    return scores[:limit]
