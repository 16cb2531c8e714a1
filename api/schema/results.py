# mypy: disable-error-code="untyped-decorator"
"""Expected failures as part of the schema: every mutation returns a union of its object and
``ValidationError`` | ``VersionConflict`` | ``NotFound`` | ``PermissionDenied``, each with a
``message``. Unexpected failures raise, are logged with the request id and masked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry
from graphql import GraphQLError
from pactmap.graph import errors
from pactmap.graph.errors import said
from pactmap.graph.i18n import reader
from pactmap.graph.sentence import localized
from strawberry.scalars import JSON

from ..auth import Denied
from .nodes import (
    Action,
    Actor,
    Comment,
    Commitment,
    Contract,
    Criterion,
    Evaluation,
    FutureConcern,
    Indicator,
    Link,
    Measurement,
    Territory,
    Topic,
)

T = TypeVar("T")


@strawberry.type
class Problem:
    field: str
    message: str


@strawberry.type(description="The input breaks a rule; ``problems`` lists every broken rule.")
class ValidationError:
    message: str
    field: str
    problems: list[Problem]


@strawberry.type(description="The node changed since the client read it: here it is now.")
class VersionConflict:
    message: str
    current_version: int
    current: JSON


@strawberry.type
class NotFound:
    message: str
    id: str


@strawberry.type
class PermissionDenied:
    message: str


@strawberry.type
class Deleted:
    id: strawberry.ID


Failure = ValidationError | VersionConflict | NotFound | PermissionDenied


def failure(exc: Exception) -> Failure:
    """The typed result of an expected failure, in the reader's language; anything else is
    re-raised."""
    t = reader()
    message = said(exc, t)
    if isinstance(exc, Denied):
        if exc.hidden:
            return NotFound(message=message, id="")
        return PermissionDenied(message=message)
    if isinstance(exc, errors.ValidationError):
        return ValidationError(
            message=message,
            field=_camel(exc.field),
            problems=[
                Problem(field=_camel(p.field), message=localized(p.message, t))
                for p in exc.problems
            ],
        )
    if isinstance(exc, errors.VersionConflict):
        return VersionConflict(
            message=message, current_version=exc.current_version, current=JSON(exc.current)
        )
    if isinstance(exc, errors.NotFound):
        return NotFound(message=message, id=exc.ident)
    if isinstance(exc, errors.AlreadyExists):
        return ValidationError(
            message=message, field="id", problems=[Problem(field="id", message=message)]
        )
    raise exc


async def attempt(work: Callable[[], Awaitable[T]]) -> T | Failure:
    """Run ``work``; expected failures become typed results."""
    try:
        return await work()
    except (Denied, errors.PactmapError) as exc:
        if isinstance(exc, errors.StoreUnavailable):
            raise
        return failure(exc)


def is_unexpected(error: GraphQLError) -> bool:
    """An error raised by a bug or an outage, not by bad input or missing rights: logged with
    the request id and masked in production."""
    original = error.original_error
    return original is not None and not isinstance(original, (Denied, errors.PactmapError))


def _camel(name: str) -> str:
    """A model field path in GraphQL's words: ``new_group.name`` -> ``newGroup.name``."""

    def one(part: str) -> str:
        head, *rest = part.split("_")
        return head + "".join(word[:1].upper() + word[1:] for word in rest)

    return ".".join(one(part) for part in name.split("."))


TerritoryResult = Annotated[
    Territory | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("TerritoryResult"),
]
ActorResult = Annotated[
    Actor | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("ActorResult"),
]
TopicResult = Annotated[
    Topic | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("TopicResult"),
]
CriterionResult = Annotated[
    Criterion | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("CriterionResult"),
]
IndicatorResult = Annotated[
    Indicator | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("IndicatorResult"),
]
MeasurementResult = Annotated[
    Measurement | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("MeasurementResult"),
]
CommitmentResult = Annotated[
    Commitment | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("CommitmentResult"),
]
ContractResult = Annotated[
    Contract | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("ContractResult"),
]
ActionResult = Annotated[
    Action | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("ActionResult"),
]
FutureConcernResult = Annotated[
    FutureConcern | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("FutureConcernResult"),
]
EvaluationResult = Annotated[
    Evaluation | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("EvaluationResult"),
]
DeleteResult = Annotated[
    Deleted | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("DeleteResult"),
]
LinkResult = Annotated[
    Link | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("LinkResult"),
]
CommentResult = Annotated[
    Comment | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("CommentResult"),
]
