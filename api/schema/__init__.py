"""The GraphQL schema: one Query, Mutation and Subscription composed from feature mixins.

Each feature module defines plain strawberry types holding its fields (``MapQuery``,
``MapMutation``, ``CrudMutation``, ``HistoryQuery``, ``AccountQuery`` ...). ``Query``,
``Mutation`` and ``Subscription`` below inherit them all, so adding a feature is one edit
here: import its ``XQuery`` / ``XMutation`` and add it to the bases, e.g. for analysis::

    from .analysis import AnalysisMutation, AnalysisQuery

    @strawberry.type
    class Query(AnalysisQuery, MapQuery, HistoryQuery, AccountQuery): ...

Enums shared with the domain model are registered once in :mod:`.enums`; node types live in
:mod:`.nodes` (import ``Actor``, ``Topic``, ``Info``, ``to_gql`` from there), typed failures in
:mod:`.results` (``attempt(work)`` turns expected errors into them). A resolver checks the
caller's role first (``info.context.require(territory_id, Permission.ANALYSE)``, from
``pactmap.api.auth``) and calls the store through ``await info.context.call(fn, ...)`` (a
thread, so the event loop stays free); after a write, ``info.context.feed.notify(territory_id)``
wakes the live subscribers.
After changing the schema, export it with ``python -m pactmap.api.schema`` (the text of
``strawberry export-schema pactmap.api.schema:schema``); a test fails when they differ.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from .accounts import AccountMutation, AccountQuery
from .analysis import AnalysisMutation, AnalysisQuery
from .context import ApiOptions, Context
from .criteria import CriteriaMutation, CriteriaQuery
from .crud import CrudMutation
from .cycle import CycleMutation, CycleQuery
from .files import FilesMutation, FilesQuery
from .history import HistoryQuery, HistorySubscription
from .invitations import InvitationMutation, InvitationQuery
from .language import Language
from .mutation import MapMutation
from .nodes import GQL_TYPES
from .one_login import OneLogin
from .query import MapQuery
from .results import is_unexpected
from .sharing import SharingMutation, SharingQuery

log = logging.getLogger("pactmap.api.graphql")


@strawberry.type
class Query(
    MapQuery,
    HistoryQuery,
    AccountQuery,
    InvitationQuery,
    AnalysisQuery,
    CriteriaQuery,
    CycleQuery,
    SharingQuery,
    FilesQuery,
):
    pass


@strawberry.type
class Mutation(
    MapMutation,
    CrudMutation,
    AccountMutation,
    InvitationMutation,
    AnalysisMutation,
    CriteriaMutation,
    CycleMutation,
    SharingMutation,
    FilesMutation,
):
    pass


@strawberry.type
class Subscription(HistorySubscription):
    pass


class PactmapSchema(strawberry.Schema):
    """Logs unexpected errors once, with the request id and traceback; expected failures
    (no rights, bad input, not found) are answers, not incidents, and are not logged."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context = getattr(execution_context, "context", None)
        request_id = getattr(context, "request_id", "-")
        for error in errors:
            if is_unexpected(error):
                log.error(
                    "request %s: unexpected error at %s: %s",
                    request_id,
                    "/".join(str(p) for p in error.path or ()),
                    error.message,
                    exc_info=error.original_error,
                )


DOCUMENT_CACHE = 256
"""Parsed and validated documents kept per process (LRU): partner tools and the web UI send the
same few queries again and again; a bounded cache cannot be grown by distinct query texts."""


def build_schema(
    options: ApiOptions | None = None,
    *,
    rules: Sequence[Callable[[], SchemaExtension]] = (),
    extra_extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> PactmapSchema:
    """The schema with the limits of ``options``. ``rules`` and ``extra_extensions`` are factories
    (one extension per request): ``rules`` add validation rules, so they run before the
    validation cache (which validates with the rules added so far); ``extra_extensions`` run
    after it, e.g. the query cost (which reads the validation's answer) and the HTTP layer's
    error masking."""
    opts = options or ApiOptions()
    # The limit rules are built once: the validation cache is keyed by (document, rules), and a
    # limiter built per request would make new rule classes, so nothing would ever hit.
    limits = [
        *QueryDepthLimiter(max_depth=opts.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=opts.max_aliases).validation_rules,
        OneLogin,
    ]
    extensions: list[Callable[[], SchemaExtension]] = [
        Language,
        lambda: MaxTokensLimiter(max_token_count=opts.max_tokens),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE),
        lambda: AddValidationRules(limits),
        *rules,
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
        *extra_extensions,
    ]
    return PactmapSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=list(GQL_TYPES.values()),
        extensions=extensions,
    )


schema = build_schema()

__all__ = [
    "ApiOptions",
    "Context",
    "Mutation",
    "PactmapSchema",
    "Query",
    "Subscription",
    "build_schema",
    "schema",
]
