"""A map read from a file, before it is validated and written.

Every reader (spreadsheets, GraphML, GEXF, Kumu) turns its file into rows of this module's
shape. The file is then read twice: :func:`check` reads every row against the domain model,
gathering ALL problems (with sheet, row and column) before anything is written, and keeps the
plan of ids on disk; :func:`nodes` and :func:`relationships` read it again and stream
store-ready nodes and relationships to ``Store.bulk_upsert``. Ids from the file are kept
when they are already ids of this territory (a re-import updates rather than duplicates) and
otherwise namespaced under the territory, so a file can never touch a node of another
territory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..errors import ImportFileError, Problem, ValidationError
from ..model import (
    ENDPOINTS,
    NODE_MODELS,
    NodeBase,
    NodeKind,
    Relationship,
    build_node,
    build_relationship,
    is_valid_id,
    utcnow,
)
from ..store import Progress, chunks, new_id
from ..tempindex import TempIndex

SYSTEM_FIELDS = ("id", "territory_id", "created_at", "updated_at", "version")

# Every spelling a file may use for a node type, folded to the model's kind.
_KIND_NAMES: dict[str, NodeKind] = {}
for _kind in NodeKind:
    for _name in (_kind.value, _kind.value.lower(), _kind.name.lower(), _kind.name):
        _KIND_NAMES[_name] = _kind
_KIND_NAMES.update(
    {
        "concern": NodeKind.FUTURE_CONCERN,
        "future concern": NodeKind.FUTURE_CONCERN,
        "future_concerns": NodeKind.FUTURE_CONCERN,
        "criteria": NodeKind.CRITERION,
    }
)


def kind_of(value: str | None) -> NodeKind | None:
    """The node kind a file names, or None when it names none (the reader then uses Actor)."""
    if value is None or not str(value).strip():
        return None
    return _KIND_NAMES.get(str(value).strip()) or _KIND_NAMES.get(str(value).strip().lower())


@dataclass
class Row:
    """One node as a file gives it: where it came from, its kind, its file id and its fields."""

    kind: NodeKind
    file_id: str
    fields: dict[str, Any]
    sheet: str = ""
    line: int | None = None
    system: dict[str, Any] = field(default_factory=dict)


def make_row(
    type_value: str | None,
    file_id: str,
    fields: dict[str, Any],
    *,
    sheet: str = "",
    line: int | None = None,
    system: dict[str, Any] | None = None,
    lenient: bool = False,
) -> Row | Problem:
    """A row from a file's own words. A node with no type becomes an Actor; an unknown type is
    a problem. ``lenient`` (files from other tools) gives an Actor with no sector the sector
    'other' and a Topic with no dimension the one its component code starts with."""
    kind = kind_of(type_value)
    if kind is None and type_value not in (None, ""):
        return _problem(sheet, line, "type", "unknown node type", type_value)
    if kind is None:
        kind = NodeKind.ACTOR
        lenient = True
    if lenient and kind is NodeKind.ACTOR and not fields.get("sector"):
        fields = {**fields, "sector": "other"}
    component = str(fields.get("component") or "")
    if lenient and kind is NodeKind.TOPIC and not fields.get("dimension") and component[:1]:
        fields = {**fields, "dimension": component[:1].upper()}
    return Row(kind, file_id, fields, sheet=sheet, line=line, system=dict(system or {}))


@dataclass
class Link:
    type: str
    from_file_id: str
    to_file_id: str
    properties: dict[str, Any]
    sheet: str = ""
    line: int | None = None


class Source(Protocol):
    """A file opened for import. ``rows`` and ``links`` re-read the file each time they are
    called, so an import checks everything in a first pass and writes in a second without
    holding the whole file in memory."""

    dropped: list[str]

    def territory(self) -> dict[str, Any]: ...

    def rows(self) -> Iterator[Row | Problem]: ...

    def links(self) -> Iterator[Link | Problem]: ...


@dataclass
class Plan:
    """What the first pass learnt: each file id's store id and kind, kept on disk (a
    :class:`TempIndex`: a file of any length is planned in flat memory). Close it when done."""

    territory_id: str
    ids: TempIndex
    territory: NodeBase
    node_count: int = 0
    link_count: int = 0

    def close(self) -> None:
        self.ids.close()


_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


def store_id(territory_id: str, file_id: str) -> str:
    """The store id for a file id: kept when it is already this territory's, else namespaced."""
    if file_id.startswith(territory_id + ".") and is_valid_id(file_id):
        return file_id
    slug = _SLUG.sub("-", file_id).strip("-.") or "node"
    candidate = f"{territory_id}.{slug}"[:100]
    return candidate if is_valid_id(candidate) else new_id("node")


def _problem(sheet: str, line: int | None, column: str, message: str, value: Any) -> Problem:
    return Problem(field=column, message=message, value=value, line=line, sheet=sheet or None)


