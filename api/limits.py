"""Request bodies: bounded while they are read, and a 400 with a message when malformed.

:class:`BodyLimitMiddleware` reads a POST body chunk by chunk and answers **413** as soon as
it passes its limit, without reading the rest:

- ``PACTMAP_MAX_BODY_BYTES`` (default 1 MiB) for every request;
- ``PACTMAP_MAX_IMPORT_BYTES`` (default 28 MiB: a 20 MB file in base64 and its JSON) for a
  request that names ``importFile`` in its first 64 KiB; once read, such a request must
  really be an ``importFile`` mutation, or it is refused with 413 too.

A ``Content-Length`` above the limit is refused before any byte is read. On ``/graphql``, a
body that is not a JSON object with a string ``query`` (``123``, ``null``, ``"x"``, an array
nested 100,000 deep, invalid JSON or UTF-8) answers **400** saying what was wrong.
"""

from __future__ import annotations

import json
from typing import Any

import graphql
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMPORT_MARK = b"importFile"
MARK_WINDOW = 64 * 1024
"""The importFile mutation must be named in this many first bytes (queries come first)."""


class BodyRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _answer(status: int, message: str) -> JSONResponse:
    code = "PAYLOAD_TOO_LARGE" if status == 413 else "BAD_REQUEST"
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def _too_large(size: int | str, limit: int, what: str) -> BodyRefused:
    return BodyRefused(413, f"the body is larger than {limit} bytes ({what}; got {size})")


def check_graphql_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a GraphQL POST, or BodyRefused(400) saying what is wrong."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise BodyRefused(400, "the body is JSON nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise BodyRefused(400, f"the body is not UTF-8 ({exc.reason})") from None
    except ValueError as exc:
        raise BodyRefused(400, f"the body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BodyRefused(
            400, f'the body must be a JSON object {{"query": ...}}, not {type(data).__name__}'
        )
    if not isinstance(data.get("query"), str):
        raise BodyRefused(400, "the body's query must be a string of GraphQL")
    if data.get("variables") is not None and not isinstance(data["variables"], dict):
        raise BodyRefused(400, "the body's variables must be a JSON object")
    return data


def is_import(data: dict[str, Any]) -> bool:
    """Whether a GraphQL body is only ``importFile`` mutations."""
    try:
        document = graphql.parse(data["query"], max_tokens=10_000)
    except graphql.GraphQLError:
        return False
    fields: list[str] = []
    for definition in document.definitions:
        if not isinstance(definition, graphql.OperationDefinitionNode):
            return False
        if definition.operation is not graphql.OperationType.MUTATION:
            return False
        for selection in definition.selection_set.selections:
            if not isinstance(selection, graphql.FieldNode):
                return False
            fields.append(selection.name.value)
    return bool(fields) and set(fields) == {"importFile"}


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int, max_import: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_import = max(max_import, max_body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read(scope, receive)
        except BodyRefused as refused:
            await _answer(refused.status, refused.message)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes:
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_import:
            raise _too_large(declared, self.max_import, "PACTMAP_MAX_IMPORT_BYTES")
        chunks: list[bytes] = []
        size = 0
        limit = self.max_body
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise BodyRefused(400, "the client went away before sending the body")
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if limit == self.max_body and size > limit:
                head = b"".join(chunks)[:MARK_WINDOW]
                if IMPORT_MARK not in head:
                    raise _too_large(f"{size}+", self.max_body, "PACTMAP_MAX_BODY_BYTES")
                limit = self.max_import
            if size > limit:
                raise _too_large(f"{size}+", self.max_import, "PACTMAP_MAX_IMPORT_BYTES")
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        media = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if scope["path"].rstrip("/") == "/graphql" and media == b"application/json":
            data = check_graphql_body(body)
            if size > self.max_body and not is_import(data):
                raise _too_large(size, self.max_body, "PACTMAP_MAX_BODY_BYTES; not an import")
        return body
