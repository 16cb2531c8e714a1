"""``pactmap analyze`` (the analysis report), ``pactmap report`` (the workshop pack, PDF or
HTML) and ``pactmap publish`` / ``unpublish`` (the territory's public page for residents)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer
from pactmap.graph.i18n import LANGUAGES

from .common import BY, err, opened_store, require_territory, words
from .common import lang as default_lang

PackFormat = Literal["pdf", "html"]
ReportFormat = Literal["text", "markdown", "json"]
LANG_HELP = f"{' or '.join(LANGUAGES)} (default PACTMAP_LANG, else the system's)."


def _language(lang: str | None) -> str:
    if lang is not None and lang not in LANGUAGES:
        raise typer.BadParameter(f"pactmap speaks {', '.join(LANGUAGES)}; got {lang!r}")
    return lang or default_lang()


def analyze(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, markdown or json.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Items per section.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the community detection.")] = 0,
    lang: Annotated[str | None, typer.Option(help=LANG_HELP)] = None,
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Instead of the report: how the top 5 gaps and suggestions move when each "
            "scoring weight is halved or raised by half (JSON).",
        ),
    ] = False,
) -> None:
    """Silos, gaps, brokers, coverage, contract suggestions and trends of a territory."""
    from pactmap.analysis.analyze import Limits
    from pactmap.analysis.analyze import analyze as run_analysis
    from pactmap.analysis.report import render

    with opened_store() as store:
        require_territory(store, territory)
        snapshot = store.snapshot(territory)
    if sensitivity:
        import json

        from pactmap.analysis.sensitivity import sensitivity as weigh

        text = json.dumps(weigh(snapshot, seed=seed), indent=2) + "\n"
    else:
        report = run_analysis(snapshot, limits=Limits(suggestions=limit), seed=seed)
        text = render(report, fmt, _language(lang))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(words()._("wrote %(path)s", path=str(output)))


def report(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[PackFormat, typer.Option("--format", help="pdf or html.")] = "pdf",
    lang: Annotated[str | None, typer.Option(help=LANG_HELP)] = None,
    seed: Annotated[int, typer.Option(help="Seed of the community detection.")] = 0,
) -> None:
    """The workshop pack: the map, the strongest gaps, the suggestions, coverage, indicator
    charts and a page per suggestion to annotate, on A4."""
    from pactmap.analysis.analyze import analyze

    from ..workshop_pack import html_to_pdf, workshop_html

    language = _language(lang)
    with opened_store() as store:
        require_territory(store, territory)
        snapshot = store.snapshot(territory)
    html = workshop_html(snapshot, analyze(snapshot, seed=seed), language, today=date.today())
    if fmt == "html":
        output.write_text(html, encoding="utf-8")
    else:
        output.write_bytes(html_to_pdf(html))
    err.print(words()._("wrote %(path)s", path=str(output)))


def backtest(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    at: Annotated[datetime, typer.Option(help="The date the map is rebuilt at (ISO 8601).")],
    k: Annotated[int, typer.Option(min=1, max=200, help="How many pairs each ranking names.")] = 20,
    fmt: Annotated[
        Literal["text", "json"], typer.Option("--format", help="text or json.")
    ] = "text",
    seed: Annotated[int, typer.Option(help="Seed of the random baseline.")] = 0,
) -> None:
    """How well the gap ranking of the map as it was at --at foresaw the pairs that came to
    work together after it (joint commitments, contracts), beside the baselines."""
    import json

    from ..auth import LOCAL
    from ..services.backtest import backtest_at

    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    with opened_store() as store:
        scores, formed = backtest_at(store, LOCAL, territory, moment, k=k, seed=seed)
    if fmt == "json":
        rows = [
            {
                "method": s.method,
                "k": s.k,
                "precision": s.precision,
                "recall": s.recall,
                "mrr": s.mrr,
            }
            for s in scores
        ]
        typer.echo(json.dumps({"formedPairs": formed, "scores": rows}, indent=2))
        return
    typer.echo(
        f"{formed} pairs came to work together after {moment:%Y-%m-%d}; top {k} of each ranking:"
    )
    typer.echo(f"{'method':<26}{'precision@k':>12}{'recall@k':>10}{'MRR':>8}")
    for s in scores:
        typer.echo(f"{s.method:<26}{s.precision:>12.3f}{s.recall:>10.3f}{s.mrr:>8.3f}")


def _set_published(territory: str, published: bool) -> None:
    with opened_store() as store:
        require_territory(store, territory)
        node = store.get(territory)
        if getattr(node, "published", False) != published:
            store.update(territory, {"published": published}, expected_version=node.version, by=BY)
    if published:
        said = words()._(
            "%(territory)s is published at %(where)s",
            territory=territory,
            where=f"/public/{territory}",
        )
    else:
        said = words()._("%(territory)s is no longer published", territory=territory)
    err.print(said)


def publish(territory: Annotated[str, typer.Option(help="Territory id.")]) -> None:
    """Publish a territory's page for residents at /public/{territory} (no account needed)."""
    _set_published(territory, True)


def unpublish(territory: Annotated[str, typer.Option(help="Territory id.")]) -> None:
    """Take a territory's public page down: /public/{territory} answers 404 again."""
    _set_published(territory, False)
