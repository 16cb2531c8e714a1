"""The shared store facade: each operation comes from exactly one of a store's modules."""

from __future__ import annotations

import pytest
from pactmap.graph.facade import Operations
from pactmap.graph.sqlite import (
    accounts,
    bulk,
    discussion,
    invitations,
    reads,
    results,
    throttle,
    writes,
)


def test_every_operation_comes_from_the_module_that_defines_it() -> None:
    ops = Operations.of(writes, reads, accounts, invitations, discussion, throttle, bulk, results)
    assert ops.create is writes.create
    assert ops.bulk_upsert is bulk.bulk_upsert
    assert ops.comments is discussion.comments


def test_a_missing_operation_is_named() -> None:
    # without the discussion module, add_comment (the first of its operations) has no home
    with pytest.raises(TypeError, match="'add_comment' should be in one module: none of them"):
        Operations.of(writes, reads, accounts, invitations, throttle, bulk)


def test_an_operation_defined_twice_is_named() -> None:
    with pytest.raises(
        TypeError,
        match=r"'get' should be in one module: pactmap.graph.sqlite.reads, pactmap.graph.sqlite.reads",
    ):
        Operations.of(
            writes, reads, reads, accounts, invitations, discussion, throttle, bulk, results
        )
