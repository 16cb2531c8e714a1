"""Sentences written once and read in any language: a catalog message with its values.

The analyses write their explanations while the reader's language is not known yet (one
analysis, cached, serves every reader). A :class:`Sentence` is that text in the default
language — it *is* a ``str``, so it prints, compares and serialises as before — and it keeps
its message and values, so an edge that knows the reader (a GraphQL request's
``Accept-Language``, the CLI's ``--lang``) renders it again with :func:`localized`. A value
is rendered in the reader's language too: a number with the language's digits, a nested
sentence in that language, a :class:`Listed` as the language writes a list ("A, B and C",
"A, B et C"). Names of actors and topics are plain strings and stay as they are.

The whole sentence is one catalog entry with ``%(name)s`` placeholders (never fragments glued
together), marked for the extractor with ``N_`` (or :func:`ngettext` for a count).

Examples
--------
>>> from pactmap.graph.i18n import texts
>>> s = Sentence(N_("%(open)s of %(total)s pairs have never worked together"), open=3, total=10)
>>> s
'3 of 10 pairs have never worked together'
>>> localized(s, texts("fr"))
'3 paires sur 10 n’ont jamais travaillé ensemble'
>>> localized(Sentence(N_("%(names)s"), names=Listed(("A", "B", "C"))), texts("fr"))
'A, B et C'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from babel.lists import format_list

from .i18n import DEFAULT, N_, Texts, texts

__all__ = ["N_", "Listed", "Sentence", "from_json", "localized", "ngettext"]


CLAUSES = N_("%(clause)s; %(next)s")


@dataclass(frozen=True)
class Listed:
    """Items written as the reader's language writes a list: ``and`` ("A, B and C"), ``or``
    ("A, B or C"), or ``clauses`` (whole clauses separated by semicolons)."""

    items: tuple[Any, ...]
    style: Literal["and", "or", "clauses"] = "and"

    def render(self, t: Texts) -> str:
        items = [_value(v, t) for v in self.items]
        if not items:
            return ""
        if self.style == "clauses":  # French puts a narrow space before the semicolon
            joined = items[-1]
            for item in reversed(items[:-1]):
                joined = t._(CLAUSES, clause=item, next=joined)
            return joined
        return format_list(
            items, style="standard" if self.style == "and" else "or", locale=t.locale
        )


class Sentence(str):
    """A catalog message and its values, whose ``str`` value is the default language's text."""

    msgid: str
    plural: str | None
    values: dict[str, Any]

    def __new__(cls, msgid: str, plural: str | None = None, /, **values: Any) -> Sentence:
        made = super().__new__(cls, _render(msgid, plural, values, texts(DEFAULT)))
        made.msgid, made.plural, made.values = msgid, plural, values
        return made

    def render(self, t: Texts) -> str:
        """The sentence in the language of ``t``."""
        return _render(self.msgid, self.plural, self.values, t)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled for the shared analysis cache
        return (_rebuild, (self.msgid, self.plural, self.values))

    def to_json(self) -> dict[str, Any]:
        """The message and its values, from which :func:`from_json` builds it again."""
        return {"msgid": self.msgid, "plural": self.plural, "values": _dump(self.values)}


def ngettext(singular: str, plural: str, count: int, **values: Any) -> Sentence:
    """A sentence about ``count`` things, in the singular or plural the language needs."""
    return Sentence(singular, plural, count=count, **values)


def localized(text: str, t: Texts) -> str:
    """``text`` in the language of ``t`` when it is a :class:`Sentence`, else as it is."""
    return text.render(t) if isinstance(text, Sentence) else str(text)


def from_json(data: Mapping[str, Any] | str) -> str:
    """The inverse of :meth:`Sentence.to_json` (a plain string stays one)."""
    if isinstance(data, str):
        return data
    return Sentence(data["msgid"], data.get("plural"), **_load(data.get("values", {})))


def _rebuild(msgid: str, plural: str | None, values: dict[str, Any]) -> Sentence:
    return Sentence(msgid, plural, **values)


def _render(msgid: str, plural: str | None, values: Mapping[str, Any], t: Texts) -> str:
    shown = {name: _value(v, t) for name, v in values.items()}
    if plural is not None:
        shown.pop("count")
        return t.ngettext(msgid, plural, int(values["count"]), **shown)
    return t._(msgid, **shown)


def _value(value: Any, t: Texts) -> str:
    if isinstance(value, Sentence | Listed):
        return value.render(t)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return t.number(value)


def _dump(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Sentence):
            out[name] = {"sentence": value.to_json()}
        elif isinstance(value, Listed):
            out[name] = {
                "listed": [_dump({"v": v})["v"] for v in value.items],
                "style": value.style,
            }
        else:
            out[name] = value
    return out


def _load(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict) and "sentence" in value:
            out[name] = from_json(value["sentence"])
        elif isinstance(value, dict) and "listed" in value:
            items: Iterable[Any] = (_load({"v": v})["v"] for v in value["listed"])
            out[name] = Listed(tuple(items), value["style"])
        else:
            out[name] = value
    return out
