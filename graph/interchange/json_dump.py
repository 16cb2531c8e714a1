"""The lossless JSON dump of a whole territory, for ``pactmap export`` and ``pactmap import``.

A dump is::

    {"format": "pactmap-dump", "version": 1,
     "territory": {...}, "nodes": [...], "relationships": [...]}

with nodes sorted by id and relationships by (from, type, to), every node and relationship
as its ``to_json()``, ids, versions and timestamps kept, and no export time: export, import
into an empty store and export again give byte-identical files (:func:`write_dump`).

:func:`load_dump` checks the whole document first and lists every problem with its JSON path
and value; only a clean document is written, in one ``bulk_upsert``. It works on any Store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ImportFileError, Problem, ValidationError
from ..model import (
    Node,
    NodeKind,
    Relationship,
    build_node,
    build_relationship,
    check_endpoints,
    parse_kind,
)
from ..store import Progress, Store

FORMAT = "pactmap-dump"
VERSION = 1
_KEYS = frozenset({"format", "version", "territory", "nodes", "relationships"})
_REL_KEYS = frozenset({"type", "from", "to", "properties"})


def dump_territory(store: Store, territory_id: str) -> dict[str, Any]:
    """The territory as a dump document. Raises NotFound."""
    snap = store.snapshot(territory_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "territory": snap.territory.to_json(),
        "nodes": [n.to_json() for n in sorted(snap.nodes, key=lambda n: n.id)],
        "relationships": [r.to_json() for r in sorted(snap.relationships, key=lambda r: r.key)],
    }


def dumps(doc: Mapping[str, Any]) -> str:
    """The one text of a document: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_dump(path: str | Path, doc: Mapping[str, Any]) -> None:
    Path(path).write_text(dumps(doc), encoding="utf-8")


