"""Shared test fixtures.

* ``fixture_geodata``: path of the small geodata fixture that follows docs/DATA.md.
* ``browser_type_launch_args``: pytest-playwright launches Debian's Chromium at
  /usr/bin/chromium (no ``playwright install``).  Without it the browser tests skip
  locally, but FAIL under CI (``CI=true``) so a missing browser is never hidden.
* ``app_server`` / ``app_url``: a real ``streamlit run app/ui/main.py`` on a free
  127.0.0.1 port for the session (geodata from ``ATLAS_GEODATA``, the fixture by
  default), stopped at the end.
* ``outside_requests``: blocks and records every request that leaves 127.0.0.1 and
  every 4xx/5xx response on a page; tests assert it stays empty.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_GEODATA = ROOT / "tests" / "fixtures" / "features.geojson"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
LOCAL_URL = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_chromium() -> None:
    """Skip (locally) or fail (under CI=true) when the system Chromium is missing."""
    if os.path.exists(CHROMIUM):
        return
    msg = (f"{CHROMIUM} not found: install Debian's chromium (scripts/setup.sh --test) "
           "to run the browser tests")
    if _in_ci():
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def fixture_geodata() -> Path:
    return FIXTURE_GEODATA


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, geodata: Path | str, log_path: Path) -> subprocess.Popen:
    """Start ``streamlit run app/ui/main.py`` on 127.0.0.1:port; wait until healthy."""
    env = {**os.environ, "ATLAS_GEODATA": str(geodata)}
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app/ui/main.py",
         f"--server.port={port}", "--server.address=127.0.0.1", "--server.headless=true",
         "--server.enableStaticServing=true", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, 40, log_path)
    except RuntimeError:
        proc.terminate()
        raise
    return proc


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float, log_path: Path) -> None:
    """Wait until the Streamlit server (or proxy) at ``url`` answers its health check; RuntimeError with the end
    of its log if ``proc`` exits first or ``seconds`` pass."""
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            what = "exited early" if proc.poll() is not None else f"did not become healthy in {seconds:g} s"
            raise RuntimeError(f"{' '.join(map(str, proc.args))} {what}; see {log_path}:\n"
                               f"{Path(log_path).read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server the tests started (kill it if it does not stop within 10 s)."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _serve(geodata: Path | str, log_dir: Path):
    """Run the app on a free port for the duration of a fixture; yields its URL."""
    port = free_port()
    proc = start_app(port, geodata, log_dir / "streamlit.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """URL of a running app (session-wide), using the fixture geodata unless ATLAS_GEODATA is set."""
    geodata = os.environ.get("ATLAS_GEODATA") or FIXTURE_GEODATA
    yield from _serve(geodata, tmp_path_factory.mktemp("streamlit"))


def guard_page(page) -> list[str]:
    """Abort and record requests that leave 127.0.0.1; record 4xx/5xx and failed requests."""
    problems: list[str] = []

    def block(route):
        problems.append(f"outside request: {route.request.url}")
        route.abort()

    page.route(re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|about:).*"), block)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    # a local request the browser itself cancelled (an old map iframe torn down mid-load) is no fault
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}")
            if LOCAL_URL.match(r.url) and "_stcore/stream" not in r.url
            and "ERR_ABORTED" not in str(r.failure) else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


@pytest.fixture
def outside_requests(page):
    """The list of problems seen on ``page`` (see :func:`guard_page`); must end empty."""
    return guard_page(page)


REAL_GEODATA = ROOT / "geodata" / "features.geojson"


@pytest.fixture(scope="session")
def real_app_url(tmp_path_factory):
    """URL of a running app (session-wide) on the committed geodata, the seeds corpus and lessons/.

    Uploads made by the tests stay in their browser session (nothing is saved into seeds/)."""
    yield from _serve(REAL_GEODATA, tmp_path_factory.mktemp("streamlit_real"))
