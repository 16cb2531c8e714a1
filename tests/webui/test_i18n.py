"""The web UI in a French browser: French words, French dates and numbers, `<html lang="fr">`,
GraphQL asked for French; the FR/EN switch turns it all to English and the choice survives a
reload. Expected values come from the demo's data (pactmap.seeds.demo) and the catalogs
(webui/src/i18n/fr.json, en.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pactmap.graph.model import Measurement, RelType
from pactmap.seeds.demo import demo_territory

from .conftest import Browsing, Guard, Server, screenshot, sign_in, state, wait_state

pytestmark = pytest.mark.browser

CATALOGS = Path(__file__).resolve().parents[2] / "webui" / "src" / "i18n"
FR = json.loads((CATALOGS / "fr.json").read_text(encoding="utf-8"))
EN = json.loads((CATALOGS / "en.json").read_text(encoding="utf-8"))
DEMO = demo_territory()
GREEN = "valbrune-ind-green"
FOOD = "valbrune-con-food-solidarity"
# The no-break spaces French puts before % (U+00A0 or U+202F, by the browser's CLDR).
NBSP = "[\u00a0\u202f]"
# Short month names as CLDR writes them in each language (case matters: "déc." is not "Dec").
FRENCH_MONTHS = r"\b(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\b"
ENGLISH_MONTHS = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"


def last_measurement_day(indicator: str) -> str:
    measured = {
        r.to_id for r in DEMO.relationships if r.type is RelType.HAS and r.from_id == indicator
    }
    return max(str(n.on) for n in DEMO.nodes if isinstance(n, Measurement) and n.id in measured)


def day_in(page: Any, iso: str, lang: str) -> str:
    """How the browser's Intl writes that day in `lang` (what formatDay shows)."""
    return str(
        page.evaluate(
            "([iso, lang]) => new Intl.DateTimeFormat(lang, {dateStyle: 'medium', timeZone: 'UTC'})"
            ".format(new Date(iso + 'T00:00:00Z'))",
            [iso, lang],
        )
    )


def test_a_french_browser_gets_french_and_the_switch_to_english_survives_a_reload(
    browser: Any, server: Server, guard: Guard
) -> None:
    browsing = Browsing(browser, server, guard, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        page = browsing.new_page()
        languages: list[str] = []
        page.on(
            "request",
            lambda r: (
                languages.append(r.headers.get("accept-language", ""))
                if r.url.endswith("/graphql") and r.method == "POST"
                else None
            ),
        )
        page.goto("/login")
        wait_state(page, "s.view === 'login'")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.get_by_test_id("login-submit").inner_text() == FR["login.submit"]
        sign_in(page)
        assert page.get_by_role("heading", name=FR["territories.title"]).is_visible()

        # An indicator: French words, the demo's last measurement as a French date.
        page.goto(f"/t/valbrune/indicators/{GREEN}")
        wait_state(page, "s.chartPoints > 0")
        assert page.get_by_test_id("nav-map").inner_text() == FR["nav.map"]
        last = last_measurement_day(GREEN)
        first_row = page.get_by_test_id("measurement-row").first.inner_text()
        assert first_row.startswith(day_in(page, last, "fr")), first_row
        assert re.match(r"\d{1,2} \S+ \d{4}", first_row), first_row  # "31 déc. 2024"
        # The chart's time axis names French months (uPlot draws them on a canvas: the texts
        # are read from the test state the chart records as it formats them).
        ticks = " ".join(state(page)["chartTimeLabels"])
        assert re.search(FRENCH_MONTHS, ticks), ticks
        assert not re.search(ENGLISH_MONTHS, ticks), ticks
        # A value typed the French way (decimal comma) is read and shown the French way.
        before = state(page)["chartPoints"]
        page.get_by_test_id("measure-on").fill("2025-06-30")
        page.get_by_test_id("measure-value").fill("12,5")
        page.get_by_test_id("measure-level").select_option("3")
        page.get_by_test_id("measure-submit").click()
        wait_state(page, f"s.chartPoints === {before + 1}")
        newest = page.get_by_test_id("measurement-row").first.inner_text()
        assert newest.startswith("30 juin 2025"), newest
        assert "12,5" in newest, newest

        # A contract: its commitments' progress as French percentages ("0 %").
        page.goto(f"/t/valbrune/contracts/{FOOD}")
        wait_state(page, "s.view === 'contracts'")
        parties = page.get_by_test_id("parties").inner_text()
        assert re.search(rf"\d{NBSP}%", parties), parties
        assert page.get_by_role("heading", name=FR["contracts.objective"]).is_visible()
        screenshot(page, "i18n-french-contract")
        assert languages and set(languages) == {"fr"}, languages

        # The switch: English at once, <html lang> follows, the server is asked in English.
        languages.clear()
        page.get_by_test_id("lang-en").click()
        wait_state(page, "s.lang === 'en' && s.view === 'contracts'")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.get_by_test_id("nav-map").inner_text() == EN["nav.map"]
        assert page.get_by_role("heading", name=EN["contracts.objective"]).is_visible()
        assert re.search(r"\d%", page.get_by_test_id("parties").inner_text())
        assert languages and set(languages) == {"en"}, languages

        # ... and survives a reload although the browser still prefers French.
        page.goto(f"/t/valbrune/indicators/{GREEN}")
        wait_state(page, "s.chartPoints > 0")
        page.reload()
        wait_state(page, "s.chartPoints > 0")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert state(page)["lang"] == "en"
        newest = page.get_by_test_id("measurement-row").first.inner_text()
        assert newest.startswith(day_in(page, "2025-06-30", "en-US")), newest  # "Jun 30, 2025"
        assert "12.5" in newest, newest
        ticks = " ".join(state(page)["chartTimeLabels"])
        assert re.search(ENGLISH_MONTHS, ticks), ticks
        assert page.get_by_test_id("lang-en").get_attribute("aria-pressed") == "true"
        screenshot(page, "i18n-english-after-reload")
    finally:
        browsing.close()


def test_an_english_browser_gets_english(page: Any) -> None:
    page.goto("/login")
    wait_state(page, "s.view === 'login'")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_test_id("login-submit").inner_text() == EN["login.submit"]
    assert page.get_by_test_id("lang-en").get_attribute("aria-pressed") == "true"
