"""What every ``pactmap`` command shares: the store it opens, stderr, progress bars."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from pactmap.graph.i18n import Texts, system_language, texts
from pactmap.graph.store import Store
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from ..auth import LOCAL_BY
from ..services.territories import territory
from ..settings import SettingsError, get_settings, open_store

BY = LOCAL_BY
"""How the change log names a change made from the command line."""

err = Console(stderr=True)


@contextlib.contextmanager
def opened_store() -> Iterator[Store]:
    store = open_store(get_settings())
    try:
        yield store
    finally:
        store.close()


class Bar:
    """``advance(n)`` for a rich progress task; :meth:`stage` starts the task over under a new
    description and total (an import first checks its file, then writes it)."""

    def __init__(self, progress: Progress, task: TaskID, name: str) -> None:
        self._progress = progress
        self._task = task
        self._name = name

    def __call__(self, count: int) -> None:
        self._progress.advance(self._task, count)

    def stage(self, what: str, total: int | None) -> None:
        self._progress.reset(self._task, total=total, description=f"{what} {self._name}")


@contextlib.contextmanager
def progress_bar(description: str, total: int | None, name: str = "") -> Iterator[Bar]:
    """A rich progress bar on stderr; yields a :class:`Bar` (call it to advance)."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield Bar(progress, task, name)


def words() -> Texts:
    """The catalogs and formats of the CLI's language."""
    return texts(lang())


def lang() -> str:
    """The language of what a command writes for people: PACTMAP_LANG, else the system's (also
    when another setting is bad: the message saying so needs a language too)."""
    try:
        return get_settings().lang or system_language()
    except SettingsError:
        return system_language()


def require_territory(store: Store, territory_id: str) -> None:
    """NotFound unless ``territory_id`` is a territory (the rule is the service's)."""
    territory(store, territory_id)
