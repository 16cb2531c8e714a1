"""Pairs scored a block of actors at a time, the best ``keep`` listed (analysis/gap_blocks.py):
the same counts, the same best pairs and the same reserved 4-motif pairs as listing every
pair in one block. The reference is the one-block result, itself checked against ``sma`` and
a brute force in test_exact_gaps.py."""

from __future__ import annotations

import pytest
from pactmap.analysis import gap_blocks
from pactmap.analysis.gaps import exact_pairs

from .test_exact_gaps import random_map


@pytest.mark.parametrize("seed", range(4))
def test_blocks_and_keep_change_nothing_but_the_tail(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    B, C, links, direct, need = random_map(seed, actors=60)
    whole = exact_pairs(B, C, links, need, direct)
    monkeypatch.setattr(gap_blocks, "BLOCK_ROWS", 7)  # 60 actors: 9 blocks
    blocked = exact_pairs(B, C, links, need, direct)
    kept = exact_pairs(B, C, links, need, direct, keep=25)

    def listed(found: object, head: int | None = None) -> list[tuple[str, str, float]]:
        ranked = list(found.ids(found.ranked()))  # type: ignore[attr-defined]
        return ranked[:head] if head else ranked

    assert listed(blocked) == listed(whole)
    assert blocked.open_pairs == kept.open_pairs == whole.open_pairs
    assert len(blocked) == len(kept) == len(whole)  # every open pair is scored
    assert listed(kept, 25) == listed(whole, 25)
    assert len(kept.score) <= 25 + len(kept.reserved)  # the tail is not listed
    # the reserved pairs (best joined by linked topics only) are the same pairs
    for found in (blocked, kept):
        assert list(found.ids(found.reserved.tolist())) == list(whole.ids(whole.reserved.tolist()))
