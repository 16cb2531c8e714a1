"""Cycle spans from the change log, and how co-responsibility widened between two maps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pactmap.analysis.cycles import cycle_diff, cycle_spans
from pactmap.graph.model import Change, ChangeOp, NodeKind

from .builders import MapBuilder

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _change(seq: int, op: ChangeOp, target: str, before: Any, after: Any) -> Change:
    return Change(
        seq=seq,
        territory_id="ter",
        at=T0 + timedelta(days=seq),
        by="test",
        op=op,
        target=target,
        target_type="Territory",
        before=None if before is None else {"type": "Territory", "spiral_cycle": before},
        after=None if after is None else {"type": "Territory", "spiral_cycle": after},
    )


def test_spans_follow_the_moves_of_spiral_cycle() -> None:
    changes = [
        _change(1, ChangeOp.CREATE, "ter", None, 1),
        _change(2, ChangeOp.CREATE, "act-1", None, None),  # not the territory: ignored
        _change(5, ChangeOp.UPDATE, "ter", 1, 1),  # a rename: the cycle did not move
        _change(7, ChangeOp.UPDATE, "ter", 1, 2),
        _change(9, ChangeOp.UPDATE, "ter", 2, 3),
    ]
    spans = cycle_spans("ter", reversed(changes))
    assert [(s.cycle, s.start_seq, s.end_seq) for s in spans.values()] == [
        (1, 1, 7),
        (2, 7, 9),
        (3, 9, None),
    ]
    assert spans[2].start_at == T0 + timedelta(days=7)
    assert spans[3].end_at is None


def test_a_territory_created_in_cycle_two_has_no_first_cycle() -> None:
    spans = cycle_spans("ter", [_change(1, ChangeOp.CREATE, "ter", None, 2)])
    assert list(spans) == [2]


def _cycle_one() -> MapBuilder:
    m = MapBuilder()
    m.actor("town", "public_authority")
    m.actor("assoc", "association")
    m.actor("assoc2", "association")
    m.tie("assoc", "assoc2")  # same sector: not a cross-sector tie
    return m


def test_diff_reports_new_actor_types_ties_signatories_and_groups() -> None:
    before = _cycle_one().snapshot()
    m = _cycle_one()
    m.actor("parents", "citizen_group", "Single parents")
    m.actor("firm", "private_company", "Energy co")
    m.tie("town", "firm")
    m.node(NodeKind.INDICATOR, "ind", name="Cold homes")
    m.contract(
        "con",
        {"town": "signatory", "parents": "partner_author"},
        ["ind"],
        title="Warm homes",
        signed_on=date(2026, 3, 1),
    )
    m.commitment("com", ["assoc"], ["ind"], title="Visit homes")
    m.link("PART_OF", "com", "con")
    diff = cycle_diff(before, m.snapshot())
    assert [a.id for a in diff.new_actors] == ["firm", "parents"]  # by name
    assert diff.new_sectors == ("citizen_group", "private_company")
    ties = {tuple(a.id for a in t.actors): t.via for t in diff.new_cross_sector_ties}
    # contract parties: town, parents (SIGNED) and assoc (MADE a commitment PART_OF it)
    assert ties == {
        ("firm", "town"): ("collaboration",),
        ("assoc", "parents"): ("Warm homes",),
        ("assoc", "town"): ("Warm homes",),
        ("parents", "town"): ("Warm homes",),
    }
    assert [a.id for a in diff.new_signatories] == ["parents", "town"]
    assert [a.id for a in diff.newly_represented_groups] == ["parents"]
    assert [r.id for r in diff.new_indicators] == ["ind"]
    assert [r.id for r in diff.new_commitments] == ["com"]
    assert [r.id for r in diff.new_contracts] == ["con"]
    assert diff.counts["actors"] == (3, 5) and diff.counts["sectors"] == (2, 4)
    assert diff.counts["crossSectorTies"] == (0, 4)


def test_nothing_new_between_equal_maps() -> None:
    snap = _cycle_one().snapshot()
    data = cycle_diff(snap, snap).to_json()
    assert all(data[k] == [] for k in data if k != "counts")
