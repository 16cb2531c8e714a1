"""An analysis :class:`~pactmap.analysis.Report` as JSON text and back, exactly: what the shared
analysis cache keeps in the store (:mod:`.analysis_cache`).

The report's records are frozen dataclasses of strings, numbers, tuples, dicts and other
records (:mod:`pactmap.analysis.records`); :func:`dumps` writes each record as an object of its
fields (a sentence as its catalog message and values, so it is still read in any language),
:func:`loads` rebuilds them from the fields' type hints. Plain JSON, never code: a
row someone altered gives a wrong report or a :class:`ReportFormatError`, nothing more.
"""

from __future__ import annotations

import dataclasses
import json
import types
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from pactmap.analysis import Report
from pactmap.graph.sentence import Sentence, from_json

FORMAT = 2
"""Bumped when the records change shape: results kept in an older format are computed again."""


class ReportFormatError(ValueError):
    """The text is not a report this pactmap writes."""


def dumps(report: Report) -> str:
    return json.dumps({"format": FORMAT, "report": _plain(report)}, separators=(",", ":"))


def loads(text: str) -> Report:
    """The report in ``text``; raises ReportFormatError (naming what is wrong) otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFormatError(f"a kept analysis is not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ReportFormatError(f"a kept analysis has format {found!r}, not {FORMAT}")
    report = _build(Report, data["report"])
    assert isinstance(report, Report)
    return report


def _plain(value: Any) -> Any:
    if isinstance(value, Sentence):  # kept with its message, so it is read in any language
        return {"sentence": value.to_json()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(hint: Any, value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"sentence"}:
        return from_json(value["sentence"])
    origin = get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ReportFormatError(f"a kept {hint.__name__} is {type(value).__name__}")
        hints = _hints(hint)
        return hint(**{name: _build(hints[name], v) for name, v in value.items()})
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in get_args(hint) if a is not type(None)]
        return _build(inner, value)
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value, strict=True))
    return value  # str, int, float, dict[str, ...] of JSON values: as they are
