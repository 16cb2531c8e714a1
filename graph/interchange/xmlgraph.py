"""GraphML and GEXF, for Gephi, Cytoscape and networkx.

A pactmap file keeps every node's kind (attribute ``kind``), fields and system fields, and
every relationship's type (attribute ``relationship``) and properties, so it round-trips
losslessly. Files written by other tools are read leniently: a node with no kind becomes an
Actor, a node with no name takes its label or id, an edge with no type between two actors is
a COLLABORATES_WITH tie, and attributes pactmap has no field for are dropped and listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as defused
import networkx as nx
from defusedxml import DefusedXmlException

from ..errors import ImportFileError, Problem
from ..model import NODE_MODELS, PROPS_MODELS, NodeKind, RelType
from ..store import Snapshot
from .document import SYSTEM_FIELDS, Link, Row, kind_of, make_row

TYPE_ATTR = "type"  # the node type; "kind" is a field of Action
REL_ATTR = "relationship"
_FOREIGN_KIND_ATTRS = (TYPE_ATTR, "node_type", "category", "kind")
_FOREIGN_REL_ATTRS = (REL_ATTR, "label", "relation", "edge_type")
_LABEL_ATTRS = {"label"}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def to_networkx(snapshot: Snapshot) -> nx.MultiDiGraph:
    """The territory as a networkx multigraph: nodes keyed by id, edges keyed by type."""
    graph = nx.MultiDiGraph(name=snapshot.territory.label, territory=snapshot.territory.id)
    for node in snapshot.nodes:
        data = node.model_dump(mode="json")
        attrs = {k: v for k, v in data.items() if v is not None and k != "id"}
        attrs[TYPE_ATTR] = node.KIND.value
        attrs["label"] = node.label
        graph.add_node(node.id, **attrs)
    for rel in snapshot.relationships:
        props = {k: _plain(v) for k, v in rel.properties.items() if v is not None}
        graph.add_edge(
            rel.from_id, rel.to_id, key=rel.type.value, **props, **{REL_ATTR: rel.type.value}
        )
    return graph


def write_graphml(snapshot: Snapshot, path: Path) -> None:
    nx.write_graphml(to_networkx(snapshot), path, named_key_ids=True)


def write_gexf(snapshot: Snapshot, path: Path) -> None:
    nx.write_gexf(to_networkx(snapshot), path)


class GraphSource:
    """A GraphML or GEXF file opened for import (see :class:`~.document.Source`)."""

    def __init__(self, path: Path, fmt: str):
        self.path = path
        self.fmt = fmt
        try:
            # defusedxml first: no DTD, entity or external reference gets to networkx's parser
            defused.parse(path, forbid_dtd=True)
            if fmt == "graphml":
                self.graph = nx.read_graphml(path, force_multigraph=True)
            else:
                self.graph = nx.read_gexf(path, relabel=False)
        except DefusedXmlException as exc:
            raise ImportFileError(
                [
                    Problem(
                        field="file",
                        message=f"{fmt.upper()} with a DTD or entities is refused ({exc!r})",
                        value=path.name,
                    )
                ]
            ) from None
        except (OSError, ValueError, KeyError, nx.NetworkXError, SyntaxError) as exc:
            raise ImportFileError(
                [
                    Problem(
                        field="file",
                        message=f"not a readable {fmt.upper()} file ({exc})",
                        value=path.name,
                    )
                ]
            ) from None
        self._ignored: set[str] = set()
        self._kinds = {str(n): self._kind_value(a) for n, a in self.graph.nodes(data=True)}
        self.dropped: list[str] = []
        for _ in (*self.rows(), *self.links()):  # learn what the file drops before importing
            pass
        if self._ignored:
            self.dropped.append("kept out of pactmap: " + ", ".join(sorted(self._ignored)))

    def territory(self) -> dict[str, Any]:
        name = self.graph.graph.get("name")
        return {"name": str(name)} if name else {}

    def _kind_value(self, attrs: dict[str, Any]) -> str | None:
        """The node type the file gives, or None (an Actor) when it gives none pactmap knows."""
        for key in _FOREIGN_KIND_ATTRS:
            if attrs.get(key) not in (None, "") and kind_of(str(attrs[key])) is not None:
                return str(attrs[key])
        given = attrs.get(TYPE_ATTR)
        if given not in (None, ""):
            self._ignored.add(f"node type '{given}' (became Actor)")
        return None

    def rows(self) -> Iterator[Row | Problem]:
        for node_id, attrs in self.graph.nodes(data=True):
            type_value = self._kinds[str(node_id)]
            kind = kind_of(type_value) or NodeKind.ACTOR
            allowed = set(NODE_MODELS[kind].model_fields)
            fields: dict[str, Any] = {}
            system: dict[str, Any] = {}
            for key, value in attrs.items():
                if key in SYSTEM_FIELDS:
                    system[key] = value
                elif key in allowed:
                    fields[key] = value
                elif key not in _FOREIGN_KIND_ATTRS and key not in _LABEL_ATTRS:
                    self._ignored.add(f"attribute '{key}'")
            label_field = NODE_MODELS[kind].LABEL_FIELD
            if fields.get(label_field) in (None, "") and attrs.get("label") not in (None, ""):
                fields[label_field] = str(attrs["label"])
            if set(system) >= {"created_at", "updated_at", "version"}:
                system = {k: system[k] for k in ("created_at", "updated_at", "version")}
            else:
                system = {}
            yield make_row(
                type_value, str(node_id), fields, sheet=self.fmt, system=system, lenient=True
            )

    def links(self) -> Iterator[Link | Problem]:
        if self.graph.is_multigraph():
            edges = self.graph.edges(keys=True, data=True)
        else:
            edges = ((u, v, None, attrs) for u, v, attrs in self.graph.edges(data=True))
        for u, v, key, attrs in edges:
            rel_type = self._rel_type(str(u), str(v), key, attrs)
            if rel_type is None:
                self._ignored.add(f"edge type '{attrs.get(REL_ATTR) or key}'")
                continue
            allowed = (
                set(PROPS_MODELS[rel_type].model_fields) if rel_type in PROPS_MODELS else set()
            )
            props = {k: val for k, val in attrs.items() if k in allowed}
            yield Link(rel_type.value, str(u), str(v), props, sheet=self.fmt)

    def _rel_type(self, u: str, v: str, key: Any, attrs: dict[str, Any]) -> RelType | None:
        for candidate in (*(attrs.get(a) for a in _FOREIGN_REL_ATTRS), key):
            if candidate is None:
                continue
            name = str(candidate).strip().upper().replace(" ", "_")
            if name in RelType.__members__:
                return RelType[name]
        kinds = (
            kind_of(self._kinds.get(u)) or NodeKind.ACTOR,
            kind_of(self._kinds.get(v)) or NodeKind.ACTOR,
        )
        if kinds == (NodeKind.ACTOR, NodeKind.ACTOR):
            return RelType.COLLABORATES_WITH
        if kinds == (NodeKind.ACTOR, NodeKind.TOPIC):
            return RelType.WORKS_ON
        return None
