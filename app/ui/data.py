"""Cached loading for the UI: the layers, and the corpus with its annotations, events and names.

* :func:`layers_or_stop` — the layers GeoDataFrame (a broken geodata file becomes a clear ``st.error``).
* :func:`corpus_or_empty` — the seeds corpus (``seeds/``, or ``$ATLAS_SEEDS``) read and annotated ONCE per
  process (``st.cache_resource``, keyed on the files' names, sizes and modification times, so a document
  saved into the folder is picked up), its rows joined with ``within`` (containing regions and countries,
  :func:`app.atlas.join.containment`), the events (:func:`app.classroom.events.build_events`) and the feature names.
  Files that do not load are named in an ``st.warning``; if the whole corpus fails, an ``st.error`` says
  why and the map still works with no documents.
* :func:`visit_corpus` — the seeds plus this visit's uploads (:func:`app.ui.upload.session_corpus`), the
  uploads' rows joined the same way, events rebuilt only when the uploads change.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from app.atlas.layers import GeodataError, default_path, load_layers

ROOT = Path(__file__).resolve().parents[2]


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


@dataclass
class Corpus:
    """The annotated corpus (seeds only, or seeds + this visit's uploads)."""

    docs: list = field(default_factory=list)          # app.corpus.Document
    rows: list = field(default_factory=list)          # annotation rows, ``within`` added
    errors: list = field(default_factory=list)        # one message per file that did not load
    meta: dict = field(default_factory=dict)          # doc name -> manifest entry
    events: list = field(default_factory=list)        # app.classroom.events.build_events
    names: dict = field(default_factory=dict)         # feature id -> display name
    inside: dict = field(default_factory=dict)        # feature id -> container ids
    seconds: float = 0.0                              # time spent reading + annotating + events
    failure: str | None = None                        # why nothing loaded (shown as st.error)


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


@st.cache_resource(show_spinner="Reading and annotating the documents (once)…", max_entries=2)
def _annotated(folder: str, stamp: tuple, geodata: str, _gdf) -> Corpus:
    from app.annotate import annotate_document
    from app.corpus import load_corpus
    from app.classroom.events import build_events
    from app.gazetteer import Gazetteer
    from app.atlas.join import containment

    t0 = time.perf_counter()
    names = {str(k): str(v) for k, v in zip(_gdf["id"], _gdf["name"])}
    if not Path(folder).is_dir():
        return Corpus(names=names, failure=f"the corpus folder {folder} does not exist")
    docs, errors = load_corpus([folder])
    gaz = Gazetteer.load()
    inside = containment(_gdf)
    rows: list[dict] = []
    for d in docs:
        rows.extend(annotate_document(d, gaz))
    rows = add_within(rows, inside)
    meta = {d.name: d.meta for d in docs}
    events = build_events(rows, _gdf, meta)
    return Corpus(docs=docs, rows=rows, errors=[str(e) for e in errors], meta=meta, events=events,
                  names=names, inside=inside, seconds=time.perf_counter() - t0)


def corpus_or_empty(gdf) -> Corpus:
    """The seeds corpus, annotated once per process; problems are shown, never raised."""
    folder = seeds_dir()
    try:
        corpus = _annotated(str(folder), _stamp(folder), str(gdf.attrs.get("path", "")), gdf)
    except Exception as exc:  # noqa: BLE001 - any failure becomes a message, the map still works
        names = {str(k): str(v) for k, v in zip(gdf["id"], gdf["name"])}
        corpus = Corpus(names=names, failure=f"{type(exc).__name__}: {exc}")
    if corpus.failure:
        st.error(f"Cannot read the documents, so the map shows no mentions. {corpus.failure}", icon="📄")
    if corpus.errors:
        st.warning("Some documents could not be read and are left out: " + "; ".join(corpus.errors),
                   icon="📄")
    return corpus


_EVENTS = "_atlas_visit_events"


def visit_corpus(base: Corpus, gdf) -> Corpus:
    """``base`` plus this visit's uploads (documents, rows joined with ``within``, events)."""
    from app.ui.upload import DOCS_KEY, session_corpus

    seeds = {d.name for d in base.docs}
    # an upload saved into the corpus folder is a seed from the next load on: count it once
    uploads = [d for d in st.session_state.get(DOCS_KEY) or [] if d.name not in seeds]
    if not uploads:
        return base
    docs, rows = session_corpus(base.docs, base.rows)
    docs = base.docs + uploads
    rows = add_within([r for r in rows[len(base.rows):] if r.get("doc") not in seeds], base.inside)
    rows = base.rows + rows
    meta = {**base.meta, **{d.name: d.meta for d in uploads}}
    key = tuple(d.name for d in uploads)
    cached = st.session_state.get(_EVENTS)
    if not cached or cached[0] != key:
        from app.classroom.events import build_events
        try:
            events = build_events(rows, gdf, meta)
        except Exception as exc:  # noqa: BLE001
            st.warning(f"The timeline leaves out this visit's uploads ({type(exc).__name__}: {exc}).")
            events = base.events
        cached = (key, events)
        st.session_state[_EVENTS] = cached
    return Corpus(docs=docs, rows=rows, errors=base.errors, meta=meta, events=cached[1], names=base.names,
                  inside=base.inside, seconds=base.seconds)


@st.cache_resource(show_spinner=False)
def search_index():
    """(gazetteer, names table) for :func:`app.reading.search.search`."""
    from app.gazetteer import Gazetteer
    from app.reading.search import NAMES_PATH, load_names

    return Gazetteer.load(), (load_names() if NAMES_PATH.exists() else {})
