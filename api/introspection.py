"""Introspection for signed-in callers only, when ``PACTMAP_PUBLIC_SCHEMA`` is off (the
production default): an anonymous ``__schema`` or ``__type`` is a validation error that says
to sign in; ``__typename`` stays allowed. ``/graphql/schema.graphql`` follows the same setting
(:func:`pactmap.api.graphql.mount`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import FieldNode, GraphQLError, ValidationContext, ValidationRule
from strawberry.extensions import SchemaExtension

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
SIGN_IN = "introspection needs a signed-in caller here (PACTMAP_PUBLIC_SCHEMA is off)"


class NoAnonymousIntrospection(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in INTROSPECTION_FIELDS:
            self.report_error(GraphQLError(f"{SIGN_IN}: {node.name.value}", node))


class IntrospectionGate(SchemaExtension):
    """Adds :class:`NoAnonymousIntrospection` to the validation of an anonymous request."""

    def on_validate(self) -> Iterator[None]:
        caller = getattr(self.execution_context.context, "caller", None)
        if caller is None or not caller.authenticated:
            rules = self.execution_context.validation_rules
            self.execution_context.validation_rules = (*rules, NoAnonymousIntrospection)
        yield
