"""The web UI on a generated 5,000-actor territory: time to the first rendered map, the
GraphQL payload that carries it, and how smoothly the map redraws while it is laid out.

``pactmap generate --actors 5000`` fills a fresh SQLite file; ``pactmap users add`` gives a
coordinator access; ``pactmap serve`` runs on a free port; Debian's Chromium (Playwright,
SwiftShader WebGL: software rendering, so a real GPU does better) signs in and opens the map.
Timings are the performance marks the app sets (webui/src/lib/testState.ts ``mark``), in ms
since the page's navigation started:

- ``map-request`` the map query is sent, ``map-data`` its answer is parsed,
  ``map-rendered`` sigma drew the first frame with every node; ``layout-done`` ForceAtlas2
  (web worker) stopped and the positions were saved;
- a second visit, in a new tab of the same browser, reuses the saved positions (no layout).

Frame intervals are sampled with requestAnimationFrame while the layout runs (the map redraws
on every layout step). The web UI test build must be there (``make webui-test``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from .context import BenchContext, summarize

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
EMAIL = "bench@pactmap.example"
PASSWORD = "bench-password-5000"

FRAMES_JS = """(zoom) => new Promise((done) => {
  const gaps = []; let last = performance.now(); const end = last + 3000; let n = 0;
  const buttons = ['zoom-in', 'zoom-out'].map(t => document.querySelector(`[data-testid=${t}]`));
  function tick(now) { gaps.push(now - last); last = now;
    if (zoom && ++n % 20 === 0) buttons[(n / 20) % 2].click();
    if (now < end) requestAnimationFrame(tick); else done(gaps); }
  requestAnimationFrame(tick);
})"""


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pactmap.api", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pactmap {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("pactmap serve exited early")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if json.load(answer).get("status") == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("pactmap serve did not start")


def _visit(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_function(
        "() => window.__pactmap && window.__pactmap.timings['map-rendered'] !== undefined",
        timeout=300_000,
    )
    running = page.evaluate("() => window.__pactmap.layout") == "running"
    frames = page.evaluate(FRAMES_JS, False) if running else []
    page.wait_for_function(
        "() => ['saved', 'done'].includes(window.__pactmap.layout)", timeout=300_000
    )
    zooming = page.evaluate(FRAMES_JS, True)
    s = page.evaluate("() => ({ ...window.__pactmap, visibleNodeIds: [] })")
    resources = page.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => e.name.endsWith('/graphql'))"
        ".map(e => [e.transferSize, e.decodedBodySize])"
    )
    biggest = max(resources, key=lambda r: r[1], default=[0, 0])
    return {
        "timings": s["timings"],
        "nodes": s["nodeCount"],
        "edges": s["edgeCount"],
        "payload_chars": s["payloadBytes"].get("map", 0),
        "transfer_bytes": biggest[0],
        "decoded_bytes": biggest[1],
        "frames_ms": frames[1:],
        "zoom_frames_ms": zooming[1:],
    }


def run(ctx: BenchContext) -> dict[str, Any]:
    if not (ROOT / "webui" / "dist" / ".testhooks").is_file():
        raise RuntimeError(
            "webui/dist is not the test build (window.__pactmap): run `make webui-test`"
        )
    actors = 1000 if ctx.quick else 5000
    runs = 1 if ctx.quick else 3
    home = ctx.tmp / "webui-bench"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PACTMAP_DATA_DIR": str(home),
        "PACTMAP_DATABASE": f"sqlite:///{home / 'bench.db'}",
    }
    territory = (
        _cli(env, "generate", "--actors", str(actors), "--seed", "1").strip().splitlines()[-1]
    )
    _cli(env, "users", "add", EMAIL, "--role", "coordinator", "--territory", territory,
         "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    port = _free_port()
    log = (home / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "pactmap.api", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    first: list[dict[str, Any]] = []
    again: list[dict[str, Any]] = []
    try:
        _wait(base, server)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 860})
                page = context.new_page()
                page.goto(f"{base}/login")
                page.get_by_test_id("login-email").fill(EMAIL)
                page.get_by_test_id("login-password").fill(PASSWORD)
                page.get_by_test_id("login-submit").click()
                page.wait_for_function("() => window.__pactmap.view === 'territories'")
                first.append(_visit(page, f"{base}/t/{territory}/map"))
                # A new tab of the same browser (same saved positions): its navigation time
                # does not include tearing the first map down.
                page.close()
                again.append(_visit(context.new_page(), f"{base}/t/{territory}/map"))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    def timing(samples: list[dict[str, Any]], name: str) -> dict[str, float]:
        return summarize([s["timings"][name] for s in samples if name in s["timings"]])

    def span(samples: list[dict[str, Any]], start: str, end: str) -> dict[str, float]:
        return summarize([s["timings"][end] - s["timings"][start] for s in samples])

    frames = [f for s in first for f in s["frames_ms"]]
    return {
        "what": f"web UI map of a generated {actors}-actor territory (pactmap generate --seed 1)",
        "browser": "Debian Chromium, headless, SwiftShader (software WebGL)",
        "runs": runs,
        "nodes": first[0]["nodes"],
        "edges": first[0]["edges"],
        "first_visit_ms": {
            "map_rendered_since_navigation": timing(first, "map-rendered"),
            "map_query_round_trip": span(first, "map-request", "map-data"),
            "data_to_first_frame": span(first, "map-data", "map-rendered"),
            "layout_done_since_navigation": timing(first, "layout-done"),
        },
        "second_visit_saved_positions_ms": {
            "map_rendered_since_navigation": timing(again, "map-rendered"),
            "map_query_round_trip": span(again, "map-request", "map-data"),
            "data_to_first_frame": span(again, "map-data", "map-rendered"),
        },
        "map_payload": {
            "json_chars": first[0]["payload_chars"],
            "decoded_bytes": first[0]["decoded_bytes"],
            "transfer_bytes": first[0]["transfer_bytes"],
            "bytes_per_node": round(first[0]["decoded_bytes"] / max(1, first[0]["nodes"]), 1),
        },
        "frame_interval_during_layout_ms": summarize(frames) if frames else {},
        "frame_interval_zooming_after_layout_ms": summarize(
            [f for s in first + again for f in s["zoom_frames_ms"]]
        ),
    }