MAX_PROBLEMS = 1000
CHUNK = 500  # rows and links checked, and their ids looked up, at a time


def check(
    source: Source,
    *,
    territory_id: str,
    existing_territory: NodeBase | None = None,
    territory_defaults: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    lookup: Callable[[list[str]], Mapping[str, NodeBase]] | None = None,
    progress: Progress | None = None,
) -> Plan:
    """First pass: validate every row and link. Raises ImportFileError listing every problem
    (up to MAX_PROBLEMS) before anything is written.

    ``lookup`` (the store's ``get_many``) lets a file exported from this very territory
    come back onto its own nodes: a row whose id is a node of this territory, of the same
    kind, keeps that id; any other id is namespaced under the territory (:func:`store_id`).
    """
    now = now or utcnow()
    problems: list[Problem] = []
    ids = TempIndex()
    try:
        node_count, link_count = _check_rows(
            source, territory_id, ids, now, lookup, problems, progress
        )
    except BaseException:
        ids.close()
        raise
    territory = _territory(
        source.territory(),
        territory_id,
        existing_territory,
        now,
        territory_defaults or {},
        problems,
    )
    if problems:
        ids.close()
        raise ImportFileError(problems)
    assert territory is not None
    return Plan(territory_id, ids, territory, node_count, link_count)


def _check_rows(
    source: Source,
    territory_id: str,
    ids: TempIndex,
    now: datetime,
    lookup: Callable[[list[str]], Mapping[str, NodeBase]] | None,
    problems: list[Problem],
    progress: Progress | None,
) -> tuple[int, int]:
    """Check every row (learning its store id into ``ids``), then every link; answers how
    many of each were good."""
    node_count = 0
    for batch in chunks(source.rows(), CHUNK):
        own = _own_ids(batch, territory_id, lookup)
        rows: list[Row] = []
        for row in batch:
            if isinstance(row, Problem):
                problems.append(row)
            else:
                rows.append(row)
        sids = [r.file_id if r.file_id in own else store_id(territory_id, r.file_id) for r in rows]
        planned = list(zip(rows, sids, strict=True))
        repeated = ids.add([(row.file_id, sid, row.kind.value) for row, sid in planned])
        for i, (row, sid) in enumerate(planned):
            if i in repeated:
                problems.append(
                    _problem(
                        row.sheet, row.line, "id", "this id appears twice in the file", row.file_id
                    )
                )
            elif _node(row, sid, territory_id, None, now, problems) is not None:
                node_count += 1
        if progress is not None:
            progress(len(batch))
        if len(problems) >= MAX_PROBLEMS:
            return node_count, 0
    link_count = 0
    for links in chunks(source.links(), CHUNK):
        known = _ends(ids, links)
        for link in links:
            if isinstance(link, Problem):
                problems.append(link)
            elif _relationship(link, known, problems) is not None:
                link_count += 1
        if progress is not None:
            progress(len(links))
        if len(problems) >= MAX_PROBLEMS:
            break
    return node_count, link_count


def _ends(ids: TempIndex, links: list[Link | Problem]) -> dict[str, tuple[str, NodeKind]]:
    """The store ids and kinds of the ends that ``links`` name (those the file defines)."""
    named = [link for link in links if isinstance(link, Link)]
    ends = {end for link in named for end in (link.from_file_id, link.to_file_id)}
    return {key: (sid, NodeKind(kind)) for key, (sid, kind) in ids.get(ends).items()}


def _own_ids(
    batch: list[Row | Problem],
    territory_id: str,
    lookup: Callable[[list[str]], Mapping[str, NodeBase]] | None,
) -> set[str]:
    """The file ids of ``batch`` that are already nodes of this territory, of the row's kind."""
    rows = [r for r in batch if isinstance(r, Row) and is_valid_id(r.file_id)]
    if lookup is None or not rows:
        return set()
    found = lookup([r.file_id for r in rows])
    return {
        r.file_id
        for r in rows
        if (node := found.get(r.file_id)) is not None
        and node.territory_id == territory_id
        and node.KIND is r.kind
    }


def nodes(
    source: Source,
    plan: Plan,
    get_many: Callable[[list[str]], Mapping[str, NodeBase]],
    *,
    now: datetime | None = None,
    batch: int | None = None,
) -> Iterator[NodeBase]:
    """Second pass: the validated nodes, each compared with what is stored under its id
    (looked up in batches): unchanged ones keep their version, changed ones go up by one."""
    now = now or utcnow()
    pending: list[Row] = []

    def flush() -> Iterator[NodeBase]:
        sids = {key: sid for key, (sid, _) in plan.ids.get(r.file_id for r in pending).items()}
        existing = get_many(list(sids.values()))
        for row in pending:
            sid = sids[row.file_id]
            sink: list[Problem] = []
            node = _node(row, sid, plan.territory_id, existing.get(sid), now, sink)
            if sink or node is None:
                raise ImportFileError(sink or [_problem(row.sheet, row.line, "id", "invalid", sid)])
            yield node
        pending.clear()

    for row in source.rows():
        if isinstance(row, Problem):
            raise ImportFileError([row])
        pending.append(row)
        if len(pending) >= (batch or CHUNK):
            yield from flush()
    if pending:
        yield from flush()


