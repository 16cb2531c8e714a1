"""A real Neo4j Community server for tests and development, without Docker.

``ensure_jars()`` fetches Neo4j's jars once through Maven (tests/neo4j/pom.xml) into a cache outside
the repository; ``Neo4jServer`` runs tests/neo4j/Launcher.java on those jars: embedded Neo4j with
Bolt on 127.0.0.1, auth on. ``python -m tests.neo4j.server`` starts one until Ctrl-C.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import hashlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from types import TracebackType

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

NEO4J_VERSION = "5.26.30"
HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "pactmap-neo4j"
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
MVN_TIMEOUT_S = 900.0

# The flags Neo4j's own neo4j.conf passes to its JVM; an embedded launcher must pass them itself.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Xmx1g",
)
# Start-up is mostly class loading and JIT work: on 2 busy cores C1 alone halves the CPU a start
# costs (measured 25 s -> 11 s of user time). Benchmarks pass quick_start=False to get C2 back.
QUICK_START_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


class Neo4jServerError(RuntimeError):
    """The test Neo4j could not be fetched, started or stopped; the message says why."""


def cache_dir() -> Path:
    """Where the jars live: $PACTMAP_NEO4J_CACHE, else ~/.cache/pactmap/neo4j-<version>."""
    configured = os.environ.get("PACTMAP_NEO4J_CACHE")
    if configured:
        return Path(configured).expanduser().resolve()
    return Path.home() / ".cache" / "pactmap" / f"neo4j-{NEO4J_VERSION}"


def _require_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Neo4jServerError(
            f"'{name}' is not on PATH; the test Neo4j needs Java 17+ and Maven "
            "(apt-get install openjdk-17-jre-headless maven), or set NEO4J_URI to use a running server"
        )
    return found


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def ensure_jars() -> Path:
    """Fetch Neo4j's runtime jars once; return the directory that holds them.

    A marker file records the pom's digest after a complete copy, so a later call (or a changed
    pom) knows whether Maven must run again. A file lock keeps parallel callers from racing.
    """
    root = cache_dir()
    lib = root / "lib"
    marker = root / "complete"
    digest = _pom_digest()
    if marker.is_file() and marker.read_text().strip() == digest:
        return lib
    mvn = _require_tool("mvn")
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file() and marker.read_text().strip() == digest:
            return lib
        _run_maven(mvn, lib)
        marker.write_text(digest + "\n")
    return lib


def compiled_launcher(lib: Path) -> Path:
    """Launcher.java compiled once into a jar beside the cache (saves a compile at every start).

    javac runs as ``java -m jdk.compiler/...``, so a JRE that carries the compiler module (Debian's
    openjdk-17-jre-headless does) is enough; no separate javac binary is needed.
    """
    digest = hashlib.sha256(LAUNCHER.read_bytes()).hexdigest()[:16]
    jar = cache_dir() / f"launcher-{digest}.jar"
    if jar.is_file():
        return jar
    java = _require_tool("java")
    with tempfile.TemporaryDirectory(dir=cache_dir()) as scratch:
        classes = Path(scratch) / "classes"
        classpath = os.pathsep.join(str(path) for path in sorted(lib.glob("*.jar")))
        command = [
            java, "-m", "jdk.compiler/com.sun.tools.javac.Main", "--release", "17",
            "-d", str(classes), "-cp", classpath, str(LAUNCHER),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise Neo4jServerError(
                f"compiling {LAUNCHER} with {java} failed (exit {done.returncode}); Java 17+ with "
                f"the jdk.compiler module is needed:\n{(done.stdout + done.stderr)[-3000:]}"
            )
        partial = Path(scratch) / jar.name
        with zipfile.ZipFile(partial, "w") as archive:
            for path in sorted(classes.rglob("*.class")):
                archive.write(path, path.relative_to(classes).as_posix())
        partial.replace(jar)
    return jar


def _run_maven(mvn: str, lib: Path) -> None:
    command = [
        mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
        f"-Dpactmap.neo4j.lib={lib}",
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=MVN_TIMEOUT_S, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        raise Neo4jServerError(f"Maven did not fetch Neo4j within {MVN_TIMEOUT_S:.0f} s") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip()[-3000:]
        raise Neo4jServerError(
            f"Maven failed (exit {done.returncode}) fetching Neo4j {NEO4J_VERSION} with "
            f"{POM}:\n{tail}"
        )
    if not any(lib.glob(f"neo4j-{NEO4J_VERSION}.jar")):
        raise Neo4jServerError(f"Maven succeeded but {lib} holds no neo4j-{NEO4J_VERSION}.jar")


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


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop(timeout=10.0)


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
        java = _require_tool("java")
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

    def close(self) -> None:
        """Stop for good; a home this server created is deleted, so no clean shutdown is needed."""
        if self._owns_home:
            self.kill()
            shutil.rmtree(self.home, ignore_errors=True)
        else:
            self.stop()

    def __enter__(self) -> Neo4jServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.neo4j.server", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="Bolt port (default: a free one)")
    parser.add_argument(
        "--home", type=Path, default=None, help="data dir, kept (default: a temp dir)"
    )
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    args = parser.parse_args(argv)
    server = Neo4jServer(port=args.port, home=args.home, password=args.password)
    print(f"Starting Neo4j {NEO4J_VERSION} (data in {server.home}) ...", flush=True)
    with server:
        print(f"Neo4j ready in {server.startup_seconds:.1f} s")
        print(f"  uri      {server.uri}\n  user     {server.user}\n  password {server.password}")
        exports = {
            "PACTMAP_DATABASE": server.uri,
            "PACTMAP_NEO4J_USER": server.user,
            "PACTMAP_NEO4J_PASSWORD": server.password,
        }
        print("export " + " ".join(f"{k}={shlex.quote(v)}" for k, v in exports.items()))
        print("Ctrl-C stops it.", flush=True)
        try:
            while server.running:
                time.sleep(1.0)
        except KeyboardInterrupt:
            print("\nstopping Neo4j ...", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
