# mypy: disable-error-code="untyped-decorator"
"""The domain model's enums as GraphQL enums (values in upper case: ``PUBLIC_AUTHORITY``).

Each enum is registered once, here; other schema modules (analysis.py too) import them from
this module so that the schema holds one definition of each.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from pactmap.graph import model

Sector = strawberry.enum(model.Sector)
Scale = strawberry.enum(model.Scale)
Dimension = strawberry.enum(model.Dimension)
Question = strawberry.enum(model.Question)
Meaning = strawberry.enum(model.Meaning)
Direction = strawberry.enum(model.Direction)
CommitmentStatus = strawberry.enum(model.CommitmentStatus)
Horizon = strawberry.enum(model.Horizon)
ContractStatus = strawberry.enum(model.ContractStatus)
ActionKind = strawberry.enum(model.ActionKind)
ActionStatus = strawberry.enum(model.ActionStatus)
EvaluationPhase = strawberry.enum(model.EvaluationPhase)
SignatoryRole = strawberry.enum(model.SignatoryRole)
Role = strawberry.enum(model.Role)
TokenScope = strawberry.enum(model.TokenScope)
SuggestionDecision = strawberry.enum(model.SuggestionDecision)
NodeKind = strawberry.enum(model.NodeKind)
ChangeOp = strawberry.enum(model.ChangeOp)
RelationshipType = strawberry.enum(model.RelType, name="RelationshipType")


@strawberry.enum
class LinkDirection(Enum):
    """Which relationships of a node: those starting at it, ending at it, or both."""

    OUT = "out"
    IN = "in"
    BOTH = "both"
