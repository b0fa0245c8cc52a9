"""Cached loading for the UI: the layers, and the corpus with its annotations, events and names.

* :func:`layers_or_stop` — the layers GeoDataFrame (a broken geodata file becomes a clear ``st.error``).
* :func:`corpus_or_empty` — the corpus from its annotation store (:mod:`app.corpus.store`, DuckDB over
  Parquet): ``$ATLAS_STORE``, else ``store/`` for ``seeds/`` (or ``$ATLAS_SEEDS``; another folder gets a
  store in the temp folder). Once per process and per change of the folder (names, sizes, modification
  times) the store is brought up to date, annotating only new or changed documents; a store built by
  ``python -m app.ingest`` from other inputs is used as it is. The map view asks the store (counts, pages
  of quotes); the views that need every row or text load them on first use. Files that do not load are
  named in an ``st.warning``; if the whole corpus fails, an ``st.error`` says why and the map still works.
* :func:`visit_corpus` — the corpus plus this visit's uploads (rows joined with ``within``), events
  rebuilt only when a view asks and the uploads changed.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import streamlit as st

from app.atlas.layers import GeodataError, default_path, load_layers

ROOT = Path(__file__).resolve().parents[2]

#: Past this many rows a store is never read whole into memory: every view asks it (DuckDB) instead
#: (``$ATLAS_MAX_ROWS_IN_MEMORY`` sets another limit, e.g. on a machine with more memory).
MAX_ROWS_IN_MEMORY = int(os.environ.get("ATLAS_MAX_ROWS_IN_MEMORY") or 400_000)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime: float):
    return load_layers(path)


def layers_or_stop():
    """The layers GeoDataFrame, or an ``st.error`` naming the file and the problem, then stop."""
    path = default_path()
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = -1.0
    try:
        if mtime < 0:
            return load_layers(path)  # raises GeodataError with the reason
        return _load(str(path), mtime)
    except GeodataError as exc:
        st.error(f"Cannot load the map layers. {exc}", icon="🗺️")
        st.caption("Rebuild the layers with `python geodata/build.py`, or point the environment "
                   "variable ATLAS_GEODATA at a valid file (see docs/DATA.md).")
        st.stop()


def seeds_dir() -> Path:
    """The corpus folder: ``$ATLAS_SEEDS`` or ``seeds/``."""
    return Path(os.environ.get("ATLAS_SEEDS") or ROOT / "seeds")


def lessons_dir() -> Path:
    """The lessons folder: ``$ATLAS_LESSONS`` or ``lessons/``."""
    return Path(os.environ.get("ATLAS_LESSONS") or ROOT / "lessons")


class Corpus:
    """The annotated corpus: the store (read through DuckDB) plus, for a visit, its uploads.

    ``docs``, ``rows``, ``meta`` and ``events`` are read from the store on first use only (the map view
    never needs them: it asks ``reader`` for counts and pages); ``n_docs``/``n_rows`` are cheap.
    """

    def __init__(self, names: dict | None = None, inside: dict | None = None, reader: Any = None,
                 errors: list | None = None, seconds: float = 0.0, failure: str | None = None,
                 gdf: Any = None, docs: list | None = None, rows: list | None = None):
        self.names, self.inside, self.reader = names or {}, inside or {}, reader
        self.errors, self.seconds, self.failure, self.gdf = errors or [], seconds, failure, gdf
        self._docs, self._rows, self._meta, self._events = docs, rows, None, None
        self._lock = threading.RLock()
        self.base: Corpus | None = None                   # a visit's corpus: the shared one it extends
        self.uploads: list = []                           # this visit's documents
        self.upload_rows: list = []                       # their rows, ``within`` added
        self.build_events: Any = None                     # how a visit's events are made, when asked

    def _lazy(self, attr: str, make):
        with self._lock:
            if getattr(self, attr) is None:
                setattr(self, attr, make())
            return getattr(self, attr)

    @property
    def docs(self) -> list:
        if self.base is not None:
            return self.base.docs + self.uploads
        return self._lazy("_docs", lambda: self.reader.documents() if self.reader else [])

    @property
    def rows(self) -> list:
        if self.base is not None:
            return self.base.rows + self.upload_rows
        return self._lazy("_rows", lambda: add_within(self.reader.all_rows(), self.inside) if self.reader else [])

    @property
    def meta(self) -> dict:
        if self.base is not None:
            return {**self.base.meta, **{d.name: d.meta for d in self.uploads}}
        return self._lazy("_meta", lambda: {d.name: d.meta for d in self.docs})

    @property
    def events(self) -> list:
        if self.build_events is not None:
            return self._lazy("_events", self.build_events)
        if self.base is not None:
            return self.base.events
        from app.classroom.events import build_events
        return self._lazy("_events", lambda: build_events(*self._event_args()))

    def _event_args(self) -> tuple:
        rows, meta = self.event_input()
        return rows, self.gdf, meta

    def event_input(self) -> tuple[list, dict]:
        """(rows, documents' metadata) the events are made of: every row of a small store; of a large one
        only its distinct dated sentences (read from the store's index, never every row)."""
        if too_large_for_memory(self):
            rows = self.reader.event_rows()
            return rows, self.reader.metas(sorted({r["doc"] for r in rows}))
        return self.rows, self.meta

    @events.setter
    def events(self, value: list) -> None:
        self._events = value

    @property
    def n_docs(self) -> int:
        if self.base is not None:
            return self.base.n_docs + len(self.uploads)
        return self.reader.n_docs if self.reader else len(self._docs or [])

    @property
    def n_rows(self) -> int:
        if self.base is not None:
            return self.base.n_rows + len(self.upload_rows)
        return self.reader.n_rows if self.reader else len(self._rows or [])


def too_large_for_memory(corpus: Corpus) -> bool:
    """True for a store past :data:`MAX_ROWS_IN_MEMORY`: its views ask the store, never read every row."""
    reader = corpus.reader
    return reader is not None and reader.n_rows > MAX_ROWS_IN_MEMORY


def _stamp(folder: Path) -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime) for p in folder.iterdir()
                            if p.is_file()))
    except OSError:
        return ()


