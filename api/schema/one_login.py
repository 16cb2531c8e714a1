"""At most one ``login`` per request: a document that names the ``login`` mutation twice (30
aliases, say) is refused by validation, before any password is hashed."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, ValidationContext, ValidationRule

LOGIN_FIELD = "login"


class OneLogin(ValidationRule):
    """Reports the second ``login`` field of the mutation root (aliases and fragments count)."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.seen = 0

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value != LOGIN_FIELD:
            return
        parent = self.context.get_parent_type()
        if parent is None or parent is not self.context.schema.mutation_type:
            return
        self.seen += 1
        if self.seen == 2:
            self.report_error(
                GraphQLError(
                    "a request signs in at most once: send one `login` per request",
                    node,
                    extensions={"code": "ONE_LOGIN_PER_REQUEST"},
                )
            )
