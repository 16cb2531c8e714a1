"""Browser tests of the web UI: Debian's Chromium driven by Playwright against the real app.

Each test module starts ``pactmap serve`` (the real CLI, uvicorn) on a free 127.0.0.1 port with a
temporary SQLite database that ``pactmap demo`` seeded with the Valbrune demo territory and its
demo coordinator. Nothing is built here: the Makefile builds webui/dist first, and the tests
fail (not skip) when the bundle or /usr/bin/chromium is missing.

Every test fails on a console error, an uncaught page error, or a request that leaves
127.0.0.1. Each view's screenshot is saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "webui" / "dist" / "index.html"
# Written by `make webui-test` beside the test build, the one that exposes window.__pactmap.
TEST_BUILD = ROOT / "webui" / "dist" / ".testhooks"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# The demo login that `pactmap demo` creates (api/cli.py DEMO_EMAIL / DEMO_PASSWORD).
DEMO_EMAIL = "demo@pactmap.example"
DEMO_PASSWORD = "pactmap-demo"
DEMO_TERRITORY = "valbrune"
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]

    def add_user(
        self, email: str, role: str, password: str, territory: str = DEMO_TERRITORY
    ) -> None:
        """`pactmap users add` on this server's database (the real CLI)."""
        command = [sys.executable, "-m", "pactmap.api", "users", "add", email, "--role", role]
        done = subprocess.run(
            [*command, "--territory", territory, "--password-stdin"],
            env=self.env,
            input=password + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pactmap users add failed: {done.stderr}")


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"pactmap serve exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if json.load(answer).get("status") == "ok":
                    return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"pactmap serve did not answer /healthz in {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def built_ui() -> Path:
    if not DIST.is_file() or not TEST_BUILD.is_file():
        pytest.fail(
            f"the web UI test build is missing ({TEST_BUILD}; a production bundle has no "
            "window.__pactmap): build it first with `make webui-test`",
            pytrace=False,
        )
    return DIST


@pytest.fixture(scope="module")
def server(built_ui: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh demo database and server per test module: modules that edit the map (drafting a
    contract adds nodes) do not change what another module expects."""
    home = tmp_path_factory.mktemp("webui-server")
    env = {
        **os.environ,
        "PACTMAP_DATA_DIR": str(home),
        "PACTMAP_DATABASE": f"sqlite:///{home / 'pactmap.db'}",
        "PACTMAP_ENV": "development",
    }
    cli = [sys.executable, "-m", "pactmap.api"]
    seeded = subprocess.run(
        [*cli, "demo"], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    if seeded.returncode != 0:
        pytest.fail(f"`pactmap demo` failed:\n{seeded.stdout}\n{seeded.stderr}", pytrace=False)
    port = free_port()
    log = home / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log, timeout=60)
        yield Server(url, process, log, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); "
            "the browser tests never download a browser",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Guard:
    """What went wrong in the browser during one test."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    app_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"request left 127.0.0.1: {u}" for u in self.outside_requests]
            + [f"the app reported an error: {m}" for m in self.app_errors]
        )


def _local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


class Browsing:
    """A browser context on the test server whose pages are watched by one Guard."""

    def __init__(self, browser: Any, server: Server, guard: Guard, **options: Any) -> None:
        self.server = server
        self.guard = guard
        options.setdefault("viewport", {"width": 1400, "height": 860})
        # The UI speaks the browser's language (webui/src/i18n): tests that read English text
        # open an English browser unless they ask for another (tests/webui/test_i18n.py).
        options.setdefault("locale", "en-US")
        self.context = browser.new_context(base_url=server.base_url, **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._route)
        self.pages: list[Any] = []

    def _route(self, route: Any) -> None:
        url = route.request.url
        if _local(url):
            route.continue_()
        else:
            self.guard.outside_requests.append(url)
            route.abort()

    def new_page(self) -> Any:
        page = self.context.new_page()
        self.pages.append(page)
        page.on(
            "console",
            lambda m: self.guard.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.guard.console_errors.append(f"uncaught: {e}"))
        page.on(
            "websocket",
            lambda ws: None if _local(ws.url) else self.guard.outside_requests.append(ws.url),
        )
        return page

    def close(self) -> None:
        for page in self.pages:
            if not page.is_closed():
                errors = page.evaluate("() => (window.__pactmap && window.__pactmap.errors) || []")
                self.guard.app_errors.extend(errors)
        self.context.close()


@pytest.fixture
def guard() -> Iterator[Guard]:
    watched = Guard()
    yield watched
    problems = watched.problems()
    if problems:
        pytest.fail("the browser reported:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def browsing(browser: Any, server: Server, guard: Guard) -> Iterator[Browsing]:
    ctx = Browsing(browser, server, guard)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(browsing: Browsing) -> Any:
    return browsing.new_page()


@pytest.fixture
def second(browser: Any, server: Server, guard: Guard) -> Iterator[Browsing]:
    """Another person's browser (its own context and cookies), watched by the same Guard."""
    other = Browsing(browser, server, guard)
    try:
        yield other
    finally:
        other.close()


@pytest.fixture
def seen(
    request: pytest.FixtureRequest, browser: Any, server: Server, guard: Guard
) -> Iterator[Any]:
    """A signed-in page in a fresh browser context of the parametrized options (indirect
    parametrization: viewport, is_mobile, has_touch)."""
    ctx = Browsing(browser, server, guard, **request.param)
    try:
        page = ctx.new_page()
        sign_in(page)
        yield page
    finally:
        ctx.close()


def state(page: Any) -> dict[str, Any]:
    """The application state the UI exposes for tests (webui/src/lib/testState.ts)."""
    return dict(page.evaluate("() => ({ ...window.__pactmap })"))


def wait_state(page: Any, condition: str, timeout: int = TIMEOUT_MS) -> None:
    """Wait until a JavaScript condition on ``s`` (window.__pactmap) holds."""
    page.wait_for_function(
        f"() => {{ const s = window.__pactmap; return !!s && ({condition}); }}", timeout=timeout
    )


def sign_in(page: Any, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    wait_state(page, "s.view === 'territories'")


def nav_click(page: Any, view: str) -> None:
    """The view's tab in the top bar; on a phone the views are behind the "Menu" button."""
    tab = page.get_by_test_id(f"nav-{view}")
    if not tab.is_visible():
        page.get_by_test_id("nav-menu").click()
    tab.click()


def open_map(page: Any, territory: str = DEMO_TERRITORY) -> None:
    page.locator(f"[data-testid=territory-link][data-territory-id='{territory}']").click()
    wait_map(page)


def wait_map(page: Any) -> None:
    wait_state(page, "s.view === 'map' && s.nodeCount > 0 && s.renderedNodes > 0")
    wait_state(page, "s.layout === 'saved' || s.layout === 'done'", timeout=60_000)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


PIXELS = ROOT / "test-artifacts" / "pixels"
# The region a person sees as the drawing: the drawing area's box less its margins (8 px) and
# less the bands the overlays (legend, zoom buttons, banners) cover, in the screenshot's pixels.
_DRAWING_REGION = """el => {
  const box = el.getBoundingClientRect();
  let top = 8, bottom = box.height - 8;
  for (const o of el.parentElement.children) {
    if (o === el || o.hidden || o.offsetWidth === 0) continue;
    const r = o.getBoundingClientRect();
    if (r.bottom <= box.top || r.top >= box.bottom) continue;
    if (r.top - box.top > box.height / 2) bottom = Math.min(bottom, r.top - box.top - 4);
    else top = Math.max(top, r.bottom - box.top + 4);
  }
  return [8, Math.round(top), Math.round(box.width - 16), Math.round(bottom - top)];
}"""
# Pixels of a PNG that are not the light theme's background (any channel below 200), decoded
# by the browser's image decoder (the test environment has no Python image library).
_INK_SHARE = """async ([b64, x, y, w, h]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bmp = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const scale = bmp.width / Math.max(1, x + w + 8);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext("2d");
  g.drawImage(bmp, 0, 0);
  const X = Math.round(x * scale), Y = Math.round(y * scale);
  const W = Math.max(1, Math.round(w * scale)), H = Math.max(1, Math.round(h * scale));
  const d = g.getImageData(X, Y, W, H).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) ink++;
  return ink / (W * H);
}"""


def drawn_share(page: Any, testid: str, name: str) -> float:
    """The share (0..1) of the drawing area ``testid`` that is not background, read from an
    element screenshot saved as test-artifacts/pixels/<name>.png; 0.0 when the area has no size."""
    drawing = page.get_by_test_id(testid)
    x, y, w, h = drawing.evaluate(_DRAWING_REGION)
    if w <= 0 or h <= 0:
        return 0.0
    PIXELS.mkdir(parents=True, exist_ok=True)
    png = drawing.screenshot(path=str(PIXELS / f"{name}.png"), animations="disabled")
    return float(page.evaluate(_INK_SHARE, [base64.b64encode(png).decode(), x, y, w, h]))


# Where the ink of a screenshot lies (channels below 200, as _INK_SHARE): its mean point and its
# spread (root mean square distance from that point), in CSS pixels of the element.
_INK_SPREAD = """async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bmp = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext("2d");
  g.drawImage(bmp, 0, 0);
  const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (let y = 0; y < bmp.height; y++)
    for (let x = 0; x < bmp.width; x++) {
      const i = (y * bmp.width + x) * 4;
      if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) { n++; sx += x; sy += y; sxx += x * x; syy += y * y; }
    }
  const s = devicePixelRatio, mx = sx / Math.max(1, n), my = sy / Math.max(1, n);
  return [mx / s, my / s, Math.sqrt(Math.max(0, sxx / Math.max(1, n) - mx * mx + syy / Math.max(1, n) - my * my)) / s, n];
}"""


def ink_spread(page: Any, testid: str, name: str) -> list[float]:
    """Where the drawing ``testid`` has ink: [mean x, mean y, spread, pixels], read once two
    screenshots 300 ms apart agree (sigma eases the camera after a gesture or a reset); the page
    is kept as test-artifacts/screenshots/<name>.png."""
    drawing = page.get_by_test_id(testid)
    last: list[float] = []
    now: list[float] = []
    for _ in range(20):
        png = drawing.screenshot(animations="disabled")
        now = [float(v) for v in page.evaluate(_INK_SPREAD, base64.b64encode(png).decode())]
        if last and all(abs(a - b) < 0.5 for a, b in zip(now[:3], last[:3], strict=True)):
            break
        last = now
        page.wait_for_timeout(300)
    screenshot(page, name)
    return now


_PIXELS_CHANGED = """async ([a64, b64]) => {
  const read = async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext("2d");
    g.drawImage(bmp, 0, 0);
    return g.getImageData(0, 0, bmp.width, bmp.height);
  };
  const [a, b] = [await read(a64), await read(b64)];
  if (a.width !== b.width || a.height !== b.height) return 1;
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4)
    if (Math.max(...[0, 1, 2].map((k) => Math.abs(a.data[i + k] - b.data[i + k]))) > 40) changed++;
  return changed / (a.width * a.height);
}"""


def pixels_changed(page: Any, before: bytes, after: bytes) -> float:
    """The share (0..1) of pixels that differ (a channel by more than 40) between two
    screenshots of the same element."""
    pngs = [base64.b64encode(before).decode(), base64.b64encode(after).decode()]
    return float(page.evaluate(_PIXELS_CHANGED, pngs))
