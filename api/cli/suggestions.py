"""``pactmap suggestions accept|reject|discuss --territory ID SUGGESTION_ID [--note TEXT]``.

Accepting prints the new draft contract's id on the last line; every decision is recorded.
The suggestion id is one ``pactmap analyze`` printed (same ``--seed``).
"""

from __future__ import annotations

from typing import Annotated

import typer
from pactmap.graph.model import SuggestionDecision

from .common import BY, lang, opened_store, require_territory

suggestions_app = typer.Typer(
    help="Accept a contract suggestion as a draft contract, reject it, or discuss it.",
    no_args_is_help=True,
)

Territory = Annotated[str, typer.Option("--territory", help="Territory id.")]
SuggestionId = Annotated[str, typer.Argument(help="The suggestion's id (sug-...).")]
Note = Annotated[str, typer.Option("--note", help="Why (recorded with the decision).")]
Seed = Annotated[int, typer.Option(help="The seed the analysis ran with.")]


@suggestions_app.command("accept")
def accept_command(
    territory: Territory, suggestion: SuggestionId, note: Note = "", seed: Seed = 0
) -> None:
    """Create the draft contract of a suggestion; prints its id."""
    from ..services.suggestions import accept

    with opened_store() as store:
        require_territory(store, territory)
        contract = accept(store, territory, suggestion, by=BY, note=note, seed=seed, lang=lang())
    typer.echo(contract.id)


def _decide(
    territory: str, suggestion: str, decision: SuggestionDecision, note: str, seed: int
) -> None:
    from ..services.suggestions import decide

    with opened_store() as store:
        require_territory(store, territory)
        recorded = decide(
            store, territory, suggestion, decision, by=BY, note=note, seed=seed, lang=lang()
        )
    typer.echo(f"{recorded.decision.value}\t{recorded.suggestion_id}\t{recorded.id}")


@suggestions_app.command("reject")
def reject_command(
    territory: Territory, suggestion: SuggestionId, note: Note = "", seed: Seed = 0
) -> None:
    """Record that a suggestion was rejected."""
    _decide(territory, suggestion, SuggestionDecision.REJECTED, note, seed)


@suggestions_app.command("discuss")
def discuss_command(
    territory: Territory, suggestion: SuggestionId, note: Note = "", seed: Seed = 0
) -> None:
    """Record that a suggestion goes to the coordination group for discussion."""
    _decide(territory, suggestion, SuggestionDecision.DISCUSS, note, seed)
