"""Live ties only (issue 12): a joint commitment or a contract closes a gap while it is alive.

The rule (README, "Gaps"): active or fulfilled commitments; negotiating, signed, active or
evaluated contracts. Proposed, lapsed, withdrawn commitments and draft or closed contracts
leave the gap open; a draft contract is named in the gap's sentence.
"""

from __future__ import annotations

import pytest
from pactmap.analysis import analyze
from pactmap.graph.model import CommitmentStatus, ContractStatus

from .builders import MapBuilder

CLOSING_COMMITMENTS = {CommitmentStatus.ACTIVE, CommitmentStatus.FULFILLED}
CLOSING_CONTRACTS = {
    ContractStatus.NEGOTIATING,
    ContractStatus.SIGNED,
    ContractStatus.ACTIVE,
    ContractStatus.EVALUATED,
}


def pair_map() -> MapBuilder:
    b = MapBuilder()
    b.actor("landlord", "public_service", "Social landlord")
    b.actor("advice", "association", "Energy advice")
    b.topic("energy", "Energy poverty")
    b.works_on("landlord", "energy")
    b.works_on("advice", "energy")
    return b


def pair_gaps(b: MapBuilder) -> list[str]:
    report = analyze(b.snapshot())
    assert report.stats["openPairs"] == len(report.gaps)
    return [g.explanation for g in report.gaps]


@pytest.mark.parametrize("status", list(CommitmentStatus))
def test_joint_commitment_status(status: CommitmentStatus) -> None:
    b = pair_map()
    b.commitment("com", ["landlord", "advice"], ["energy"], status=str(status))
    gaps = pair_gaps(b)
    assert len(gaps) == (0 if status in CLOSING_COMMITMENTS else 1)


@pytest.mark.parametrize("status", list(ContractStatus))
def test_contract_status(status: ContractStatus) -> None:
    b = pair_map()
    b.contract(
        "con",
        {"landlord": "signatory", "advice": "signatory"},
        ["energy"],
        status=str(status),
        title="Warm homes pact",
    )
    gaps = pair_gaps(b)
    assert len(gaps) == (0 if status in CLOSING_CONTRACTS else 1)
    if status is ContractStatus.DRAFT:
        assert "a draft contract, Warm homes pact, is being prepared" in gaps[0]
    elif status is ContractStatus.CLOSED:
        assert "draft" not in gaps[0]
        assert gaps[0].endswith("no tie, no joint commitment and no shared contract.")


def test_an_explicit_tie_closes_the_gap() -> None:
    b = pair_map()
    b.tie("landlord", "advice", strength=1)
    assert pair_gaps(b) == []
