"""Nodes read back are built once per stored form (graph/decoded.py): a second read of an
unchanged node costs no validation, and an edit is never hidden by it."""

from __future__ import annotations

from pactmap.graph.decoded import Decoded
from pactmap.graph.model import NodeKind
from pactmap.graph.store import Store


def test_a_node_read_twice_is_built_once_and_an_edit_is_read_anew(store: Store) -> None:
    territory = store.create(NodeKind.TERRITORY, {"name": "Valbrune"}, by="test").id
    actor = store.create(
        NodeKind.ACTOR,
        {"name": "Mairie", "sector": "public_authority"},
        by="t",
        territory_id=territory,
    )
    first = store.get(actor.id)
    assert store.get(actor.id) is first
    assert store.get_many([actor.id])[actor.id] is first

    store.update(actor.id, {"name": "Mairie de Valbrune"}, expected_version=1, by="test")
    edited = store.get(actor.id)
    assert (edited.name, edited.version) == ("Mairie de Valbrune", 2)  # type: ignore[attr-defined]


def test_the_memory_is_bounded_and_keyed_by_the_whole_stored_form() -> None:
    built: list[str] = []
    memory = Decoded(max_entries=2)

    def build(text: str) -> str:
        built.append(text)
        return text.upper()

    assert memory.get("a", lambda: build("a")) == "A"
    assert memory.get("a", lambda: build("a")) == "A"
    assert memory.get("b", lambda: build("b")) == "B"
    assert built == ["a", "b"]
    memory.get("c", lambda: build("c"))  # full: starts again empty
    memory.get("a", lambda: build("a"))
    assert built == ["a", "b", "c", "a"]
