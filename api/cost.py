"""Query cost, computed before execution; a request over ``PACTMAP_MAX_QUERY_COST`` is refused.

The cost of an operation is the number of objects it may resolve:

- an object (or interface, or union) costs 1 plus what is selected in it; scalars cost 0;
- a list of objects counts ``first`` of them (its value, the variable's value or the schema's
  default); a connection's ``first`` counts for the list below it (``edges``);
- a list without ``first`` (``neighbours``, ``links``: their size is not known before execution)
  counts :data:`LIST_SIZE`;
- fragments on several types are all counted (an upper bound).

So ``node(id:) { neighbours { neighbours { id } } }`` costs 1 + 10 × (1 + 10) = 111 and six
levels 1,111,111: refused by the default limit of 10,000 (the web UI's heaviest query, Synthesis
in ``webui/src/views/synthesis.ts``, costs 3,242). The refusal says the cost and the limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
    value_from_ast,
)
from graphql.type.definition import GraphQLInterfaceType, GraphQLOutputType
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

LIST_SIZE = 10
"""What a list without ``first`` is assumed to hold (the demo map averages 9 neighbours)."""
MAX_FRAGMENT_DEPTH = 32


class _Costing:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selection(
        self, parent: Any, selections: SelectionSetNode | None, page: int | None, depth: int = 0
    ) -> int:
        if selections is None or depth > MAX_FRAGMENT_DEPTH:
            return 0
        total = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                total += self.field(parent, node, page, depth)
            elif isinstance(node, InlineFragmentNode):
                on = parent
                if node.type_condition is not None:
                    on = self.schema.get_type(node.type_condition.name.value) or parent
                total += self.selection(on, node.selection_set, page, depth + 1)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    on = self.schema.get_type(fragment.type_condition.name.value) or parent
                    total += self.selection(on, fragment.selection_set, page, depth + 1)
        return total

    def field(self, parent: Any, node: FieldNode, page: int | None, depth: int) -> int:
        if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return 0
        first = self._first(definition, node)
        if _is_list(definition.type):
            count = page if page is not None else first if first is not None else LIST_SIZE
            below = None
        else:  # a connection hands its `first` to the list below it (edges)
            count = 1
            below = first if first is not None else page
        return count * (1 + self.selection(named, node.selection_set, below, depth))

    def _first(self, definition: Any, node: FieldNode) -> int | None:
        argument = definition.args.get("first")
        if argument is None:
            return None
        value: Any = argument.default_value
        for given in node.arguments or ():
            if given.name.value == "first":
                if isinstance(given.value, VariableNode):
                    value = self.variables.get(given.value.name.value, value)
                else:
                    value = value_from_ast(given.value, argument.type, dict(self.variables))
        return max(int(value), 0) if isinstance(value, int) else LIST_SIZE


def _is_list(kind: GraphQLOutputType) -> bool:
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def operation_cost(
    schema: GraphQLSchema,
    document: Any,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The cost of the operation ``operation_name`` (or the only one) in ``document``."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    costing = _Costing(schema, fragments, variables or {})
    costs = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name and (definition.name is None or definition.name.value != operation_name):
            continue
        root = schema.get_root_type(definition.operation)
        costs.append(costing.selection(root, definition.selection_set, None))
    return max(costs, default=0)


class CostLimit(SchemaExtension):
    """Validates the operation (or takes the validation cache's answer), then, if it is valid,
    refuses it when it costs more than ``limit`` (the other rules' errors, e.g. depth, come
    first). Register it after every extension that adds validation rules and after the
    validation cache."""

    def __init__(self, *, limit: int) -> None:
        self.limit = limit

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            schema = context.schema._schema
            errors = context.pre_execution_errors
            if errors is None:  # no validation cache ran before this extension
                errors = validate_document(schema, document, context.validation_rules)
            if not errors:
                cost = operation_cost(schema, document, context.operation_name, context.variables)
                if cost > self.limit:
                    errors = [self._refusal(cost)]
            context.pre_execution_errors = errors
        yield

    def _refusal(self, cost: int) -> GraphQLError:
        return GraphQLError(
            f"the query costs {cost}, more than the limit of {self.limit} "
            "(PACTMAP_MAX_QUERY_COST); ask for fewer levels or a smaller `first`",
            extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": self.limit},
        )
