"""The workshop pack: what a facilitator prints and pins on the wall, as A4 HTML and as PDF.

Pages: the map as a picture (actors coloured by silo, the strongest gaps drawn as dashed red
lines), the strongest gaps and the best contract suggestions with their explanations, coverage
(what no commitment addresses), the indicator charts on their 1-5 bands, and one page per
suggestion with room to write each party's commitment. Headings, dates and numbers are in the
pack's language; the PDF is printed by headless Chromium (``chromium`` on the PATH, or
``/usr/bin/chromium``), a real layout engine, from the same HTML.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.layout import map_layout
from pactmap.analysis.projections import collaboration_graph
from pactmap.analysis.records import Report
from pactmap.graph.errors import PactmapError
from pactmap.graph.i18n import texts
from pactmap.graph.store import Snapshot

from .pages import page
from .public_view import public_view

MAP_W, MAP_H, MARGIN = 760, 560, 16
GAPS_SHOWN, SUGGESTIONS_SHOWN = 5, 2
PALETTE = ("#2f5fb3", "#c2571a", "#2e8540", "#8e44ad", "#b58900", "#00838f", "#6d4c41", "#d81b60")
CHROMIUM_TIMEOUT_S = 120
DEBIAN_CHROMIUM = "/usr/bin/chromium"


class PrintError(PactmapError):
    """The PDF could not be printed (no Chromium, or it failed); the message says how to fix it."""


@dataclass(frozen=True)
class MapPicture:
    nodes: list[tuple[float, float, str, str]]  # x, y, colour, name
    edges: list[tuple[float, float, float, float]]
    gaps: list[tuple[float, float, float, float, int]]
    legend: list[tuple[str, str]]


def map_picture(snapshot: Snapshot, report: Report, lang: str) -> MapPicture:
    """The collaboration graph laid out on paper, coloured by silo, with the top gaps marked."""
    C = collaboration_graph(snapshot_to_graph(snapshot))
    pos = map_layout(C, seed=0)

    def at(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return (
            round(MARGIN + x * (MAP_W - 2 * MARGIN), 1),
            round(MARGIN + y * (MAP_H - 2 * MARGIN), 1),
        )

    colour: dict[str, str] = {}
    legend = []
    words = texts(lang)
    for i, silo in enumerate(report.silos[: len(PALETTE)]):
        for actor in silo.actors:
            colour[actor.id] = PALETTE[i]
        legend.append(
            (
                PALETTE[i],
                words.ngettext(
                    "%(name)s: %(count)s actor",
                    "%(name)s: %(count)s actors",
                    len(silo.actors),
                    name=silo.id,
                ),
            )
        )
    nodes = [(*at(n), colour.get(n, "#9aa3b2"), str(C.nodes[n].get("name", n))) for n in C]
    edges = [(*at(a), *at(b)) for a, b in C.edges]
    gaps = []
    for rank, gap in enumerate(report.gaps[:GAPS_SHOWN], start=1):
        ends = [a.id for a in gap.actors if a.id in pos][:2]
        if len(ends) == 2:
            gaps.append((*at(ends[0]), *at(ends[1]), rank))
    return MapPicture(nodes=nodes, edges=edges, gaps=gaps, legend=legend)


def workshop_html(snapshot: Snapshot, report: Report, lang: str, *, today: date) -> str:
    """The pack as one self-contained HTML document (styles inline, no script)."""
    view = public_view(snapshot)
    css = resources.files("pactmap.api").joinpath("static", "workshop.css").read_text("utf-8")
    return page(
        "workshop.html",
        lang,
        css=css,
        territory=view,
        report=report,
        today=today,
        picture=map_picture(snapshot, report, lang),
        map_size=(MAP_W, MAP_H),
        gaps=report.gaps[:GAPS_SHOWN],
        suggestions=report.suggestions[:SUGGESTIONS_SHOWN],
        indicators=[i for i in view.indicators if i.measurements],
    )


def chromium() -> str:
    """The Chromium that prints PDFs; PrintError naming the fix when there is none."""
    found = shutil.which("chromium") or shutil.which(DEBIAN_CHROMIUM)
    if found is None:
        raise PrintError(
            f"printing a PDF needs Chromium ({DEBIAN_CHROMIUM} not found): install it with "
            "`apt-get install -y chromium`, or ask for --format html"
        )
    return found


def html_to_pdf(html: str) -> bytes:
    """``html`` printed to PDF by headless Chromium (A4, the page's own margins)."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="pactmap-print-") as tmp:
        source, target = Path(tmp) / "pack.html", Path(tmp) / "pack.pdf"
        source.write_text(html, encoding="utf-8")
        done = subprocess.run(  # noqa: S603 - our own arguments, a temporary file of ours
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=CHROMIUM_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0 or not target.is_file():
            tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise PrintError(
                f"Chromium could not print the pack (exit {done.returncode}): {tail[0]}"
            )
        return target.read_bytes()
