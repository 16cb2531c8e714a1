"""The sensitivity report on a generated territory: each scoring weight halved and raised by
half, the Jaccard index of the top-5 gaps and suggestions against the default run, and the
Kendall tau of the gaps shown (:func:`pactmap.analysis.sensitivity.sensitivity`).

``generate_territory(1000, seed=1)`` (``--quick`` too: 27 analyses, 12 s CPU here); the output
lists every change and, per weight, the lowest Jaccard index of its two factors.
"""

from __future__ import annotations

import time
from typing import Any

from .context import BenchContext

ACTORS = 1000


def run(ctx: BenchContext) -> dict[str, Any]:
    from pactmap.analysis.sensitivity import sensitivity
    from pactmap.graph.store import Snapshot
    from pactmap.seeds.generator import generate_territory

    generated = generate_territory(ACTORS, 1)
    snapshot = Snapshot(
        territory=generated.territory,
        nodes=sorted(generated.nodes, key=lambda n: n.id),
        relationships=list(generated.relationships),
    )
    started = time.process_time()
    report = sensitivity(snapshot, seed=1)
    cpu = time.process_time() - started
    worst: dict[str, dict[str, float]] = {}
    for change in report["changes"]:  # type: ignore[attr-defined]
        entry = worst.setdefault(change["weight"], {"gapsJaccard": 1.0, "suggestionsJaccard": 1.0})
        for key in entry:
            entry[key] = min(entry[key], change[key])
    return {
        "command": f"sensitivity(snapshot of generate_territory({ACTORS}, seed=1), seed=1)",
        "cpu_s": round(cpu, 3),
        "lowest_jaccard_per_weight": worst,
        "report": report,
    }
