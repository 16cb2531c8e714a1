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


@dataclass(frozen=True)
class _Index:
    """Keywords by how they match: whole words (and plurals), word prefixes, and phrases
    keyed by their first word. Each entry names its component and its keyword."""

    words: dict[str, list[tuple[str, tuple[str, ...]]]]
    prefixes: dict[str, list[tuple[str, tuple[str, ...]]]]
    prefix_lengths: tuple[int, ...]
    phrases: dict[str, list[tuple[str, tuple[str, ...]]]]


@cache
def _index() -> _Index:
    words: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    prefixes: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    phrases: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code, comp in components().items():
        for phrase in dict.fromkeys(tuple(tokens(k)) for k in comp.keywords):
            if len(phrase) > 1:
                phrases.setdefault(phrase[0], []).append((code, phrase))
            elif len(phrase) == 1 and len(phrase[0]) >= _PREFIX_MIN:
                prefixes.setdefault(phrase[0], []).append((code, phrase))
            elif phrase:
                for form in (phrase[0], phrase[0] + "s", phrase[0] + "es"):
                    words.setdefault(form, []).append((code, phrase))
    lengths = tuple(sorted({len(p) for p in prefixes}))
    return _Index(words, prefixes, lengths, phrases)


def _last_word_matches(keyword: str, word: str) -> bool:
    if len(keyword) >= _PREFIX_MIN:
        return word.startswith(keyword)
    return word in (keyword, keyword + "s", keyword + "es")


def _matches(words: list[str]) -> set[tuple[str, tuple[str, ...]]]:
    """Every (component, keyword) found in ``words``."""
    index = _index()
    found: set[tuple[str, tuple[str, ...]]] = set()
    for i, word in enumerate(words):
        found.update(index.words.get(word, ()))
        for length in index.prefix_lengths:
            if length > len(word):
                break
            found.update(index.prefixes.get(word[:length], ()))
        for code, phrase in index.phrases.get(word, ()):
            tail = words[i + 1 : i + len(phrase)]
            if (
                len(tail) == len(phrase) - 1
                and tail[:-1] == list(phrase[1:-1])
                and _last_word_matches(phrase[-1], tail[-1])
            ):
                found.add((code, phrase))
    return found


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
    totals: dict[str, float] = {}
    for code, phrase in _matches(tokens(text)):
        totals[code] = totals.get(code, 0.0) + len(phrase)
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
