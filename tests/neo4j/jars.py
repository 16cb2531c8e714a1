"""Neo4j's jars, fetched once through Maven into a cache outside the repository.

``ensure_jars()`` runs tests/neo4j/pom.xml; ``compiled_launcher()`` compiles Launcher.java against
those jars once. Neo4j Community is GPLv3: nothing here is ever committed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

NEO4J_VERSION = "5.26.30"
HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"
MVN_TIMEOUT_S = 900.0


class Neo4jServerError(RuntimeError):
    """The test Neo4j could not be fetched, started or stopped; the message says why."""


def cache_dir() -> Path:
    """Where the jars live: $PACTMAP_NEO4J_CACHE, else ~/.cache/pactmap/neo4j-<version>."""
    configured = os.environ.get("PACTMAP_NEO4J_CACHE")
    if configured:
        return Path(configured).expanduser().resolve()
    return Path.home() / ".cache" / "pactmap" / f"neo4j-{NEO4J_VERSION}"


def require_tool(name: str) -> str:
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
    mvn = require_tool("mvn")
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
    java = require_tool("java")
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
