"""What every ``pactmap`` command shares: the store it opens, stderr, progress bars."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from pactmap.graph.errors import NotFound
from pactmap.graph.model import NodeKind
from pactmap.graph.store import Store
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .settings import get_settings, open_store

BY = "cli"
"""How the change log names a change made from the command line."""

err = Console(stderr=True)


@contextlib.contextmanager
def opened_store() -> Iterator[Store]:
    store = open_store(get_settings())
    try:
        yield store
    finally:
        store.close()


@contextlib.contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields ``advance(n)``."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def require_territory(store: Store, territory_id: str) -> None:
    try:
        node = store.get(territory_id)
    except NotFound:
        node = None
    if node is None or node.KIND is not NodeKind.TERRITORY:
        raise NotFound("Territory", territory_id)
