# mypy: disable-error-code="untyped-decorator"
"""Small types the cycle, criteria and sharing modules share: a plain reference to a node
(no resolver behind it, so it can name nodes of a territory the caller only compares with)."""

from __future__ import annotations

import strawberry
from pactmap.analysis.records import Ref
from pactmap.graph import taxonomy


@strawberry.type(description="A node named in a result: id, label and (actors) sector.")
class NodeRef:
    id: strawberry.ID
    name: str
    sector: str | None = None

    @classmethod
    def of(cls, ref: Ref) -> NodeRef:
        return cls(id=strawberry.ID(ref.id), name=ref.name, sector=ref.sector)


def refs_of(refs: tuple[Ref, ...]) -> list[NodeRef]:
    return [NodeRef.of(r) for r in refs]


def dimension_name(code: str | None) -> str | None:
    return None if code is None else taxonomy.dimension(code).name