def add_within(rows: list[dict], inside: dict) -> list[dict]:
    """Rows with ``within`` (rows that have it are kept as they are)."""
    return [r if "within" in r or not r.get("id") else {**r, "within": list(inside.get(r["id"], []))}
            for r in rows]


def store_dir(folder: Path) -> Path:
    """The store of a corpus folder: ``$ATLAS_STORE``; ``store/`` for ``seeds/``; else one in the temp folder."""
    if os.environ.get("ATLAS_STORE"):
        return Path(os.environ["ATLAS_STORE"])
    if folder.resolve() == (ROOT / "seeds").resolve():
        return ROOT / "store"
    key = hashlib.blake2b(str(folder.resolve()).encode(), digest_size=6).hexdigest()
    return Path(tempfile.gettempdir()) / f"atlas-store-{key}"


def _stamp_key(stamp: tuple) -> str:
    """The folder's files and the annotator's fingerprint (a new annotator brings the store up to date)."""
    from app.corpus.store import pipeline_fingerprint

    return hashlib.blake2b(repr((stamp, pipeline_fingerprint())).encode(), digest_size=12).hexdigest()


def store_saved_upload(doc: Any, rows: list[dict], path: Path) -> bool:
    """An upload just saved into the corpus folder goes into the folder's store with the rows it already
    has: the next start finds the store current and annotates nothing. False when the store mirrors other
    inputs or the saved file does not read back the same (the next start then annotates it, once)."""
    from app.corpus.ingest import add_annotated
    from app.corpus.store import Store

    folder = Path(path).parent
    store = Store(store_dir(folder))
    if store.info().get("inputs") != [str(folder)]:
        return False
    return add_annotated(store, Path(path), doc, [r for r in rows if r.get("doc") == doc.name],
                         {"stamp": _stamp_key(_stamp(folder))})


def sync_store(folder: Path, stamp: tuple, where: Path) -> tuple[Any, list[str]]:
    """The store at ``where`` brought up to date with ``folder`` (annotating only new or changed
    documents), unless it mirrors other inputs (a store built by ``python -m app.ingest``): then as is.
    Returns the store and the messages of documents that could not be read."""
    from app.corpus.ingest import ingest
    from app.corpus.store import Store

    store = Store(where)
    info = store.info()
    key = _stamp_key(stamp)
    mirrors = info.get("inputs") in (None, [str(folder)])
    if mirrors and (info.get("stamp") != key or not store.exists()):
        if not folder.is_dir():
            raise FileNotFoundError(f"the corpus folder {folder} does not exist")
        ingest([folder], store, extra={"stamp": key})
        info = store.info()
    return store, list(info.get("failed") or [])


