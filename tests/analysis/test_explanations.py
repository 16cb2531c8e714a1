"""Every number and claim in a gap or suggestion sentence holds in the data (issue 12).

Random small maps (hypothesis draws the seed of each); the sentences are parsed back and
each claim is checked against the collaboration and actor-topic graphs the analysis read.
"""

from __future__ import annotations

import random
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pactmap.analysis import analyze
from pactmap.analysis.convert import build_views

from .builders import MapBuilder

SECTORS = ["public_authority", "public_service", "association", "citizen_group", "private_company"]
STATUSES = ["proposed", "active", "fulfilled", "lapsed", "withdrawn"]


def random_town(seed: int) -> MapBuilder:
    rng = random.Random(seed)
    b = MapBuilder()
    actors = [
        b.actor(f"a{i:02d}", SECTORS[i % 5] if i < 5 else rng.choice(SECTORS))
        for i in range(rng.randint(3, 16))
    ]
    topics = [b.topic(f"t{j}", f"Topic {j}") for j in range(rng.randint(1, 4))]
    for a in actors:
        for t in rng.sample(topics, rng.randint(0, len(topics))):
            b.works_on(a, t, rng.randint(1, 5))
    for i, a in enumerate(actors):
        for c in actors[i + 1 :]:
            if rng.random() < 0.12:
                b.tie(a, c, rng.randint(1, 5))
    years = [date(2022, 1, 1), date(2023, 1, 1), date(2024, 1, 1)]
    b.indicator(
        "ind", topics[:2], list(zip(years, [3, rng.randint(1, 3), rng.randint(1, 3)], strict=True))
    )
    for k in range(rng.randint(0, 3)):
        b.commitment(
            f"com{k}", rng.sample(actors, 2), [rng.choice(topics)], status=rng.choice(STATUSES)
        )
    citizens = [a for a in actors if b.nodes[a].sector == "citizen_group"]  # type: ignore[attr-defined]
    if citizens:
        b.criterion("cri", citizens[0], topics[0])
    return b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_every_claim_holds(seed: int) -> None:
    snapshot = random_town(seed).snapshot()
    report = analyze(snapshot)
    views = build_views(snapshot)
    C, B = views.collaboration, views.actor_topic
    silo_of = {a.id: s.id for s in report.silos for a in s.actors}
    topic_by_name = {f"Topic {j}": f"t{j}" for j in range(4)}

    for g in report.gaps:
        ids = [a.id for a in g.actors]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                assert not C.has_edge(a, b), g.explanation
        if g.kind == "shared_topic":
            m = re.search(
                r"both work on (.+?)(, a topic only (\d+) actors work on)?( \(|, but)",
                g.explanation,
            )
            assert m, g.explanation
            for name in re.split(r",? and |, ", m.group(1)):  # "A, B, and C" (CLDR's English list)
                t = topic_by_name[name]
                assert all(B.has_edge(a, t) for a in ids), g.explanation
                if m.group(3):
                    assert B.degree(t) == int(m.group(3)), g.explanation
        if g.kind == "group" and len(g.topics) == 1:
            assert "all work on" in g.explanation
            assert all(B.has_edge(a, g.topics[0].id) for a in ids)

    for s in report.suggestions:
        team = [a.id for a in s.actors]
        text = s.explanation
        m = re.search(r"— (\d+) actors from (\d+) sectors — (all|(\d+) of them) work on", text)
        assert m, text
        assert int(m.group(1)) == len(team)
        assert int(m.group(2)) == len({a.sector for a in s.actors})
        topics = {t.id for t in s.topics}
        working = sum(1 for a in team if any(B.has_edge(a, t) for t in topics))
        assert working == (len(team) if m.group(3) == "all" else int(m.group(4))), text
        m = re.search(
            r"they come from (\d+) collaboration groups?( and (\d+) of them ha(s|ve) no tie)?", text
        )
        assert m, text
        assert int(m.group(1)) == len({silo_of[a] for a in team if a in silo_of}), text
        loners = sum(1 for a in team if a not in silo_of)
        assert loners == (int(m.group(3)) if m.group(3) else 0), text
        assert all((C.degree(a) == 0) == (a not in silo_of) for a in team)
        m = re.search(r"(\d+) of (\d+) pairs have never worked together", text)
        assert m, text
        pairs = [(a, b) for i, a in enumerate(team) for b in team[i + 1 :]]
        assert int(m.group(2)) == len(pairs)
        assert int(m.group(1)) == sum(1 for a, b in pairs if not C.has_edge(a, b)), text
