"""An upload annotated in a worker process under a time and memory budget, stopped when its visitor leaves.

Annotating runs in the server's process would let one visitor's document (1 MB of ``10.11.2020 ``, of
names without a sentence break, …) hold a core and memory that every other reader needs. Here it
runs in a child process (forked from a fork server that loaded the gazetteer and language models
once, at a lower CPU priority) that the caller watches: the child is killed, and the upload
refused with a message, when it takes longer than :data:`UPLOAD_SECONDS`, when its own memory grows
beyond :data:`UPLOAD_MEMORY`, or when ``keep_going()`` says the visitor has gone. At most
:data:`MAX_WORKERS` uploads are annotated at once; another visitor is asked to try again.

Plain Python (no Streamlit); :mod:`app.ui.upload` supplies ``keep_going``.

    accept_upload_budgeted(name, data, meta=None, existing=(), *, seconds, memory, keep_going)
        -> (Document, rows), or UploadError with a message for the reader
    prepare()   start the workers' fork server early (the app does, once per process)
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import types
from typing import Any, Callable, Iterable, Mapping

from app.corpus import size_text
from app.reading.uploads import UploadError, accept_upload

__all__ = ["UPLOAD_SECONDS", "UPLOAD_MEMORY", "MAX_WORKERS", "UploadStopped", "accept_upload_budgeted",
           "prepare"]

#: Longest an upload may take to annotate (a 1 MB document of the seeds' kind takes a few seconds).
UPLOAD_SECONDS: float = 60.0
#: Most memory the annotating process may add to what it shares with the server.
UPLOAD_MEMORY: int = 1024 * 1024 * 1024
#: Uploads annotated at the same time, over all visitors.
MAX_WORKERS: int = 2

_slots = threading.BoundedSemaphore(MAX_WORKERS)


class UploadStopped(UploadError):
    """The visitor left (or asked for something else) while the upload was being annotated."""


def _child(conn: Any, name: str, data: bytes, meta: Mapping | None, existing: list[str]) -> None:
    """In the worker: annotate, send ``("ok", (doc, rows))`` or ``("refused", message)``."""
    try:
        os.nice(10)           # the server's own work (other readers' pages) goes first
    except (AttributeError, OSError):
        pass
    try:
        result: tuple = ("ok", accept_upload(name, data, meta, existing=existing))
    except UploadError as exc:
        result = ("refused", str(exc))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a message
        result = ("failed", type(exc).__name__)
    conn.send(result)
    conn.close()


def _own_memory(pid: int) -> int | None:
    """Bytes the process does not share with its parent (private pages), from /proc; None if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        return None
    kib = 0
    for key in ("Private_Clean", "Private_Dirty", "SwapPss"):
        value = fields.get(key, "0 kB").split()
        kib += int(value[0]) if value and value[0].isdigit() else 0
    return kib * 1024


def prepare() -> None:
    """Start the workers' fork server now (it loads the names and language models in the background),
    so the first upload of a visit does not wait for it. Cheap and idempotent; the upload view calls it."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _context() -> Any:
    """Workers are forked from a small fork server that loaded the names and language models once
    (:mod:`app.reading._warm`), not from the server itself (whose memory a fork would make it copy)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["app.reading._warm"])
        return ctx
    return multiprocessing.get_context("spawn")


_main_lock = threading.Lock()


def _start(proc: Any) -> None:
    """Start the worker without the page as its main module: Streamlit makes the running page
    ``__main__``, and a worker would import (run) the whole page again before annotating."""
    with _main_lock:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            proc.start()
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved


def _watch(proc: Any, conn: Any, name: str, seconds: float, memory: int,
           keep_going: Callable[[], bool] | None, poll: float) -> tuple:
    """Wait for the worker's answer while it keeps to its budget; raise UploadError when it does not."""
    start = time.monotonic()
    base = _own_memory(proc.pid) or 0
    checked = start
    while True:
        if conn.poll(poll):
            return conn.recv()
        if not proc.is_alive() and not conn.poll():
            raise UploadError(f"{name}: annotating it stopped unexpectedly; nothing was added")
        if time.monotonic() - start > seconds:
            raise UploadError(f"{name}: annotating it took longer than {seconds:.0f} seconds, the limit "
                              "for one upload; nothing was added. Split it into smaller files")
        used = None
        if time.monotonic() - checked > 0.5:      # reading smaps costs the kernel a walk: twice a second
            checked = time.monotonic()
            used = _own_memory(proc.pid)
        if used is not None and used - base > memory:
            raise UploadError(f"{name}: annotating it needed more than {size_text(memory)} of memory, "
                              "the limit for one upload; nothing was added. Split it into smaller files")
        if keep_going is not None and not keep_going():
            raise UploadStopped(f"{name}: stopped before it was annotated; nothing was added")


def accept_upload_budgeted(name: str, data: bytes, meta: Mapping | None = None, existing: Iterable[str] = (),
                           *, seconds: float = UPLOAD_SECONDS, memory: int = UPLOAD_MEMORY,
                           keep_going: Callable[[], bool] | None = None,
                           poll: float = 0.1) -> tuple:
    """:func:`app.reading.uploads.accept_upload` in a worker process under a budget.

    Returns ``(Document, rows)``. Raises :class:`UploadError` (the message is for the reader) when the
    upload is refused, over ``seconds`` or ``memory``, or when all workers are busy; raises
    :class:`UploadStopped` when ``keep_going()`` returns False (called every ``poll`` seconds; it may
    also raise, e.g. Streamlit's rerun). The worker never outlives this call.
    """
    if not _slots.acquire(blocking=False):
        raise UploadError(f"{name}: the atlas is busy annotating other uploads; try again in a minute")
    ctx = _context()
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, name, bytes(data), dict(meta) if meta else None,
                                            list(existing)), daemon=True, name="atlas-upload")
    try:
        _start(proc)
        send.close()
        status, value = _watch(proc, recv, name, seconds, memory, keep_going, poll)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        recv.close()
        _slots.release()
    if status == "ok":
        return value
    if status == "refused":
        raise UploadError(value)
    raise UploadError(f"{name}: could not be annotated ({value}); nothing was added")
