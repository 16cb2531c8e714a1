"""Kumu JSON blueprints: ``{"elements": [...], "connections": [...]}``.

Kumu is the map tool most co-responsibility teams use before pactmap. Elements carry a
``label``, a ``type``, a ``description``, ``tags`` and any other attributes (flat, or under an
``attributes`` object as in Kumu's project backups); connections carry ``from`` and ``to``
(an element's ``_id``/``id`` or its label), a ``type`` and a ``direction``.

Reading: an element type pactmap knows (Actor, Topic, Indicator…, or Kumu's usual words such
as Organization, Person, Issue, Project) gives the node kind; any other type, or none, makes an
Actor and is listed in what the import dropped. A connection type pactmap knows gives the
relationship; otherwise two actors are tied by COLLABORATES_WITH and an actor and a topic by
WORKS_ON, and anything else is dropped and listed.

Writing keeps every field as an attribute and the pactmap id as ``_id``, so a blueprint
exported by pactmap comes back whole; Kumu's own layout and styling are not pactmap's to keep.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import ImportFileError, Problem
from ..model import NODE_MODELS, PROPS_MODELS, NodeKind, RelType
from ..store import Snapshot
from .document import SYSTEM_FIELDS, Link, Row, kind_of, make_row

_KUMU_WORDS: dict[str, NodeKind] = {
    "organization": NodeKind.ACTOR,
    "organisation": NodeKind.ACTOR,
    "person": NodeKind.ACTOR,
    "stakeholder": NodeKind.ACTOR,
    "group": NodeKind.ACTOR,
    "issue": NodeKind.TOPIC,
    "theme": NodeKind.TOPIC,
    "project": NodeKind.ACTION,
    "program": NodeKind.ACTION,
    "programme": NodeKind.ACTION,
    "goal": NodeKind.FUTURE_CONCERN,
}
_META = {"_id", "id", "label", "type", "element type", "tags", "attributes", "description"}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def blueprint(snapshot: Snapshot) -> dict[str, Any]:
    """The territory as a Kumu blueprint (elements sorted by id, connections by key)."""
    elements = []
    for node in snapshot.nodes:
        data = node.model_dump(mode="json")
        attributes = {k: v for k, v in data.items() if v is not None and k not in ("id",)}
        elements.append(
            {
                "_id": node.id,
                "label": node.label,
                "type": node.KIND.value,
                "description": str(data.get("description") or ""),
                "attributes": attributes,
            }
        )
    connections = [
        {
            "from": rel.from_id,
            "to": rel.to_id,
            "type": rel.type.value,
            "direction": "directed",
            "attributes": {k: _plain(v) for k, v in rel.properties.items() if v is not None},
        }
        for rel in snapshot.relationships
    ]
    return {
        "name": snapshot.territory.label,
        "elements": elements,
        "connections": connections,
    }


def write_kumu(snapshot: Snapshot, path: Path) -> None:
    text = json.dumps(blueprint(snapshot), indent=2, ensure_ascii=False, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


class KumuSource:
    """A Kumu blueprint opened for import (see :class:`~.document.Source`)."""

    def __init__(self, path: Path):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFileError(
                [
                    Problem(
                        field="file", message=f"not a readable JSON file ({exc})", value=path.name
                    )
                ]
            ) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
            raise ImportFileError(
                [
                    Problem(
                        field="elements",
                        message="a Kumu blueprint has an 'elements' list",
                        value=type(doc).__name__,
                    )
                ]
            )
        self.doc = doc
        self._ignored: set[str] = set()
        self._by_label: dict[str, str] = {}
        self._kinds: dict[str, NodeKind] = {}
        self._types: dict[str, str | None] = {}
        for index, element in enumerate(doc["elements"]):
            if isinstance(element, dict):
                flat = self._flat(element)
                file_id = self._element_id(flat, index)
                self._types[file_id] = self._type_value(flat)
                self._kinds[file_id] = kind_of(self._types[file_id]) or NodeKind.ACTOR
                if flat.get("label") not in (None, ""):
                    self._by_label.setdefault(str(flat["label"]), file_id)
        self.dropped: list[str] = []
        for _ in (*self.rows(), *self.links()):
            pass
        if self._ignored:
            self.dropped.append("kept out of pactmap: " + ", ".join(sorted(self._ignored)))

    @staticmethod
    def _flat(item: dict[str, Any]) -> dict[str, Any]:
        nested = item.get("attributes")
        flat = {**(nested if isinstance(nested, dict) else {}), **item}
        if "element type" in flat and "type" not in flat:
            flat["type"] = flat["element type"]
        if "connection type" in flat and "type" not in flat:
            flat["type"] = flat["connection type"]
        return flat

    @staticmethod
    def _element_id(flat: dict[str, Any], index: int) -> str:
        for key in ("_id", "id"):
            if flat.get(key) not in (None, ""):
                return str(flat[key])
        label = flat.get("label")
        return str(label) if label not in (None, "") else f"element-{index + 1}"

    def _type_value(self, flat: dict[str, Any]) -> str | None:
        raw = flat.get("type")
        if raw in (None, ""):
            return None
        if kind_of(str(raw)) is not None:
            return str(raw)
        mapped = _KUMU_WORDS.get(str(raw).strip().lower())
        if mapped is None:
            self._ignored.add(f"element type '{raw}' (became Actor)")
            return None
        return mapped.value

    def territory(self) -> dict[str, Any]:
        name = self.doc.get("name")
        return {"name": str(name)} if isinstance(name, str) and name.strip() else {}

    def rows(self) -> Iterator[Row | Problem]:
        for index, element in enumerate(self.doc["elements"]):
            where = f"elements[{index}]"
            if not isinstance(element, dict):
                yield Problem(field=where, message="an element is a JSON object", value=element)
                continue
            flat = self._flat(element)
            file_id = self._element_id(flat, index)
            kind = self._kinds[file_id]
            allowed = set(NODE_MODELS[kind].model_fields)
            fields: dict[str, Any] = {}
            system: dict[str, Any] = {}
            for key, value in flat.items():
                if key in SYSTEM_FIELDS and key != "id":
                    system[key] = value
                elif key in allowed and key not in ("id",):
                    fields[key] = value
                elif key not in _META:
                    self._ignored.add(f"attribute '{key}'")
            if flat.get("tags"):
                self._ignored.add("tags")
            label_field = NODE_MODELS[kind].LABEL_FIELD
            if fields.get(label_field) in (None, "") and flat.get("label") not in (None, ""):
                fields[label_field] = str(flat["label"])
            if not set(system) >= {"created_at", "updated_at", "version"}:
                system = {}
            yield make_row(
                self._types[file_id],
                file_id,
                fields,
                sheet="elements",
                line=index + 1,
                system=system,
                lenient=True,
            )

    def links(self) -> Iterator[Link | Problem]:
        for index, connection in enumerate(self.doc.get("connections") or []):
            if not isinstance(connection, dict):
                yield Problem(
                    field=f"connections[{index}]",
                    message="a connection is a JSON object",
                    value=connection,
                )
                continue
            flat = self._flat(connection)
            ends = [self._resolve(flat.get("from")), self._resolve(flat.get("to"))]
            if None in ends:
                yield Problem(
                    field="from" if ends[0] is None else "to",
                    message="names no element of the blueprint",
                    value=flat.get("from") if ends[0] is None else flat.get("to"),
                    sheet="connections",
                    line=index + 1,
                )
                continue
            u, v = str(ends[0]), str(ends[1])
            rel_type = self._rel_type(flat.get("type"), u, v)
            if rel_type is None:
                self._ignored.add(f"connection type '{flat.get('type')}'")
                continue
            allowed = (
                set(PROPS_MODELS[rel_type].model_fields) if rel_type in PROPS_MODELS else set()
            )
            props = {k: val for k, val in flat.items() if k in allowed}
            if flat.get("direction") == "mutual" and rel_type is not RelType.COLLABORATES_WITH:
                self._ignored.add("mutual direction (kept one way)")
            yield Link(rel_type.value, u, v, props, sheet="connections", line=index + 1)

    def _resolve(self, end: Any) -> str | None:
        if end is None:
            return None
        key = str(end)
        if key in self._kinds:
            return key
        return self._by_label.get(key)

    def _rel_type(self, raw: Any, u: str, v: str) -> RelType | None:
        if raw not in (None, ""):
            name = str(raw).strip().upper().replace(" ", "_")
            if name in RelType.__members__:
                return RelType[name]
        shape = (self._kinds[u], self._kinds[v])
        if shape == (NodeKind.ACTOR, NodeKind.ACTOR):
            return RelType.COLLABORATES_WITH
        if shape == (NodeKind.ACTOR, NodeKind.TOPIC):
            return RelType.WORKS_ON
        return None