def relationships(source: Source, plan: Plan) -> Iterator[Relationship]:
    """Second pass: the validated relationships, their ends looked up a chunk at a time."""
    for links in chunks(source.links(), CHUNK):
        known = _ends(plan.ids, links)
        for link in links:
            sink: list[Problem] = []
            if isinstance(link, Problem):
                raise ImportFileError([link])
            rel = _relationship(link, known, sink)
            if rel is None:
                raise ImportFileError(sink)
            yield rel


def _node(
    row: Row,
    sid: str,
    territory_id: str,
    before: NodeBase | None,
    now: datetime,
    problems: list[Problem],
) -> NodeBase | None:
    allowed = set(NODE_MODELS[row.kind].model_fields) - set(SYSTEM_FIELDS)
    fields = {k: v for k, v in row.fields.items() if v is not None and v != ""}
    unknown = sorted(set(fields) - allowed)
    for name in unknown:
        problems.append(
            _problem(row.sheet, row.line, name, f"{row.kind} has no field '{name}'", fields[name])
        )
    label = NODE_MODELS[row.kind].LABEL_FIELD
    if label not in fields and label in allowed:
        fields[label] = row.file_id  # a node with no name takes its id as its name
    data: dict[str, Any] = {**fields, "id": sid, "territory_id": territory_id}
    # A file's versions and timestamps are kept only for a node new to the store; onto a
    # stored node an import is an edit like any other (never a silent step back in versions).
    system = row.system if before is None else {}
    created = system.get("created_at") or (before.created_at if before else now)
    data.update(created_at=created, updated_at=system.get("updated_at") or now, version=1)
    if system.get("version"):
        data["version"] = system["version"]
    try:
        node = build_node(row.kind, data)
    except ValidationError as exc:
        for p in exc.problems:
            problems.append(_problem(row.sheet, row.line, p.field, p.message, p.value))
        return None
    if unknown:
        return None
    if before is not None:
        if before.KIND is not row.kind:
            problems.append(
                _problem(
                    row.sheet,
                    row.line,
                    "type",
                    f"'{sid}' is already a {before.KIND}, not a {row.kind}",
                    row.kind.value,
                )
            )
            return None
        if before.fields() == node.fields():
            return before
        node = node.model_copy(
            update={"version": before.version + 1, "created_at": before.created_at}
        )
    return node


def _relationship(
    link: Link, ids: Mapping[str, tuple[str, NodeKind]], problems: list[Problem]
) -> Relationship | None:
    missing = [end for end in (link.from_file_id, link.to_file_id) if end not in ids]
    for end in missing:
        problems.append(
            _problem(
                link.sheet,
                link.line,
                "from" if end == link.from_file_id else "to",
                "no node with this id in the file",
                end,
            )
        )
    if missing:
        return None
    try:
        rel = build_relationship(
            link.type,
            ids[link.from_file_id][0],
            ids[link.to_file_id][0],
            {k: v for k, v in link.properties.items() if v not in (None, "")},
        )
    except ValidationError as exc:
        for p in exc.problems:
            problems.append(_problem(link.sheet, link.line, p.field, p.message, p.value))
        return None
    shape = (ids[link.from_file_id][1], ids[link.to_file_id][1])
    if shape not in ENDPOINTS[rel.type]:
        problems.append(
            _problem(
                link.sheet,
                link.line,
                "type",
                f"{rel.type} cannot go from a {shape[0]} to a {shape[1]}",
                rel.type.value,
            )
        )
        return None
    return rel


def _territory(
    fields: Mapping[str, Any],
    territory_id: str,
    before: NodeBase | None,
    now: datetime,
    defaults: Mapping[str, Any],
    problems: list[Problem],
) -> NodeBase | None:
    if before is not None:
        return before  # importing into a territory never renames or rewrites it
    data = {**defaults, **{k: v for k, v in fields.items() if k not in SYSTEM_FIELDS}}
    data.setdefault("name", territory_id)
    try:
        node = build_node(
            NodeKind.TERRITORY,
            {
                **data,
                "id": territory_id,
                "territory_id": None,
                "created_at": before.created_at if before else now,
                "updated_at": now,
                "version": before.version + 1 if before else 1,
            },
        )
    except ValidationError as exc:
        for p in exc.problems:
            problems.append(_problem("territory", None, p.field, p.message, p.value))
        return None
    if before is not None and before.fields() == node.fields():
        return before
    return node
