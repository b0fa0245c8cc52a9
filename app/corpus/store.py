"""The annotation store: Parquet files in one folder, read with DuckDB, keyed by each document's content hash.

Layout of a store folder (``store/`` at the repository root by default, ``$ATLAS_STORE`` or ``--store``)::

    store.json               version, the row fields, the inputs it mirrors, last update
    documents.parquet        one row per document: name, hash, part, metadata, language, publication period
    rows/<part>.parquet      annotation rows (``app.annotate.FIELDS`` + ``hash``) of a batch of documents
    counts/<part>.parquet    (hash, id, n): direct mentions per document and feature (the map's counts)
    texts/<part>.parquet     (hash, text): the documents' texts (the reader shows them)
    index.duckdb             the documents and counts tables again, as DuckDB tables (opened read-only)

A document's *hash* covers its text and its metadata, since both shape its rows (the publication date
completes partial dates), and the annotator's fingerprint (its code and curated names), so a new annotator
annotates every document again. A part is written once and never changed in place: re-ingesting rewrites only
parts that lost documents, then swaps ``documents.parquet`` atomically, so readers never see half a store.
The row schema comes from ``FIELDS`` (known fields typed, new ones typed from their values), so new row
fields flow through without a change here.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import functools
import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from app.corpus.periods import iso_period

__all__ = ["VERSION", "default_dir", "content_hash", "pipeline_fingerprint", "row_schema", "Store", "part_id", "write_part",
           "doc_record", "DOC_SCHEMA", "iso_period", "document_language", "event_rows_sql"]

VERSION = 1
ROOT = Path(__file__).resolve().parents[2]

_TYPES = {"start": pa.int64(), "end": pa.int64(), "sentence_start": pa.int64(), "sentence_end": pa.int64(),
          "ambiguous": pa.list_(pa.string()), "inferred": pa.bool_()}

DOC_SCHEMA = pa.schema([
    ("name", pa.string()), ("hash", pa.string()), ("part", pa.string()), ("title", pa.string()),
    ("author", pa.string()), ("outlet", pa.string()), ("url", pa.string()), ("source", pa.string()),
    ("language", pa.string()), ("doc_lang", pa.string()), ("pub_date", pa.string()),
    ("pub_lo", pa.date32()), ("pub_hi", pa.date32()), ("meta", pa.string()), ("n_rows", pa.int64()),
    ("bytes", pa.int64()), ("path", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
])


#: Document columns copied into the counts table (filters and pages need no join).
COUNT_DOC_COLUMNS = "d.name, d.part, d.doc_lang, d.pub_lo, d.pub_hi, d.title"

#: Most distinct dated sentences kept for the events (those carried by the most documents first).
EVENT_SENTENCES = 20_000


def event_rows_sql(limit: int = EVENT_SENTENCES) -> str:
    """SQL (one parameter: the rows files; needs a ``docs`` table) for the rows the events are made of:
    every row of each distinct sentence that holds a date, taken from one document (the first by name)
    that carries it, with ``n_docs`` the number of documents that carry it. A corpus repeats sentences
    (wire copy, follow-ups; the synthetic corpora of benchmarks/ all the time): this keeps the events'
    input as large as the distinct dated sentences, not as the corpus."""
    return f"""
        WITH r AS (SELECT * FROM read_parquet(?, union_by_name = true)),
        dated AS (SELECT hash, sentence_start, any_value(sentence) AS sentence FROM r
                  WHERE kind = 'date' AND date IS NOT NULL AND sentence_start IS NOT NULL
                  GROUP BY hash, sentence_start),
        ranked AS (SELECT dated.hash, dated.sentence_start, d.name,
                          count(*) OVER (PARTITION BY dated.sentence) AS n_docs,
                          row_number() OVER (PARTITION BY dated.sentence ORDER BY d.name, dated.sentence_start) AS k
                   FROM dated JOIN docs d ON d.hash = dated.hash),
        pick AS (SELECT hash, sentence_start, n_docs FROM ranked WHERE k = 1
                 ORDER BY n_docs DESC, name, sentence_start LIMIT {int(limit)})
        SELECT r.*, pick.n_docs FROM r JOIN pick ON r.hash = pick.hash AND r.sentence_start = pick.sentence_start
        ORDER BY r.doc, r.sentence_start, r.start"""


def default_dir() -> Path:
    """The store folder: ``$ATLAS_STORE``, else ``store/`` at the repository root."""
    return Path(os.environ.get("ATLAS_STORE") or ROOT / "store")


#: What the rows depend on besides the document: the annotator's code and the curated names.
PIPELINE_FILES = ("app/annotate.py", "app/text", "app/gazetteer", "app/dates", "app/corpus/documents.py",
                  "geodata/curated")


@functools.lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """Hex digest of the annotator's code and curated names: when it changes, every document is
    annotated again (its hash changes)."""
    h = hashlib.blake2b(digest_size=8)
    for rel in PIPELINE_FILES:
        p = ROOT / rel
        for f in sorted(p.rglob("*") if p.is_dir() else [p]):
            if f.is_file() and f.suffix in (".py", ".json"):
                h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def content_hash(text: str, meta: Mapping | None, pipeline: str = "") -> str:
    """Hex digest (32 characters) of a document's text and metadata (and the pipeline's fingerprint)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(pipeline.encode())
    h.update(text.encode("utf-8"))
    h.update(b"\0")
    h.update(json.dumps(meta or {}, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()


def _fields() -> tuple[str, ...]:
    from app.annotate import FIELDS  # the row contract (docs/DATA.md)

    return tuple(FIELDS)


def _type_of(value: Any) -> pa.DataType:
    if isinstance(value, bool):
        return pa.bool_()
    if isinstance(value, int):
        return pa.int64()
    if isinstance(value, float):
        return pa.float64()
    if isinstance(value, (list, tuple)):
        return pa.list_(pa.string())
    return pa.string()


def row_schema(rows: Sequence[Mapping] = (), fields: Sequence[str] | None = None) -> pa.Schema:
    """``hash`` + the row fields: known ones with fixed types, others typed from their first value."""
    cols = [("hash", pa.string())]
    for f in fields or _fields():
        t = _TYPES.get(f) or (pa.int64() if f.endswith(("start", "end")) else None)  # offsets, even all None
        if t is None:
            sample = next((r.get(f) for r in rows if r.get(f) is not None), None)
            t = _type_of(sample)
        cols.append((f, t))
    return pa.schema(cols)


def part_id(hashes: Iterable[str]) -> str:
    """A part's name from its documents' hashes (the same batch always gives the same name)."""
    h = hashlib.blake2b(digest_size=8)
    for x in hashes:
        h.update(x.encode())
    return h.hexdigest()


def _atomic_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_part(folder: str | os.PathLike, items: Sequence[tuple[str, str, list[dict]]],
               fields: Sequence[str] | None = None) -> str:
    """Write one part from ``(hash, text, rows)`` per document; returns the part's name."""
    folder = Path(folder)
    fields = tuple(fields or _fields())
    pid = part_id(h for h, _t, _r in items)
    all_rows = [dict({k: r.get(k) for k in fields}, hash=h) for h, _t, rows in items for r in rows]
    schema = row_schema(all_rows, fields)
    _atomic_parquet(pa.Table.from_pylist(all_rows, schema=schema), folder / "rows" / f"{pid}.parquet")
    counts = []
    for h, _t, rows in items:
        per: dict[str, int] = {}
        for r in rows:
            if r.get("id") and r.get("kind") != "date":
                per[r["id"]] = per.get(r["id"], 0) + 1
        counts.extend({"hash": h, "id": k, "n": v} for k, v in per.items())
    _atomic_parquet(pa.Table.from_pylist(counts, schema=pa.schema(
        [("hash", pa.string()), ("id", pa.string()), ("n", pa.int64())])), folder / "counts" / f"{pid}.parquet")
    _atomic_parquet(pa.Table.from_pylist([{"hash": h, "text": t} for h, t, _r in items], schema=pa.schema(
        [("hash", pa.string()), ("text", pa.string())])), folder / "texts" / f"{pid}.parquet")
    return pid




def document_language(meta: Mapping, rows: Sequence[Mapping]) -> str | None:
    """The document's language as the filters use it: the manifest's, the detected one, else the
    commonest sentence language of its rows."""
    if meta.get("language") or meta.get("_detected_lang"):
        return str(meta.get("language") or meta.get("_detected_lang"))
    c = Counter(r.get("lang") for r in rows if r.get("lang"))
    return c.most_common(1)[0][0] if c else None


def doc_record(doc: Any, h: str, part: str, rows: Sequence[Mapping], source: str | None = None,
               stat: tuple[int, int] | None = None) -> dict:
    """The ``documents.parquet`` row of one annotated document (``doc``: an ``app.corpus.Document``)."""
    meta = dict(doc.meta or {})
    if doc.lang and not meta.get("language"):
        meta["_detected_lang"] = doc.lang
    pub = meta.get("published")
    rng = iso_period(pub.get("date") if isinstance(pub, Mapping) else pub)
    return {"name": doc.name, "hash": h, "part": part, "title": _s(meta.get("title")),
            "author": _s(meta.get("author")), "outlet": _s(meta.get("outlet")), "url": _s(meta.get("url")),
            "source": source, "language": _s(meta.get("language")), "doc_lang": document_language(meta, rows),
            "pub_date": _s(pub.get("date") if isinstance(pub, Mapping) else pub),
            "pub_lo": rng[0] if rng else None, "pub_hi": rng[1] if rng else None,
            "meta": json.dumps(meta, ensure_ascii=False, default=str), "n_rows": len(rows),
            "bytes": len(doc.text.encode("utf-8")), "path": doc.path,
            "size": stat[0] if stat else None, "mtime_ns": stat[1] if stat else None}


def _s(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


class Store:
    """One store folder: its documents table, its parts, and the lock that serialises writers."""

    def __init__(self, folder: str | os.PathLike | None = None):
        self.dir = Path(folder) if folder is not None else default_dir()

    # ------------------------------------------------------------------ reading
    @property
    def docs_path(self) -> Path:
        return self.dir / "documents.parquet"

    def exists(self) -> bool:
        return self.docs_path.exists()

    def info(self) -> dict:
        """``store.json`` (empty dict for a new store)."""
        try:
            return json.loads((self.dir / "store.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def documents(self) -> list[dict]:
        """Every document record (``DOC_SCHEMA``), in name order."""
        if not self.exists():
            return []
        return pq.read_table(self.docs_path).to_pylist()

    def stamp(self) -> tuple:
        """Changes whenever a writer commits (for caches keyed on the store)."""
        try:
            st = self.index_path.stat()
            return (str(self.dir), st.st_mtime_ns, st.st_size)
        except OSError:
            return (str(self.dir), 0, 0)

    @property
    def index_path(self) -> Path:
        return self.dir / "index.duckdb"

    def _build_index(self, parts: list[str]) -> None:
        """``index.duckdb``: the documents, the per-document counts and the rows the events are made of
        (:func:`event_rows_sql`) as DuckDB tables, so that opening the store costs the same at any size
        (readers open it read-only; a new one replaces it atomically)."""
        import duckdb

        tmp = self.dir / ".index.duckdb.tmp"
        with contextlib.suppress(OSError):
            tmp.unlink()
        count_files = [str(self.dir / "counts" / f"{pid}.parquet") for pid in parts]
        con = duckdb.connect(str(tmp))
        try:
            con.execute("CREATE TABLE docs AS SELECT * FROM read_parquet(?)", [str(self.docs_path)])
            if parts:
                con.execute("CREATE TABLE event_rows AS " + event_rows_sql(),
                            [[str(self.dir / "rows" / f"{pid}.parquet") for pid in parts]])
            if count_files:
                con.execute(f"CREATE TABLE counts AS SELECT c.hash, c.id, c.n, {COUNT_DOC_COLUMNS} "
                            "FROM read_parquet(?) c JOIN docs d ON c.hash = d.hash ORDER BY c.id, d.pub_lo, d.name",
                            [count_files])
            else:
                con.execute(f"CREATE TABLE counts AS SELECT '' AS hash, '' AS id, 0::BIGINT AS n, {COUNT_DOC_COLUMNS} "
                            "FROM docs d LIMIT 0")
        finally:
            con.close()
        os.replace(tmp, self.index_path)

    def part_files(self, kind: str, parts: Iterable[str] | None = None) -> list[str]:
        """Paths of the ``rows``/``counts``/``texts`` files of the given parts (all current parts if None)."""
        if parts is None:
            parts = sorted({d["part"] for d in self.documents()})
        return [str(self.dir / kind / f"{p}.parquet") for p in parts]

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def lock(self, timeout: float = 600.0) -> Iterator[None]:
        """An exclusive lock on the store folder (one writer at a time; replicas may sync at once)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / ".lock", "w") as fh:
            t0 = time.monotonic()
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() - t0 > timeout:
                        raise TimeoutError(f"{self.dir} is locked by another writer") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def commit(self, records: list[dict], inputs: Sequence[str], extra: Mapping | None = None) -> None:
        """Make ``records`` the store's documents: rewrite parts that hold documents no longer
        listed, swap ``documents.parquet``, then delete unreferenced part files."""
        live: dict[str, set[str]] = {}
        for r in records:
            live.setdefault(r["part"], set()).add(r["hash"])
        before: dict[str, set[str]] = {}
        for r in self.documents():
            before.setdefault(r["part"], set()).add(r["hash"])
        # a part that lost documents is rewritten without them (parts only new in `records` are whole)
        shrunk = [pid for pid, hashes in live.items() if pid in before and not before[pid] <= hashes]
        for kind in ("rows", "counts", "texts"):
            for pid in shrunk:
                path = self.dir / kind / f"{pid}.parquet"
                t = pq.read_table(path)
                keep = pa.array([h in live[pid] for h in t.column("hash").to_pylist()])
                _atomic_parquet(t.filter(keep), path)
        table = pa.Table.from_pylist(sorted(records, key=lambda r: r["name"]), schema=DOC_SCHEMA)
        _atomic_parquet(table, self.docs_path)
        info = {"version": VERSION, "fields": list(_fields()), "pipeline": pipeline_fingerprint(),
                "inputs": [str(p) for p in inputs],
                "updated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "documents": len(records), "rows": int(sum(r["n_rows"] for r in records)), **(extra or {})}
        self._build_index(sorted(live))
        tmp = self.dir / ".store.json.tmp"
        tmp.write_text(json.dumps(info, indent=1), encoding="utf-8")
        os.replace(tmp, self.dir / "store.json")
        for kind in ("rows", "counts", "texts"):
            for f in (self.dir / kind).glob("*.parquet") if (self.dir / kind).is_dir() else ():
                if f.stem not in live:
                    with contextlib.suppress(OSError):
                        f.unlink()
