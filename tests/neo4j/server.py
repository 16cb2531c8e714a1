"""A real Neo4j Community server for tests and development, without Docker.

``ensure_jars()`` (from jars.py) fetches Neo4j's jars once through Maven into a cache outside the
repository; ``Neo4jServer`` runs tests/neo4j/Launcher.java on those jars: embedded Neo4j with Bolt
on 127.0.0.1, auth on. ``python -m tests.neo4j.server`` starts one until Ctrl-C.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path
from types import TracebackType

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from tests.neo4j.jars import (
    NEO4J_VERSION,
    Neo4jServerError,
    compiled_launcher,
    ensure_jars,
    require_tool,
)

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_USER",
    "NEO4J_VERSION",
    "Neo4jServer",
    "Neo4jServerError",
    "ensure_jars",
    "free_port",
]

DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "pactmap-neo4j"
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0

# The flags Neo4j's own neo4j.conf passes to its JVM; an embedded launcher must pass them itself.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    # 3 GiB, not the usual 1: a 100,000-row import is one transaction, which the server holds
    # until it commits, ~1.2 GiB at its peak (python -m tests.bench --only import), within the
    # 70 % of the heap that dbms.memory.transaction.total.max allows by default. Off-heap
    # transaction state peaked lower (940 MiB) but made a 59,000-relationship import 30 %
    # slower (tests.bench --only stores: 23.5 s against 17.9 s).
    "-Xmx3g",
)
# Start-up is mostly class loading and JIT work: on 2 busy cores C1 alone halves the CPU a start
# costs (measured 25 s -> 11 s of user time). Benchmarks pass quick_start=False to get C2 back.
QUICK_START_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _close_stdin(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        # OSError: the JVM already exited and the pipe is broken; there is nothing to flush.
        with contextlib.suppress(OSError):
            process.stdin.close()


def _exited_within(process: subprocess.Popen[bytes], timeout: float) -> bool:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return False
    return True


_running: set[Neo4jServer] = set()


def _remove_home(home: Path) -> None:
    # At exit finalizers run before _stop_all: a running server's home is left to its close().
    if not any(server.home == home for server in _running):
        shutil.rmtree(home, ignore_errors=True)


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.close(timeout=10.0)


class Neo4jServer:
    """One embedded Neo4j on 127.0.0.1, started and stopped from Python.

    ``stop()`` then ``start()`` restarts it on the same port over the same data, as fault tests
    need. ``close()`` (or leaving the ``with`` block) stops it and removes a home it created.
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        home: Path | None = None,
        user: str = DEFAULT_USER,
        password: str = DEFAULT_PASSWORD,
        start_timeout: float = START_TIMEOUT_S,
        quick_start: bool = True,
    ) -> None:
        if len(password) < 8:
            raise ValueError(
                f"password for user '{user}' has {len(password)} characters; Neo4j needs 8+"
            )
        self.port = port if port is not None else free_port()
        self._owns_home = home is None
        self.home = home if home is not None else Path(tempfile.mkdtemp(prefix="pactmap-neo4j-"))
        if self._owns_home:  # removed when this object goes or at exit, even if never close()d
            weakref.finalize(self, _remove_home, self.home)
        self.user = user
        self.password = password
        self.start_timeout = start_timeout
        self.quick_start = quick_start
        self.startup_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Neo4jServer:
        """Start the JVM and return once the driver can connect and authenticate."""
        if self.running:
            return self
        lib = ensure_jars()
        launcher = compiled_launcher(lib)
        java = require_tool("java")
        began = time.monotonic()
        self._process = self._spawn(java, launcher, lib)
        _running.add(self)
        try:
            self._wait_until_ready(began + self.start_timeout)
        except BaseException:
            self.stop(timeout=10.0)
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def _spawn(self, java: str, launcher: Path, lib: Path) -> subprocess.Popen[bytes]:
        self.home.mkdir(parents=True, exist_ok=True)
        flags = JVM_FLAGS + (QUICK_START_FLAGS if self.quick_start else ())
        command = [
            java, *flags, "-cp", f"{launcher}{os.pathsep}{lib}/*", "Launcher",
            str(self.port), str(self.home), self.user, self.password,
        ]  # fmt: skip
        # stdin stays an open pipe: the launcher exits when it closes, so it dies with us.
        with open(self._log("out"), "wb") as out, open(self._log("err"), "wb") as err:
            return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=out, stderr=err)

    def _log(self, stream: str) -> Path:
        return self.home / f"launcher.{stream}.log"

    def _wait_until_ready(self, deadline: float) -> None:
        # Bolt opens before the launcher has set the password, and Neo4j locks a user out for a
        # few seconds after 3 failed logins: so no login is tried before the READY line.
        self._wait_for_ready_line(deadline)
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                self._verify(connection_timeout=2.0)
                return
            except AuthError as exc:
                raise Neo4jServerError(
                    f"Neo4j at {self.uri} refused user '{self.user}': {exc}"
                ) from exc
            except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
                last_error = exc
            time.sleep(0.1)
        raise self._not_ready(f"last error: {last_error}")

    def _wait_for_ready_line(self, deadline: float) -> None:
        expected = f"READY {self.port}"
        while time.monotonic() < deadline:
            self._check_alive()
            if expected in self._log("out").read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise self._not_ready(f"the launcher never printed '{expected}'")

    def _check_alive(self) -> None:
        if not self.running:
            raise Neo4jServerError(f"Neo4j exited before it was ready:\n{self._log_tail()}")

    def _not_ready(self, why: str) -> Neo4jServerError:
        return Neo4jServerError(
            f"Neo4j at {self.uri} was not ready within {self.start_timeout:.0f} s ({why}):\n"
            f"{self._log_tail()}"
        )

    def _verify(self, connection_timeout: float) -> None:
        auth = (self.user, self.password)
        with neo4j.GraphDatabase.driver(
            self.uri, auth=auth, connection_timeout=connection_timeout
        ) as driver:
            driver.verify_connectivity()

    def _log_tail(self) -> str:
        parts = []
        for stream in ("out", "err"):
            path = self._log(stream)
            if path.is_file():
                parts.append(f"--- {path}\n" + path.read_text(errors="replace")[-3000:])
        return "\n".join(parts) or "(the launcher wrote nothing)"

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop the JVM, keeping the data: closing stdin asks for a clean shutdown."""
        process, self._process = self._process, None
        _running.discard(self)
        if process is None:
            return
        _close_stdin(process)  # the launcher exits on EOF, shutting Neo4j down cleanly
        if _exited_within(process, timeout):
            return
        process.terminate()
        if _exited_within(process, timeout):
            return
        process.kill()
        if not _exited_within(process, timeout):
            raise Neo4jServerError(f"Neo4j (pid {process.pid}) did not exit even after SIGKILL")

    def kill(self) -> None:
        """Crash the JVM (SIGKILL), keeping the data: the next start() recovers from the tx log."""
        process, self._process = self._process, None
        _running.discard(self)
        if process is not None:
            _close_stdin(process)
            process.kill()
            process.wait()

    def close(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop for good; a home this server created is deleted, so no clean shutdown is needed."""
        if self._owns_home:
            self.kill()
            shutil.rmtree(self.home, ignore_errors=True)
        else:
            self.stop(timeout=timeout)

    def __enter__(self) -> Neo4jServer:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.neo4j.server", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="Bolt port (default: a free one)")
    parser.add_argument("--home", type=Path, default=None, help="data dir, kept (default: temp)")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument(
        "--full-jit", action="store_true", help="C2 JIT too: slower start, for bench"
    )
    parser.add_argument("--fetch-only", action="store_true", help="fetch jars + compile, then exit")
    return parser.parse_args(argv)


def _print_connection(server: Neo4jServer) -> None:
    print(f"Neo4j ready in {server.startup_seconds:.1f} s")
    print(f"  uri      {server.uri}\n  user     {server.user}\n  password {server.password}")
    exports = {
        "PACTMAP_DATABASE": server.uri,
        "PACTMAP_NEO4J_USER": server.user,
        "PACTMAP_NEO4J_PASSWORD": server.password,
    }
    print("export " + " ".join(f"{k}={shlex.quote(v)}" for k, v in exports.items()))
    print("Ctrl-C stops it.", flush=True)


def _serve(args: argparse.Namespace) -> None:
    server = Neo4jServer(
        port=args.port, home=args.home, password=args.password, quick_start=not args.full_jit
    )
    print(f"Starting Neo4j {NEO4J_VERSION} (data in {server.home}) ...", flush=True)
    with server:
        _print_connection(server)
        try:
            while server.running:
                time.sleep(1.0)
        except KeyboardInterrupt:
            print("\nstopping Neo4j ...", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        if args.fetch_only:
            print(compiled_launcher(ensure_jars()).parent)
        else:
            _serve(args)
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
