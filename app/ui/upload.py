"""Add your own document: upload a .txt/.md file or paste a text, see it annotated, optionally save it.

Streamlit view. An accepted upload is kept in session state for the rest of the
visit (``st.session_state["uploaded_docs"]`` and ``["uploaded_rows"]``); call
:func:`session_corpus` to merge it with the seeds so it shows on the map and in
every panel. Saving writes the file and its manifest entry into the chosen
folder (never overwriting).

    render(docs, folder=None)
    session_corpus(docs, rows) -> (docs + uploads, rows + their rows)
"""
from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import streamlit as st

from app.reading.metadata import language_name
from app.reading.wording import counted
from app.safe_html import md_escape
from app.reading.budget import UPLOAD_SECONDS, accept_upload_budgeted, prepare
from app.reading.uploads import UPLOAD_MAX_MB, UploadError, pasted_name, save_to_corpus, upload_name

DOCS_KEY = "uploaded_docs"
ROWS_KEY = "uploaded_rows"
_FLASH = "_upload_flash"
#: The form's boxes, emptied after a document is added: the next file must not take this one's title and date.
FIELD_KEYS = ("upload_title", "upload_author", "upload_outlet", "upload_lang", "upload_published", "upload_paste")
_CLEAR = "_upload_clear"
_GENERATION = "_upload_generation"     # part of the file box's key: a new key is an empty box
_LANGS = ["", "en", "ar", "fa", "sv", "ru", "hy", "az", "tr", "de", "fr"]


def session_corpus(docs: Sequence[Any], rows: Sequence[dict]) -> tuple[list, list]:
    """The seeds plus this session's uploads (documents and annotation rows)."""
    return (list(docs) + list(st.session_state.get(DOCS_KEY, [])),
            list(rows) + list(st.session_state.get(ROWS_KEY, [])))


def _names(docs: Sequence[Any]) -> set[str]:
    return {getattr(d, "name", None) or d.get("name") for d in docs}


@st.cache_resource(show_spinner=False)
def prepare_workers() -> bool:
    """Once per server process: start the upload workers' fork server (see app/reading/budget.py)."""
    prepare()
    return True


def _keep_going() -> Callable[[], bool]:
    """For the upload's worker: False once this visitor's session has gone (tab closed), so the worker
    is killed; the progress line it updates also lets Streamlit stop the run when the visitor asks for
    something else (a rerun raises here, and the worker is killed too)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    line = st.empty()
    start = time.monotonic()
    shown = [-1]

    def keep_going() -> bool:
        seconds = int(time.monotonic() - start)
        if seconds != shown[0]:            # once a second
            shown[0] = seconds
            line.caption(f"Annotating… {seconds} s")
        if ctx is None or not Runtime.exists():
            return True
        return Runtime.instance().is_active_session(ctx.session_id)
    return keep_going


def render(docs: Sequence[Any] | Callable[[], Iterable[str]], folder: str | Path | None = None) -> None:
    """Upload form; ``docs`` are the documents already loaded, or a function that gives their names (a large
    store: asked only when a file is added), to refuse a name clash;
    ``folder`` is where "Save" writes (the seeds folder by default; no save button if None)."""
    st.subheader("Add your own document")
    prepare_workers()       # the upload workers' fork server warms up while the form is filled in
    if st.session_state.pop(_CLEAR, False):
        for k in FIELD_KEYS:       # set, not dropped: a dropped key left the browser showing the old text
            st.session_state[k] = ""
        st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash)
    message = st.empty()    # a refusal shows here, above the form, where the reader looks (below it was off-screen)
    st.caption(f"A UTF-8 .txt or .md file of at most {UPLOAD_MAX_MB} MB, or a pasted text. It stays for this "
               "visit; you may also save it into the corpus folder.")
    with st.form("upload_form", clear_on_submit=False):
        up = st.file_uploader("Text file", type=["txt", "md"], key=f"upload_file_{st.session_state.get(_GENERATION, 0)}",
                              max_upload_size=UPLOAD_MAX_MB)
        pasted = st.text_area("… or paste the text here", key="upload_paste", height=120,
                              max_chars=UPLOAD_MAX_MB * 1_000_000)
        c1, c2 = st.columns(2)
        title = c1.text_input("Title", key="upload_title")
        author = c2.text_input("Author", key="upload_author")
        outlet = c1.text_input("Outlet", key="upload_outlet")
        lang = c2.selectbox("Language", _LANGS, key="upload_lang",
                            format_func=lambda c: language_name(c) if c else "Detect it from the text")
        published = c1.text_input("Published (YYYY, YYYY-MM or YYYY-MM-DD)", key="upload_published")
        submitted = st.form_submit_button("Add to this visit")
    if submitted:
        pasted = pasted if pasted and pasted.strip() else ""
        if up is None and not pasted:
            message.error(f"Choose a file or paste a text first. A file larger than {UPLOAD_MAX_MB} MB is marked in "
                          "red in the box and is not sent: split it into smaller files. Nothing was added.")
        elif up is not None and pasted:
            message.error("Give either a file or a pasted text, not both: remove one of them and add again. "
                          "Nothing was added.")
        else:
            name, data = (up.name, up.getvalue()) if up is not None else (pasted_name(title, pasted),
                                                                         pasted.encode("utf-8"))
            meta = {"title": title, "author": author, "outlet": outlet, "language": lang or None,
                    "published": published or None}
            existing = (set(docs()) if callable(docs) else _names(docs)) | _names(st.session_state.get(DOCS_KEY, []))
            try:
                with st.spinner(f"Annotating {md_escape(name)} (at most {UPLOAD_SECONDS:.0f} seconds)…"):
                    doc, rows = accept_upload_budgeted(name, data, meta, existing=existing,
                                                       keep_going=_keep_going())
            except UploadError as exc:
                message.error(md_escape(exc))
            else:
                st.session_state.setdefault(DOCS_KEY, []).append(doc)
                st.session_state.setdefault(ROWS_KEY, []).extend(rows)
                n = len({r["id"] for r in rows if r.get("id")})
                renamed = upload_name(name)[1]
                called = f"“{md_escape(title.strip())}” ({md_escape(doc.name)})" if title.strip() else md_escape(doc.name)
                st.session_state[_FLASH] = ((md_escape(renamed) + " " if renamed else "") + f"Added {called}: "
                                            f"{counted(len(rows), 'mention')} of "
                                            f"{counted(n, 'place or actor', 'places and actors')}. It now shows on the "
                                            "map, in Documents and in the panels; the form is empty for the next one.")
                st.session_state[_CLEAR] = True
                st.rerun()  # so the map and panels, drawn earlier in the page, include it
    uploaded = st.session_state.get(DOCS_KEY, [])
    if uploaded:
        st.markdown("**Added this visit:** " + ", ".join(md_escape(d.name) for d in uploaded))
        if folder is not None:
            pick = st.selectbox("Save into the corpus folder", [d.name for d in uploaded], key="upload_save_pick")
            if st.button(f"Save {md_escape(pick)} into {md_escape(Path(folder).name)}/", key="upload_save"):
                doc = next(d for d in uploaded if d.name == pick)
                try:
                    path = save_to_corpus(doc, folder, doc.meta)
                except UploadError as exc:
                    st.error(md_escape(exc))
                else:
                    from app.ui.data import store_saved_upload  # its rows go into the store: not annotated again
                    store_saved_upload(doc, st.session_state.get(ROWS_KEY) or [], path)
                    st.success(f"Saved {md_escape(path.name)} and its manifest entry ({_dt.datetime.now():%H:%M}).")
