"""What one GraphQL operation says of its expected failures: in the reader's language (typed
failures, error messages, analysis sentences follow the request's ``Accept-Language``), each
error with a machine-readable ``extensions.code`` a partner tool can act on."""

from __future__ import annotations

from collections.abc import Iterator

from pactmap.graph import errors
from pactmap.graph.errors import PactmapError, said
from pactmap.graph.i18n import DEFAULT, reading, texts
from strawberry.extensions import SchemaExtension


class Language(SchemaExtension):
    """Sets :data:`~pactmap.graph.i18n.reading` while the operation runs, and gives the
    messages of expected errors (bad input, missing rights) in that language."""

    def on_operation(self) -> Iterator[None]:
        lang = getattr(self.execution_context.context, "lang", DEFAULT)
        token = reading.set(lang)
        try:
            yield
            result = self.execution_context.result
            for error in getattr(result, "errors", None) or ():
                original = error.original_error
                if isinstance(original, PactmapError):
                    error.message = said(original, texts(lang))
                    extensions = dict(error.extensions or {})
                    extensions.setdefault("code", code_of(original))
                    error.extensions = extensions
        finally:
            reading.reset(token)


CODES: tuple[tuple[type[PactmapError], str], ...] = (
    (errors.StoreUnavailable, "STORE_UNAVAILABLE"),
    (errors.VersionConflict, "VERSION_CONFLICT"),
    (errors.ValidationError, "BAD_USER_INPUT"),
    (errors.AlreadyExists, "BAD_USER_INPUT"),
    (errors.NotFound, "NOT_FOUND"),
    (errors.AuthError, "UNAUTHENTICATED"),
)


def code_of(error: PactmapError) -> str:
    """The ``extensions.code`` of an expected failure (a hidden denial is a plain not-found)."""
    if isinstance(error, errors.Denied):
        return "NOT_FOUND" if error.hidden else "FORBIDDEN"
    return next((code for kind, code in CODES if isinstance(error, kind)), "BAD_REQUEST")