def read_dump(path: str | Path) -> Any:
    """The parsed file; a file that is not JSON raises ImportFileError naming line and column."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"the file is not UTF-8 text (byte {exc.start})", field=str(path)
        ) from None
    except OSError as exc:
        raise ImportFileError(f"the file cannot be read: {exc.strerror}", field=str(path)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            [Problem(field=f"column {exc.colno}", message=f"not JSON: {exc.msg}", line=exc.lineno)]
        ) from None


def _node(
    where: str, item: Any, problems: list[Problem], *, territory: bool = False
) -> Node | None:
    if not isinstance(item, dict):
        problems.append(Problem(where, "a node is a JSON object", item))
        return None
    if "type" not in item:
        problems.append(Problem(f"{where}.type", "the node type is missing"))
        return None
    try:
        kind = parse_kind(str(item["type"]))
    except ValidationError as exc:
        problems.append(Problem(f"{where}.type", exc.problems[0].message, item["type"]))
        return None
    if (kind is NodeKind.TERRITORY) != territory:
        message = "this must be a Territory" if territory else "a Territory inside a territory"
        problems.append(Problem(f"{where}.type", message, item["type"]))
        return None
    data = {k: v for k, v in item.items() if k != "type"}
    try:
        return build_node(kind, data)
    except ValidationError as exc:
        problems.extend(Problem(f"{where}.{p.field}", p.message, p.value) for p in exc.problems)
        return None


def _relationship(where: str, item: Any, problems: list[Problem]) -> Relationship | None:
    if not isinstance(item, dict):
        problems.append(Problem(where, "a relationship is a JSON object", item))
        return None
    unknown = sorted(set(item) - _REL_KEYS)
    for key in unknown:
        problems.append(Problem(f"{where}.{key}", "a relationship has no such key", item[key]))
    missing = [k for k in ("type", "from", "to") if not isinstance(item.get(k), str)]
    for key in missing:
        problems.append(Problem(f"{where}.{key}", "a string is required here", item.get(key)))
    properties = item.get("properties", {})
    if not isinstance(properties, dict):
        problems.append(Problem(f"{where}.properties", "properties are a JSON object", properties))
        return None
    if unknown or missing:
        return None
    try:
        return build_relationship(item["type"], item["from"], item["to"], properties)
    except ValidationError as exc:
        problems.extend(
            Problem(f"{where}.{_rel_field(p.field)}", p.message, p.value) for p in exc.problems
        )
        return None


def _kind(value: Any) -> NodeKind | None:
    try:
        return NodeKind(value)
    except ValueError:
        return None


def _rel_field(name: str) -> str:
    return {"from_id": "from", "to_id": "to"}.get(name, name)


def _list(doc: Mapping[str, Any], key: str, problems: list[Problem]) -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list):
        problems.append(Problem(key, "a JSON array is required here", value))
        return []
    return value


def check_dump(doc: Any) -> tuple[Node, list[Node], list[Relationship]]:
    """The validated content of a dump document, or ImportFileError listing every problem."""
    if not isinstance(doc, dict):
        raise ImportFileError(
            "a dump is a JSON object", field="(document)", value=type(doc).__name__
        )
    problems: list[Problem] = []
    if doc.get("format") != FORMAT:
        problems.append(Problem("format", f"this is not a {FORMAT} file", doc.get("format")))
    if doc.get("version") != VERSION:
        problems.append(Problem("version", f"only version {VERSION} is known", doc.get("version")))
    for key in sorted(set(doc) - _KEYS):
        problems.append(Problem(key, "a dump has no such key", None))
    territory = _node("territory", doc.get("territory"), problems, territory=True)

    # Every id the file claims, with its kind when known: a node with a bad field is still
    # there for its relationships, so one mistake is reported once.
    claimed: dict[str, NodeKind | None] = {}
    raw_territory = doc.get("territory")
    if isinstance(raw_territory, dict) and isinstance(raw_territory.get("id"), str):
        claimed[raw_territory["id"]] = None
    nodes: list[Node] = []
    for i, item in enumerate(_list(doc, "nodes", problems)):
        node = _node(f"nodes[{i}]", item, problems)
        raw_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(raw_id, str):
            if raw_id in claimed:
                problems.append(Problem(f"nodes[{i}].id", "this id appears twice", raw_id))
                continue
            claimed[raw_id] = node.KIND if node is not None else _kind(item.get("type"))
        if node is None:
            continue
        if territory is not None and node.territory_id != territory.id:
            problems.append(
                Problem(
                    f"nodes[{i}].territory_id",
                    f"the file's territory is '{territory.id}'",
                    node.territory_id,
                )
            )
        nodes.append(node)
    if territory is not None:
        claimed.pop(territory.id, None)  # nothing links to a Territory
    check_ends = isinstance(doc.get("nodes"), list)

    rels: list[Relationship] = []
    seen: set[tuple[str, str, str]] = set()
    for i, item in enumerate(_list(doc, "relationships", problems)):
        where = f"relationships[{i}]"
        rel = _relationship(where, item, problems)
        if rel is None or not check_ends:
            continue
        ends = (("from", rel.from_id), ("to", rel.to_id))
        dangling = [(name, end) for name, end in ends if end not in claimed]
        for name, end in dangling:
            problems.append(Problem(f"{where}.{name}", "no node with this id in the file", end))
        if dangling:
            continue
        from_kind, to_kind = claimed[rel.from_id], claimed[rel.to_id]
        if from_kind is not None and to_kind is not None:
            try:
                check_endpoints(rel.type, from_kind, to_kind)
            except ValidationError as exc:
                problems.append(Problem(f"{where}.type", exc.problems[0].message, rel.type.value))
                continue
        if rel.key in seen:
            problems.append(Problem(where, "this relationship appears twice", "|".join(rel.key)))
            continue
        seen.add(rel.key)
        rels.append(rel)
    if problems or territory is None:
        raise ImportFileError(problems)
    return territory, nodes, rels


def load_dump(
    store: Store,
    doc_or_path: Mapping[str, Any] | str | Path,
    *,
    by: str,
    progress: Progress | None = None,
) -> str:
    """Write a dump into ``store`` (creating or replacing its nodes) and return the territory
    id. Nothing is written unless the whole document is valid."""
    doc = read_dump(doc_or_path) if isinstance(doc_or_path, str | Path) else doc_or_path
    territory, nodes, rels = check_dump(doc)
    store.bulk_upsert(territory, nodes, rels, by=by, progress=progress)
    return territory.id
