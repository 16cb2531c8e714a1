# mypy: disable-error-code="untyped-decorator"
"""Relay-style connections (``edges { cursor node }``, ``pageInfo``, ``totalCount``), paged in
the store: ``first`` / ``after`` go straight to ``Store.list_nodes``."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry
from pactmap.graph import model
from pactmap.graph.store import ListFilter, Page, encode_cursor

from .nodes import Node, to_gql

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


@strawberry.input(description="Filters of a list; each applies only to the kinds that have it.")
class NodeFilter:
    text: str | None = None
    sector: model.Sector | None = None
    dimension: model.Dimension | None = None
    status: str | None = strawberry.field(
        default=None, description="A status of the kind listed, e.g. ACTIVE or DRAFT."
    )
    question: model.Question | None = None

    def to_store(self) -> ListFilter:
        return ListFilter(
            text=self.text,
            sector=None if self.sector is None else self.sector.value,
            dimension=None if self.dimension is None else self.dimension.value,
            status=None if self.status is None else self.status.lower(),
            question=None if self.question is None else self.question.value,
        )


def node_connection(page: Page[model.Node], cls: type[T]) -> Connection[T]:
    """A store page as a connection; a node's cursor resumes the list right after it."""
    edges: list[Edge[T]] = []
    for node in page.items:
        item = to_gql(node)
        assert isinstance(item, cls)
        edges.append(Edge(cursor=encode_cursor(node.label, node.id), node=item))
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        total_count=page.total_count,
    )


__all__ = ["Connection", "Edge", "Node", "NodeFilter", "PageInfo", "node_connection"]
