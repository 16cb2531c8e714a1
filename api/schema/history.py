# mypy: disable-error-code="untyped-decorator"
"""The audit log (``history``), the map at a moment (``mapAt``) and the live feed
(``mapChanged``). The change log is the audit: the store writes each entry in the same
transaction as the change it records."""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry
from pactmap.graph import model
from pactmap.graph.audit import ACCOUNT_TARGETS
from pactmap.graph.errors import ValidationError
from pactmap.graph.store import check_page_size, decode_cursor, encode_cursor
from strawberry.scalars import JSON

from ..auth import AuthError, Denied, Permission
from ..services import history
from .connections import Connection, Edge, PageInfo
from .nodes import Info, Node, to_gql
from .territory_map import TerritoryMap, snapshot_map

DEFAULT_PAGE = 50
RECHECK_SECONDS = 1.0
"""How often a subscription checks that its credentials still hold (revoked, expired)."""


@strawberry.type(name="Change", description="One entry of the audit log.")
class ChangeEntry:
    seq: int
    territory_id: strawberry.ID
    at: datetime
    by: str
    op: model.ChangeOp
    target: str
    target_type: str
    before: JSON | None
    after: JSON | None

    @classmethod
    def from_model(cls, change: model.Change) -> ChangeEntry:
        return cls(
            seq=change.seq,
            territory_id=strawberry.ID(change.territory_id),
            at=change.at,
            by=change.by,
            op=change.op,
            target=change.target,
            target_type=change.target_type,
            before=None if change.before is None else JSON(change.before),
            after=None if change.after is None else JSON(change.after),
        )

    @strawberry.field(
        description="Who made the change, in words: a member's name, the command line, or a "
        "partner tool's token by its name (in the request's language)."
    )
    async def by_name(self, info: Info) -> str:
        ctx = info.context
        key = f"{self.territory_id}|{self.by}"
        if key not in ctx.memo:
            ctx.memo[key] = await ctx.call(
                history.who, ctx.store, self.territory_id, self.by, ctx.lang
            )
        return ctx.memo[key]

    @strawberry.field(description="The node changed, as it is now (null if gone or a link).")
    async def node(self, info: Info) -> Node | None:
        if "|" in self.target:
            return None
        found = await info.context.loaders.nodes.load(self.target)
        return None if found is None else to_gql(found)


def _after_seq(after: str | None) -> int | None:
    if after is None:
        return None
    parts = decode_cursor(after)
    if len(parts) != 1 or not isinstance(parts[0], int):
        raise ValidationError("the cursor is not one this API gave", field="after", value=after)
    return parts[0]


def _map_only(changes: list[model.Change]) -> list[model.Change]:
    return [c for c in changes if c.target_type not in ACCOUNT_TARGETS]


@strawberry.type
class HistoryQuery:
    @strawberry.field(
        description="The territory's changes, oldest first, from `since`. Changes of members, "
        "tokens, sessions and passwords are shown to the territory's admins only (a page may "
        "then hold fewer entries; `totalCount` counts them all)."
    )
    async def history(
        self,
        info: Info,
        territory_id: strawberry.ID,
        since: datetime | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[ChangeEntry]:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        check_page_size(first)
        after_seq = _after_seq(after)
        found = await ctx.call(
            ctx.store.changes,
            territory_id,
            since=since if after_seq is None else None,
            after_seq=after_seq,
            first=first + 1,
        )
        total = await ctx.call(ctx.store.count_changes, territory_id, since=since)
        page = found[:first]
        # account changes (members, tokens, sign-ins) are for the territory's admins only
        shown = page if ctx.caller.can(territory_id, Permission.ADMIN) else _map_only(page)
        edges = [Edge(cursor=encode_cursor(c.seq), node=ChangeEntry.from_model(c)) for c in shown]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(found) > first,
                end_cursor=encode_cursor(page[-1].seq) if page else None,
            ),
            total_count=total,
        )

    @strawberry.field(description="The territory as it was at `at` (its change log undone).")
    async def map_at(self, info: Info, territory_id: strawberry.ID, at: datetime) -> TerritoryMap:
        ctx = info.context
        found = await ctx.call(history.map_at_moment, ctx.store, ctx.caller, territory_id, at)
        return snapshot_map(found)


@strawberry.type
class HistorySubscription:
    @strawberry.subscription(
        description="Each change committed to the territory's map (after afterSeq, or from "
        "now on), as it happens; account changes are in `history` only."
    )
    async def map_changed(
        self,
        info: Info,
        territory_id: strawberry.ID,
        after_seq: Annotated[
            int | None,
            strawberry.argument(
                description="Resume after this change (a Change's seq, or a territory's "
                "changeSeq read with the map), so nothing is missed; default: from now."
            ),
        ] = None,
    ) -> AsyncGenerator[ChangeEntry, None]:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        start = after_seq
        if start is None:
            start = await ctx.call(ctx.store.territory_version, territory_id)

        checked = time.monotonic()

        async def fetch_after(seq: int) -> list[model.Change]:
            nonlocal checked
            batch = await ctx.call(ctx.store.changes, territory_id, after_seq=seq, first=100)
            # credentials are checked after reading, so a change committed after a
            # revocation is never delivered on the strength of a check made before it
            if ctx.reauthenticate is not None and time.monotonic() - checked > RECHECK_SECONDS:
                checked = time.monotonic()
                try:
                    ctx.caller = await ctx.reauthenticate()
                except AuthError as exc:
                    raise Denied(str(exc)) from None
            if not ctx.caller.can(territory_id, Permission.READ):
                raise Denied(f"you can no longer read territory '{territory_id}'")
            return batch

        async for change in ctx.feed.follow(territory_id, start, fetch_after):
            if change.target_type in ACCOUNT_TARGETS:
                continue  # not a change of the map
            ctx.fresh_loaders()  # a long-lived connection must not serve cached nodes
            yield ChangeEntry.from_model(change)
