"""An upload is annotated in a worker under a time and memory budget; the worker is killed when over
budget or when its visitor leaves, and never outlives the call."""
import multiprocessing
import time

import pytest

from app.reading.budget import UploadStopped, accept_upload_budgeted
from app.reading.uploads import UploadError, accept_upload

HOSTILE = b"10.11.2020 " * 90_909          # just under 1 MB, the largest upload


def _workers() -> list:
    """Live upload workers (children of the fork server, or of this process)."""
    import os
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read()
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if b"multiprocessing.forkserver" in cmd and state not in ("Z", "X"):
                out.append(int(pid))
    return out


def test_a_budgeted_upload_gives_the_same_rows_as_in_process():
    data = "Trains could stop in Meghri, in Syunik, from June 2023.".encode()
    doc, rows = accept_upload_budgeted("notes.txt", data, {"title": "Notes"})
    doc2, rows2 = accept_upload("notes.txt", data, {"title": "Notes"})
    assert doc.text == doc2.text and doc.meta == doc2.meta and rows == rows2 and rows


def test_a_refused_upload_is_the_same_message():
    with pytest.raises(UploadError, match="only plain-text files"):
        accept_upload_budgeted("report.pdf", b"%PDF")


def test_an_upload_over_its_time_budget_is_stopped_with_a_message():
    before = set(_workers())
    t0 = time.monotonic()
    with pytest.raises(UploadError, match="took longer than 1 seconds"):
        accept_upload_budgeted("dates.txt", HOSTILE, seconds=1)
    assert time.monotonic() - t0 < 8
    assert set(_workers()) <= before, "the worker was killed"
    assert multiprocessing.active_children() == [] or all(
        c.name != "atlas-upload" for c in multiprocessing.active_children())


def test_an_upload_over_its_memory_budget_is_stopped_with_a_message():
    with pytest.raises(UploadError, match="needed more than 1 MiB of memory"):
        accept_upload_budgeted("dates.txt", HOSTILE, memory=1024 * 1024)


def test_the_worker_stops_when_the_visitor_leaves():
    calls = []

    def visitor_here():
        calls.append(time.monotonic())
        return len(calls) < 3          # the tab is closed after a few checks

    t0 = time.monotonic()
    with pytest.raises(UploadStopped, match="stopped before it was annotated"):
        accept_upload_budgeted("dates.txt", HOSTILE, keep_going=visitor_here)
    assert time.monotonic() - t0 < 8 and len(calls) == 3
    assert all(c.name != "atlas-upload" for c in multiprocessing.active_children())


def test_a_streamlit_rerun_raised_while_waiting_kills_the_worker_too():
    class Rerun(BaseException):
        pass

    def rerun():
        raise Rerun()

    with pytest.raises(Rerun):
        accept_upload_budgeted("dates.txt", HOSTILE, keep_going=rerun)
    assert all(c.name != "atlas-upload" for c in multiprocessing.active_children())


def test_the_worker_does_not_run_the_page_again(tmp_path, monkeypatch):
    """Streamlit makes the running page ``__main__``; the worker must not import (run) it again."""
    import sys
    import types

    marker = tmp_path / "page_ran"
    page = tmp_path / "page.py"
    page.write_text(f"open({str(marker)!r}, 'w').close()\n")
    fake = types.ModuleType("__main__")
    fake.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake)
    doc, rows = accept_upload_budgeted("notes.txt", b"Trains could stop in Meghri.")
    assert rows and not marker.exists()
    assert sys.modules["__main__"] is fake
