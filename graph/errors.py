"""The errors of the graph layer, the one hierarchy every caller catches.

::

    PactmapError
     ├── ValidationError        bad input: field, value and message for each problem
     │    └── ImportFileError   a malformed import file: each problem names its line / row
     ├── NotFound               no node (or relationship, user, token) with that id
     ├── VersionConflict        the update expected a version the node no longer has
     ├── AlreadyExists          a unique value (id, e-mail) is taken
     ├── TransitionError        a move the contract life cycle does not allow
     ├── StoreUnavailable       the database cannot be reached (retryable)
     ├── Denied                 the caller may not do this; ``hidden`` when they hold no role on
     │                          the territory at all (answered as "not found")
     ├── AuthError              credentials were sent but cannot be used (unknown, expired,
     │                          revoked token)
     └── RateLimited            too many attempts (sign-ins): try again in ``retry_after`` s

Messages say what was wrong and with which value, e.g.
``Actor 'a-17' has version 4, the update expected 3``. A message is a
:class:`~pactmap.graph.sentence.Sentence` where it was written for the catalogs: :func:`said`
gives it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .i18n import N_, Texts
from .sentence import Sentence, localized
from .vocabulary import label


class PactmapError(Exception):
    """Base class of every expected failure of pactmap."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (``field``), with what (``value``) and why."""

    field: str
    message: str
    value: Any = None
    line: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        return str(self.said())

    def said(self) -> Sentence:
        """The problem as a sentence: where, what, and the value given."""
        where: Sentence | str = self.field
        if self.sheet is not None:
            where = Sentence(N_("%(sheet)s: %(field)s"), sheet=self.sheet, field=where)
        if self.line is not None:
            where = Sentence(N_("line %(line)s: %(field)s"), line=str(self.line), field=where)
        if self.value is None or isinstance(self.value, dict):
            return Sentence(N_("%(where)s: %(message)s"), where=where, message=self.message)
        return Sentence(
            N_("%(where)s: %(message)s (got %(value)s)"),
            where=where,
            message=self.message,
            value=repr(self.value),
        )


class ValidationError(PactmapError):
    """The input breaks a rule of the domain model; ``problems`` lists every broken rule."""

    def __init__(self, problems: Sequence[Problem] | str, *, field: str = "", value: Any = None):
        if isinstance(problems, str):
            problems = [Problem(field=field, message=problems, value=value)]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "invalid input")

    @property
    def field(self) -> str:
        return self.problems[0].field if self.problems else ""


class ImportFileError(ValidationError):
    """A file given to import is malformed; nothing was written."""


def thing(kind: str) -> Sentence:
    """A kind of thing named in a message ("Actor", "API token"), in the reader's words."""
    return Sentence(label("thing", kind))


class NotFound(PactmapError):
    def __init__(self, kind: str, ident: str):
        self.kind = kind
        self.ident = ident
        super().__init__(
            Sentence(N_("%(kind)s '%(id)s' does not exist"), kind=thing(kind), id=ident)
        )


class AlreadyExists(PactmapError):
    def __init__(self, kind: str, ident: str, what: str = "id"):
        self.kind = kind
        self.ident = ident
        if what == "id":
            message = Sentence(
                N_("%(kind)s with id '%(id)s' already exists"), kind=thing(kind), id=ident
            )
        else:
            message = Sentence(
                N_("%(kind)s with %(what)s '%(id)s' already exists"),
                kind=thing(kind),
                what=what,
                id=ident,
            )
        super().__init__(message)


class VersionConflict(PactmapError):
    """``current`` holds the node as it is now, so a client can show the other change."""

    def __init__(self, kind: str, ident: str, expected: int, current: Mapping[str, Any]):
        self.kind = kind
        self.ident = ident
        self.expected = expected
        self.current = dict(current)
        self.current_version = int(current.get("version", 0))
        super().__init__(
            Sentence(
                N_("%(kind)s '%(id)s' has version %(version)s, the update expected %(expected)s"),
                kind=thing(kind),
                id=ident,
                version=str(self.current_version),
                expected=str(expected),
            )
        )


class TransitionError(ValidationError):
    pass


class StoreUnavailable(PactmapError):
    """The database could not be reached; the operation wrote nothing and may be retried."""

    retryable = True


class Denied(PactmapError):
    """The caller may not do this; ``hidden`` when they hold no role on the territory at all."""

    def __init__(self, message: str, *, hidden: bool = False) -> None:
        super().__init__(message)
        self.hidden = hidden


class AuthError(PactmapError):
    """Credentials were sent but cannot be used (unknown, expired or revoked token)."""


class RateLimited(PactmapError):
    """Too many attempts: the caller may try again in ``retry_after`` seconds. ``extensions``
    is what a GraphQL error carries (``code`` RATE_LIMITED and ``retryAfter``)."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.extensions = {"code": "RATE_LIMITED", "retryAfter": retry_after}


def said(exc: BaseException, t: Texts) -> str:
    """The message of ``exc`` in the language of ``t`` (every problem of a ValidationError)."""
    if isinstance(exc, ValidationError):
        return "; ".join(p.said().render(t) for p in exc.problems) or str(exc)
    first = exc.args[0] if exc.args else None
    return localized(first, t) if isinstance(first, str) else str(exc)
