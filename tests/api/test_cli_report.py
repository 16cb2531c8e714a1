"""``pactmap publish`` / ``unpublish`` and ``pactmap report``, run as a coordinator would."""

from __future__ import annotations

from pathlib import Path

import pytest
from pactmap.api.settings import get_settings
from pypdf import PdfReader
from starlette.testclient import TestClient

from .test_cli import Cli, one_error_line
from .test_cli import pactmap as pactmap  # the fixture, shared


def serve(cli: Cli) -> TestClient:
    from pactmap.api.app import create_app

    return TestClient(create_app(get_settings(), store=cli.store()))


def test_publish_opens_the_public_page_and_unpublish_closes_it(pactmap: Cli) -> None:
    assert pactmap("demo").code == 0
    client = serve(pactmap)
    assert client.get("/public/valbrune").status_code == 404

    published = pactmap("publish", "--territory", "valbrune")
    assert published.code == 0 and "/public/valbrune" in published.err
    assert client.get("/public/valbrune").status_code == 200
    assert pactmap("publish", "--territory", "valbrune").code == 0  # twice: no new version

    assert pactmap("unpublish", "--territory", "valbrune").code == 0
    assert client.get("/public/valbrune").status_code == 404
    assert "Territory 'nowhere' does not exist" in one_error_line(
        pactmap("publish", "--territory", "nowhere")
    )


def test_report_writes_the_pack_in_the_language_asked(pactmap: Cli, tmp_path: Path) -> None:
    assert pactmap("demo").code == 0
    html = tmp_path / "pack.html"
    assert (
        pactmap(
            "report", "--territory", "valbrune", "--format", "html", "--lang", "fr", "-o", str(html)
        ).code
        == 0
    )
    assert "Dossier d&#39;atelier : Valbrune" in html.read_text()
    pactmap.monkeypatch.setenv("PACTMAP_LANG", "en")
    get_settings.cache_clear()
    assert (
        pactmap("report", "--territory", "valbrune", "--format", "html", "-o", str(html)).code == 0
    )
    assert "Workshop pack: Valbrune" in html.read_text()
    assert (
        "speaks en, fr"
        in pactmap("report", "--territory", "valbrune", "--lang", "de", "-o", str(html)).err
    )


@pytest.mark.browser  # the PDF is printed by Debian's Chromium
def test_report_prints_an_a4_pdf(pactmap: Cli, tmp_path: Path) -> None:
    assert pactmap("demo").code == 0
    pdf = tmp_path / "pack.pdf"
    done = pactmap("report", "--territory", "valbrune", "--lang", "fr", "-o", str(pdf))
    assert done.code == 0, done.err
    pages = PdfReader(pdf).pages
    assert len(pages) >= 4
    assert "Dossier d'atelier" in pages[0].extract_text()


def test_the_command_line_speaks_pactmap_lang(pactmap: Cli, tmp_path: Path) -> None:
    """PACTMAP_LANG=fr: the errors, the problems of a file and what a command did, in French."""
    pactmap.monkeypatch.setenv("PACTMAP_LANG", "fr")
    get_settings.cache_clear()
    sheet = tmp_path / "actors.csv"
    sheet.write_text("name,sector,influence\nSocial landlord,NGO,2\nTown hall,public_authority,9\n")
    result = pactmap("import", str(sheet))
    lines = result.err.strip().splitlines()
    assert lines[0] == "pactmap: error: le fichier a 2 problèmes\u00a0; rien n’a été écrit"
    assert lines[1].startswith(
        "  ligne 2\u00a0: actors\u00a0: sector\u00a0: vaut l’une des valeurs "
    )
    assert (
        lines[2]
        == "  ligne 3\u00a0: actors\u00a0: influence\u00a0: vaut au plus 5 (reçu\u00a0: '9')"
    )
    assert pactmap("demo").code == 0
    assert (
        "valbrune est publié à l’adresse /public/valbrune"
        in pactmap("publish", "--territory", "valbrune").err
    )
    assert one_error_line(pactmap("publish", "--territory", "nowhere")) == (
        "pactmap: error: Territoire «\u00a0nowhere\u00a0» n’existe pas"
    )
