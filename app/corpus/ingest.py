"""Ingest documents into the store: read the inputs, annotate only new or changed documents, drop the gone.

Inputs (:func:`iter_inputs`): ``.txt``/``.md`` files, folders of them (recursive; a folder's
``manifest.json`` gives the metadata), ``.jsonl``/``.csv`` files of articles (a ``text`` column and optional
``title``, ``date``, ``language``, ``url``, ``source``, ``author``, ``name`` columns) and ``.zip`` archives of
any of these. A bad document (not UTF-8, binary, empty, a bad date, a name used twice) becomes one message
and the others go in.

:func:`annotate_batch` is the one pure step (documents in, one Parquet part and their records out); it runs
in this process, or on Dask workers (``workers=N`` for a local cluster, ``dask="tcp://…"`` for an existing
one), so the rows are the same either way.
"""
from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from app.corpus.documents import (CorpusError, Document, decode_bytes, load_manifest, unknown_meta)
from app.corpus.store import Store, content_hash, doc_record, pipeline_fingerprint, write_part

__all__ = ["Summary", "iter_inputs", "annotate_batch", "ingest", "add_annotated", "TEXT", "TABLES"]

TEXT = (".txt", ".md")
TABLES = (".jsonl", ".csv")
_DATE = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?")
_PRECISION = {4: "year", 7: "month", 10: "day"}


@dataclass
class Item:
    """One readable document of the inputs, with where it came from and its file stamp (size, mtime_ns)."""

    doc: Document
    source: str
    stat: tuple[int, int] | None = None


@dataclass
class Summary:
    """What an ingest did."""

    added: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)
    rows_added: int = 0
    rows_total: int = 0
    documents: int = 0
    bytes_annotated: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        mbs = self.bytes_annotated / 1e6 / self.seconds if self.seconds else 0.0
        return (f"{self.added} added, {self.unchanged} unchanged, {len(self.failed)} failed, {self.removed} removed; "
                f"{self.rows_added:,} rows added, {self.rows_total:,} rows in {self.documents:,} documents; "
                f"{self.seconds:.1f} s ({self.bytes_annotated / 1e6:.1f} MB annotated, {mbs:.2f} MB/s)")


# --------------------------------------------------------------------------- reading the inputs


def _doc(name: str, data: bytes, meta: dict | None, path: str | None = None) -> Document:
    """A document from bytes; its language is left to :func:`annotate_batch` (detection is the slow part)."""
    text = decode_bytes(name, data)
    full = unknown_meta(name)
    if meta:
        full.update(meta)
        if not isinstance(full.get("published"), dict):
            full["published"] = unknown_meta(name)["published"]
    return Document(name=name, path=path, text=text, meta=full, lang=full.get("language") or None)


