"""Two replicas behind nginx (``scripts/serve.sh --replicas 2``), used through nginx in Debian's Chromium:
the map draws and a click fills "What the documents say" for readers on both replicas, each browser stays
on its replica (the cookie), the websocket is proxied, and nothing leaves 127.0.0.1."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.corpus.ingest import ingest
from tests.browser.test_reader_browser import IFRAME, ZANGEZUR_ON_LINE, click_map
from tests.conftest import (CHROMIUM, CHROMIUM_ARGS, REAL_GEODATA, ROOT, free_port, guard_page, require_chromium,
                            wait_healthy)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    require_chromium()
    if not os.path.exists(NGINX):
        msg = "nginx not found: scripts/setup.sh --test installs Debian's nginx"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    tmp = tmp_path_factory.mktemp("replicas")
    ingest([ROOT / "seeds"], tmp / "store")
    port = free_port()
    env = {**os.environ, "ATLAS_PYTHON": sys.executable, "ATLAS_STORE": str(tmp / "store"),
           "ATLAS_GEODATA": str(REAL_GEODATA), "TMPDIR": str(tmp)}
    log = open(tmp / "serve.log", "wb")
    proc = subprocess.Popen(["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, 90, tmp / "serve.log")
    run = next(tmp.glob("atlas-serve.*"))
    yield url, run
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _upstreams(run: Path, key: str) -> set[str]:
    lines = (run / "replicas.log").read_text().splitlines()
    return {m.group(1) for ln in lines if f"key={key}" in ln and (m := re.search(r"upstream=(\S+)", ln))}


def _key_for_other_replica(url: str, run: Path, taken: set[str]) -> str:
    """A cookie value that nginx sends to a replica not in ``taken`` (cheap HTTP requests, no browser)."""
    for i in range(40):
        key = f"probe{i}"
        req = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"atlas_replica={key}"})
        urllib.request.urlopen(req, timeout=5).read()
        if _upstreams(run, key) - taken:
            return key
    raise AssertionError("nginx sent every probe to the same replica")


def test_two_replicas_behind_nginx_serve_readers_in_chromium(replicas, playwright):
    url, run = replicas
    host = url.split("//")[1].split(":")[0]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    seen: dict[str, set[str]] = {}
    try:
        for i in range(2):                               # a reader on each replica
            ctx = browser.new_context(viewport={"width": 1400, "height": 950})
            if i == 1:                                   # the second reader: a cookie for the other replica
                key = _key_for_other_replica(url, run, set().union(*seen.values()))
                ctx.add_cookies([{"name": "atlas_replica", "value": key, "domain": host, "path": "/"}])
            page = ctx.new_page()
            problems = guard_page(page)
            page.goto(url)
            expect(page.frame_locator(IFRAME).locator("path.leaflet-interactive").first).to_be_visible(timeout=60000)
            click_map(page, *ZANGEZUR_ON_LINE)           # a real reading through the proxied websocket
            expect(page.locator(".st-key-atlas_reader")).to_contain_text("Zangezur corridor: ", timeout=30000)
            expect(page.locator(".reader-quotes section.doc-quotes").first).to_be_visible(timeout=30000)
            key = next(c["value"] for c in ctx.cookies() if c["name"] == "atlas_replica")
            assert problems == []
            ctx.close()
            seen[key] = _upstreams(run, key)
    finally:
        browser.close()
    # every request of a reader (page, scripts, websocket, component) went to one replica, one each
    assert all(len(up) == 1 for up in seen.values()), seen
    assert len(set().union(*seen.values())) == 2, seen
    log = (run / "replicas.log").read_text()
    assert re.search(r'"GET /_stcore/stream HTTP/1.1" 101 upstream=', log)      # websocket upgraded
