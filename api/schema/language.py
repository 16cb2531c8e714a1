"""The reader's language for one GraphQL operation: what the operation writes for people —
typed failures, error messages, analysis sentences — is in the request's ``Accept-Language``."""

from __future__ import annotations

from collections.abc import Iterator

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
                if isinstance(error.original_error, PactmapError):
                    error.message = said(error.original_error, texts(lang))
        finally:
            reading.reset(token)
