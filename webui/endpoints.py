"""The domain model's relationship endpoints as JSON, for the web UI's build.

``python -m pactmap.webui.endpoints OUT`` writes ``{relType: [[fromKind, toKind], ...]}`` from
graph/model.py ENDPOINTS, types in RelType order and pairs in NodeKind order (a frozenset has
none), so the UI's link options keep one stable order. ``npm run generate`` calls it before tsc;
the JSON is a build product (src/generated/, git-ignored), never edited by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pactmap.graph.model import ENDPOINTS, NodeKind, RelType


def endpoints_table() -> dict[str, list[list[str]]]:
    order = {kind: i for i, kind in enumerate(NodeKind)}
    return {
        str(rel): [
            [str(a), str(b)]
            for a, b in sorted(ENDPOINTS[rel], key=lambda p: (order[p[0]], order[p[1]]))
        ]
        for rel in RelType
        if rel in ENDPOINTS
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m pactmap.webui.endpoints OUT.json", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(endpoints_table(), indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