def _article_meta(name: str, rec: dict) -> dict:
    meta = {"file": name}
    for key, col in (("title", "title"), ("author", "author"), ("outlet", "source"), ("url", "url"),
                     ("language", "language")):
        v = rec.get(col)
        if v not in (None, ""):
            meta[key] = str(v).strip()
    date = str(rec.get("date") or "").strip()
    if date:
        m = _DATE.match(date)
        if not m or m.end() not in (4, 7, 10) or (len(date) > m.end() and date[m.end()] not in "T "):
            raise CorpusError(name, f"the date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        iso = m.group(0)
        meta["published"] = {"date": iso, "precision": _PRECISION[len(iso)], "basis": "stated", "note": None}
    return meta


def _articles(label: str, stem: str, data: bytes, csv_file: bool) -> Iterator[Item | CorpusError]:
    """The documents of a ``.jsonl`` or ``.csv`` file of articles."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield CorpusError(label, f"not valid UTF-8 (byte {exc.start}); re-save it as UTF-8")
        return
    if csv_file:
        reader: Iterable = csv.DictReader(io.StringIO(text, newline=""))
        if "text" not in (reader.fieldnames or []):
            yield CorpusError(label, f"no 'text' column (columns: {', '.join(reader.fieldnames or [])})")
            return
    else:
        reader = (ln for ln in text.splitlines())
    for i, rec in enumerate(reader, start=1):
        where = f"{label} {'row' if csv_file else 'line'} {i}"
        if not csv_file:
            if not rec.strip():
                continue
            try:
                rec = json.loads(rec)
            except json.JSONDecodeError as exc:
                yield CorpusError(where, f"not valid JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict):
                yield CorpusError(where, "not a JSON object")
                continue
        name = str(rec.get("name") or f"{stem}-{i:06d}")
        body = rec.get("text")
        if not isinstance(body, str):
            yield CorpusError(where, "no 'text' (a string) in this article")
            continue
        try:
            yield Item(_doc(name, body.encode("utf-8"), _article_meta(name, rec)), label)
        except CorpusError as exc:
            yield CorpusError(where, exc.problem)


def _zip(path: Path) -> Iterator[Item | CorpusError]:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        yield CorpusError(str(path), f"not a readable zip archive ({exc})")
        return
    with zf:
        members = sorted((m for m in zf.infolist() if not m.is_dir()), key=lambda m: m.filename)
        manifests: dict[str, dict] = {}
        for m in members:
            if Path(m.filename).name == "manifest.json":
                try:
                    data = json.loads(zf.read(m).decode("utf-8-sig"))
                    docs = data.get("documents") if isinstance(data, dict) else data
                    manifests[str(Path(m.filename).parent)] = {e["file"]: e for e in docs}
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    yield CorpusError(f"{path}:{m.filename}", f"manifest is not valid ({exc})")
        for m in members:
            p = Path(m.filename)
            label, suffix = f"{path}:{m.filename}", p.suffix.lower()
            if suffix in TEXT:
                try:
                    meta = manifests.get(str(p.parent), {}).get(p.name)
                    yield Item(_doc(p.name, zf.read(m), meta), str(path))
                except CorpusError as exc:
                    yield CorpusError(label, exc.problem)
            elif suffix in TABLES:
                yield from _articles(label, p.stem, zf.read(m), suffix == ".csv")


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in TEXT + TABLES + (".zip",)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _file(p: Path, manifests: dict) -> Iterator[Item | CorpusError]:
    suffix = p.suffix.lower()
    if suffix == ".zip":
        yield from _zip(p)
        return
    try:
        st = p.stat()
        data = p.read_bytes()
    except OSError as exc:
        yield CorpusError(str(p), f"cannot be read ({exc.strerror or exc})")
        return
    if suffix in TABLES:
        yield from _articles(str(p), p.stem, data, suffix == ".csv")
    elif suffix in TEXT:
        folder = p.parent.resolve()
        if folder not in manifests:
            try:
                manifests[folder] = load_manifest(folder) if (folder / "manifest.json").exists() else {}
            except CorpusError as exc:
                manifests[folder] = {}
                yield exc
        try:
            yield Item(_doc(p.name, data, manifests[folder].get(p.name), str(p)), str(p.parent),
                       (st.st_size, st.st_mtime_ns))
        except CorpusError as exc:
            yield exc
    else:
        yield CorpusError(str(p), "not a .txt, .md, .jsonl, .csv or .zip file")


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Item | CorpusError]:
    """Every document of the inputs (or its error), in a stable order."""
    manifests: dict = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in _folder_files(p):
                yield from _file(f, manifests)
        elif p.exists():
            yield from _file(p, manifests)
        else:
            yield CorpusError(str(p), "no such file or folder")


def input_bytes(paths: Iterable[str | Path]) -> int:
    """Bytes of the inputs on disk (zip archives: uncompressed), for the progress bar."""
    total = 0
    for raw in paths:
        p = Path(raw)
        for f in (_folder_files(p) if p.is_dir() else [p] if p.exists() else []):
            try:
                total += (sum(m.file_size for m in zipfile.ZipFile(f).infolist()) if f.suffix.lower() == ".zip"
                          else f.stat().st_size)
            except (OSError, zipfile.BadZipFile):
                pass
    return total


# --------------------------------------------------------------------------- annotating


_GAZ: list = []


def _gazetteer():
    if not _GAZ:
        from app.gazetteer import Gazetteer
        _GAZ.append(Gazetteer.load())
    return _GAZ[0]


def annotate_batch(folder: str, batch: Sequence[tuple[Document, str, str | None, tuple | None]]
                   ) -> tuple[list[dict], list[str]]:
    """Annotate ``(document, hash, source, stat)`` tuples and write them as one part of the store in ``folder``.

    Returns the documents' records and one message per document that failed. Pure apart from the part
    it writes: the same batch gives the same rows and the same part name wherever it runs.
    """
    from app.annotate import annotate_document
    from app.text import detect_language

    gaz = _gazetteer()
    done, failed = [], []
    for doc, h, source, stat in batch:
        try:
            if not doc.lang:
                doc.lang = detect_language(doc.text)
            done.append((doc, h, source, stat, annotate_document(doc, gaz)))
        except Exception as exc:  # noqa: BLE001 - one document never stops the batch
            failed.append(f"{doc.name}: annotation failed ({type(exc).__name__}: {exc})")
    if not done:
        return [], failed
    pid = write_part(folder, [(h, doc.text, rows) for doc, h, _s, _st, rows in done])
    return [doc_record(doc, h, pid, rows, source, stat) for doc, h, source, stat, rows in done], failed


class _Runner:
    """Runs batches here (serial) or on Dask, a bounded number in flight; ``on_done`` gets each result."""

    def __init__(self, workers: int = 0, address: str | None = None):
        self.client = self.cluster = None
        self.pending: list = []
        if address or workers > 1:
            import logging

            from distributed import Client, LocalCluster

            logging.getLogger("distributed").setLevel(logging.WARNING)
            if address:
                self.client = Client(address)
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, host="127.0.0.1",
                                            silence_logs=logging.WARNING)
                self.client = Client(self.cluster)
            self.limit = 2 * max(1, len(self.client.scheduler_info().get("workers", {})) or workers or 1)

    def submit(self, folder: str, batch: list, on_done: Callable) -> None:
        if self.client is None:
            on_done(annotate_batch(folder, batch), batch)
            return
        self.pending.append((self.client.submit(annotate_batch, folder, batch, pure=False), batch))
        while len(self.pending) >= self.limit:
            self._wait(on_done, 1)

    def _wait(self, on_done: Callable, n: int) -> None:
        from distributed import wait

        wait([f for f, _b in self.pending], return_when="FIRST_COMPLETED")
        for f, b in [x for x in self.pending if x[0].done()][:max(n, 1)]:
            self.pending.remove((f, b))
            on_done(f.result(), b)

    def finish(self, on_done: Callable) -> None:
        while self.pending:
            self._wait(on_done, len(self.pending))
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def ingest(paths: Sequence[str | Path], store: Store | str | Path | None = None, *, workers: int = 0,
           dask: str | None = None, progress: Any = None, batch_docs: int = 64,
           batch_bytes: int = 2_000_000, extra: dict | None = None) -> Summary:
    """Make the store mirror ``paths``: annotate new or changed documents, keep the unchanged, drop the gone.

    ``progress``: a tqdm-like bar (``update(bytes)``) or None. ``extra``: more keys for ``store.json``
    (the failed documents' messages are kept there under ``failed``).
    """
    t0 = time.perf_counter()
    st = store if isinstance(store, Store) else Store(store)
    s = Summary()
    folder = str(st.dir)
    with st.lock():
        old = {r["name"]: r for r in st.documents()}
        records: list[dict] = []
        seen: dict[str, str] = {}
        runner = _Runner(workers, dask)
        batch: list = []
        size = 0

        def done(result: tuple[list[dict], list[str]], b: list) -> None:
            recs, failed = result
            records.extend(recs)
            s.added += len(recs)
            s.rows_added += sum(r["n_rows"] for r in recs)
            s.bytes_annotated += sum(r["bytes"] for r in recs)
            s.failed.extend(failed)
            if progress is not None:
                progress.update(sum(len(d.text.encode("utf-8")) for d, *_ in b))

        try:
            for item in iter_inputs(paths):
                if isinstance(item, CorpusError):
                    s.failed.append(str(item))
                    continue
                doc = item.doc
                if doc.name in seen:
                    s.failed.append(f"{item.source}: {doc.name}: a document of that name is already in this "
                                    f"ingest (from {seen[doc.name]}); rename one of them")
                    continue
                seen[doc.name] = item.source
                h = content_hash(doc.text, doc.meta, pipeline_fingerprint())
                prev = old.get(doc.name)
                if prev and prev["hash"] == h and (st.dir / "rows" / f"{prev['part']}.parquet").exists():
                    records.append({**prev, "source": item.source, "path": doc.path,
                                    "size": item.stat[0] if item.stat else None,
                                    "mtime_ns": item.stat[1] if item.stat else None})
                    s.unchanged += 1
                    if progress is not None:
                        progress.update(len(doc.text.encode("utf-8")))
                    continue
                batch.append((doc, h, item.source, item.stat))
                size += len(doc.text)
                if len(batch) >= batch_docs or size >= batch_bytes:
                    runner.submit(folder, batch, done)
                    batch, size = [], 0
            if batch:
                runner.submit(folder, batch, done)
        finally:
            runner.finish(done)
        s.removed = len(set(old) - {r["name"] for r in records})
        st.commit(records, [str(p) for p in paths], {"failed": s.failed, **(extra or {})})
    s.documents = len(records)
    s.rows_total = sum(r["n_rows"] for r in records)
    s.seconds = time.perf_counter() - t0
    return s


def add_annotated(store: Store, path: Path, doc: Document, rows: list[dict], extra: dict | None = None) -> bool:
    """Put a document already annotated (an upload just saved as ``path``) into the store with its rows,
    so it is not annotated a second time. Only when the file reads back as the same text, publication
    date and language the rows were made with; returns whether it was stored."""
    back = next((x for x in iter_inputs([path]) if isinstance(x, Item)), None)
    if back is None or back.doc.name != doc.name or back.doc.text != doc.text:
        return False
    d = back.doc
    d.lang = d.lang or doc.lang
    pub = lambda m: (m.get("published") or {}).get("date") if isinstance(m.get("published"), dict) else m.get("published")  # noqa: E731
    if d.lang != doc.lang or pub(d.meta) != pub(doc.meta or {}):
        return False
    h = content_hash(d.text, d.meta, pipeline_fingerprint())
    with store.lock():
        info = store.info()
        records = [r for r in store.documents() if r["name"] != d.name]
        pid = write_part(store.dir, [(h, d.text, rows)])
        records.append(doc_record(d, h, pid, rows, back.source, back.stat))
        store.commit(records, info.get("inputs") or [str(path.parent)],
                     {"failed": info.get("failed") or [], **(extra or {})})
    return True