@st.cache_resource(show_spinner="Bringing the document store up to date…", max_entries=2)
def _annotated(folder: str, stamp: tuple, geodata: str, where: str, store_stamp: tuple, _gdf) -> Corpus:
    from app.atlas.join import containment
    from app.corpus.query import StoreReader

    t0 = time.perf_counter()
    names = {str(k): str(v) for k, v in zip(_gdf["id"], _gdf["name"])}
    if not Path(folder).is_dir() and not os.environ.get("ATLAS_STORE"):
        return Corpus(names=names, failure=f"the corpus folder {folder} does not exist")
    try:
        store, errors = sync_store(Path(folder), stamp, Path(where))
    except FileNotFoundError as exc:
        return Corpus(names=names, failure=str(exc))
    reader = StoreReader(store)
    return Corpus(names=names, inside=containment(_gdf), reader=reader, errors=errors, gdf=_gdf,
                  seconds=time.perf_counter() - t0)


def corpus_or_empty(gdf) -> Corpus:
    """The corpus from its store (brought up to date once per process and per change of the folder);
    problems are shown, never raised."""
    folder = seeds_dir()
    try:
        from app.corpus.store import Store

        where = store_dir(folder)
        # keyed on the store too: a store re-filled by `python -m app.ingest` is read again at the next run
        corpus = _annotated(str(folder), _stamp(folder), str(gdf.attrs.get("path", "")), str(where),
                            Store(where).stamp(), gdf)
    except Exception as exc:  # noqa: BLE001 - any failure becomes a message, the map still works
        names = {str(k): str(v) for k, v in zip(gdf["id"], gdf["name"])}
        corpus = Corpus(names=names, failure=f"{type(exc).__name__}: {exc}")
    if corpus.failure:
        st.error(f"Cannot read the documents, so the map shows no mentions. {corpus.failure}", icon="📄")
    if corpus.errors:
        st.warning("Some documents could not be read and are left out: " + "; ".join(corpus.errors[:20])
                   + (f" (and {len(corpus.errors) - 20} more)" if len(corpus.errors) > 20 else ""), icon="📄")
    return corpus


_EVENTS = "_atlas_visit_events"


def visit_corpus(base: Corpus, gdf) -> Corpus:
    """``base`` plus this visit's uploads (documents, rows joined with ``within``, events)."""
    from app.ui.upload import DOCS_KEY, ROWS_KEY

    uploads = list(st.session_state.get(DOCS_KEY) or [])
    if not uploads:
        return base
    # an upload saved into the corpus folder is in the store from the next load on: count it once
    stored = set(base.reader.metas([d.name for d in uploads])) if base.reader else {d.name for d in base.docs}
    uploads = [d for d in uploads if d.name not in stored]
    if not uploads:
        return base
    names = {d.name for d in uploads}
    visit = Corpus(names=base.names, inside=base.inside, reader=base.reader, errors=base.errors,
                   seconds=base.seconds, gdf=gdf)
    visit.base, visit.uploads = base, uploads
    visit.upload_rows = add_within([r for r in st.session_state.get(ROWS_KEY) or [] if r.get("doc") in names],
                                   base.inside)
    key = tuple(sorted(names))
    cached = st.session_state.get(_EVENTS)
    if cached and cached[0] == key:
        visit.events = cached[1]
    else:
        # events need every row: built only when a view that shows them asks (``visit.events``)
        def build() -> list:
            from app.classroom.events import build_events
            try:
                rows, meta = base.event_input()
                events = build_events(rows + visit.upload_rows, gdf,
                                      {**meta, **{d.name: d.meta for d in visit.uploads}})
            except Exception as exc:  # noqa: BLE001
                st.warning(f"The timeline leaves out this visit's uploads ({type(exc).__name__}: {exc}).")
                events = base.events
            st.session_state[_EVENTS] = (key, events)
            return events
        visit.build_events = build
    return visit


@st.cache_resource(show_spinner=False)
def search_index():
    """(gazetteer, names table) for :func:`app.reading.search.search`."""
    from app.gazetteer import Gazetteer
    from app.reading.search import NAMES_PATH, load_names

    return Gazetteer.load(), (load_names() if NAMES_PATH.exists() else {})
