"""The ``pactmap`` command line.

Commands print their result on stdout (an id or a token on the LAST line, for scripts) and
everything else — progress bars, notes — on stderr. An expected failure (bad input, a missing
file or node, a bad setting) prints one line, ``pactmap: error: ...``, and exits 1.
"""

from __future__ import annotations

import re
import sys

import typer
from pactmap.graph.errors import ImportFileError, PactmapError, said
from pactmap.graph.i18n import texts

from .accounts import territories_app, tokens_app, users_app
from .common import lang
from .cycle import cycle_app, synthesis_command
from .maps import DEMO_EMAIL, DEMO_PASSWORD, demo, export, generate, import_, template
from .report import analyze, backtest, publish, report, unpublish
from .server import serve
from .suggestions import suggestions_app

__all__ = ["DEMO_EMAIL", "DEMO_PASSWORD", "app", "main", "run"]

app = typer.Typer(
    name="pactmap",
    help="pactmap: a collaborative map of co-responsibility.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(territories_app, name="territories", invoke_without_command=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(suggestions_app, name="suggestions")
app.add_typer(cycle_app, name="cycle")
app.command("synthesis")(synthesis_command)
app.command("serve")(serve)
app.command("demo")(demo)
app.command("generate")(generate)
app.command("analyze")(analyze)
app.command("backtest")(backtest)
app.command("report")(report)
app.command("publish")(publish)
app.command("unpublish")(unpublish)
app.command("export")(export)
app.command("import")(import_)
app.command("template")(template)


# ---------------------------------------------------------------- entry points


def error_line(exc: Exception) -> str:
    """One line saying what went wrong, in the CLI's language (PACTMAP_LANG, else the system's)."""
    t = texts(lang())
    if isinstance(exc, ImportFileError) and len(exc.problems) > 1:
        return t.ngettext(
            "the file has %(count)s problem; nothing was written",
            "the file has %(count)s problems; nothing was written",
            len(exc.problems),
        )
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    # one line: newlines and runs of spaces go, the no-break spaces of French punctuation stay
    return re.sub(r"[ \t\r\n]+", " ", said(exc, t)).strip() or type(exc).__name__


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code. Expected failures print one line, no traceback."""
    command = typer.main.get_command(app)
    try:
        # standalone: typer reports usage errors itself and exits through SystemExit
        command.main(args=argv, prog_name="pactmap", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (PactmapError, OSError) as exc:
        print(f"pactmap: error: {error_line(exc)}", file=sys.stderr)
        if isinstance(exc, ImportFileError) and len(exc.problems) > 1:
            t = texts(lang())
            for problem in exc.problems:  # an import lists every problem, one per line
                print(f"  {problem.said().render(t)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pactmap: interrupted", file=sys.stderr)
        return 130
    return 0


def main() -> None:
    """The ``pactmap`` console script."""
    sys.exit(run())
