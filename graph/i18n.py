"""Languages: the message catalogs of what pactmap's server writes for people, and local formats.

Every text a person reads goes through a catalog (``graph/locale/<lang>/LC_MESSAGES/pactmap.po``,
gettext's format, read with Babel): the msgid is the English text with ``%(name)s``
placeholders, each language's file gives its translation. Adding a language is adding a file
and its code to :data:`LANGUAGES`. Dates, numbers, percentages and amounts are formatted by
Babel with the language's own conventions (CLDR): "3 décembre 2026", "210 000 €".

Examples
--------
>>> texts("fr").date(date(2026, 12, 3))
'3 décembre 2026'
>>> texts("en").date(date(2026, 12, 3))
'December 3, 2026'
>>> negotiate("fr-BE,fr;q=0.9,en;q=0.8")
'fr'
>>> negotiate("de-DE, it;q=0.5")
'en'
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError, default_locale
from babel.dates import format_date, format_datetime, get_timezone
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import Translations

LANGUAGES: tuple[str, ...] = ("en", "fr")
"""The languages pactmap speaks, the first being the default."""
DEFAULT = LANGUAGES[0]
DOMAIN = "pactmap"


def N_(message: str) -> str:
    """Marks ``message`` for the catalog extractor; it is translated where it is shown."""
    return message


def catalog_path(lang: str) -> Any:
    """Where a language's catalog lives (a Traversable inside the installed package)."""
    return resources.files(__package__).joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def _translations(lang: str) -> Translations:
    """The catalog of ``lang`` compiled in memory (no .mo build product to keep in step)."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def negotiate(accept_language: str | None, saved: str | None = None) -> str:
    """The language to answer in: a user's saved choice, else the best of an
    ``Accept-Language`` header that pactmap speaks, else the default."""
    if saved in LANGUAGES:
        return saved
    wanted: list[tuple[float, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            wanted.append((-quality + position * 1e-6, tag.strip().replace("_", "-")))
    for _, tag in sorted(wanted):
        language = tag.split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return DEFAULT


def system_language() -> str:
    """The language of the system's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext
    reads them) when pactmap speaks it, else the default."""
    found = default_locale("LC_MESSAGES")
    return negotiate(found.replace("_", "-") if found else None)


@dataclass(frozen=True)
class Texts:
    """One language's messages and formats; ``_`` and ``ngettext`` fill ``%(name)s``."""

    lang: str

    @property
    def locale(self) -> Locale:
        try:
            return Locale.parse(self.lang)
        except UnknownLocaleError:  # pragma: no cover - LANGUAGES holds known codes only
            return Locale.parse(DEFAULT)

    def _(self, message: str, /, **values: Any) -> str:
        text = _translations(self.lang).ugettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        text = _translations(self.lang).ungettext(singular, plural, count)
        return text % {"count": self.number(count), **values}

    def date(self, day: date, style: str = "long") -> str:
        return format_date(day, format=style, locale=self.locale)

    def datetime(self, moment: datetime, style: str = "medium", tz: str = "UTC") -> str:
        """A moment in the time zone ``tz`` (an IANA name), which the text names."""
        return format_datetime(moment, format=style, tzinfo=get_timezone(tz), locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        """``share`` is a fraction: 0.142 -> "14 %" in French, "14%" in English."""
        return format_percent(share, locale=self.locale)

    def amount(self, value: float, currency: str = "EUR") -> str:
        """A sum of money; whole sums without cents ("210 000 €", "€210,000")."""
        if float(value).is_integer():
            pattern = self.locale.currency_formats["standard"].pattern.replace(".00", "")
            return format_currency(
                value, currency, format=pattern, locale=self.locale, currency_digits=False
            )
        return format_currency(value, currency, locale=self.locale)


@cache
def texts(lang: str) -> Texts:
    """The :class:`Texts` of ``lang`` (the default language for one pactmap does not speak)."""
    return Texts(lang if lang in LANGUAGES else DEFAULT)


reading: ContextVar[str] = ContextVar("reading", default=DEFAULT)
"""The language of whoever reads what the current request writes (set per GraphQL operation
from its ``Accept-Language``); what has no reader at hand (an error turned into a typed result)
reads it through :func:`reader`."""


def reader() -> Texts:
    """The :class:`Texts` of the current reader (the default language outside a request)."""
    return texts(reading.get())
