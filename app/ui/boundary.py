"""The page's error boundary: an unexpected error shows a plain message and is logged, never a traceback."""
from __future__ import annotations

import logging
import uuid
from typing import Callable

import streamlit as st

log = logging.getLogger("atlas")

MESSAGE = ("Something went wrong while drawing this page, so part of it is missing. The details were "
           "logged (reference {ref}). Reload the page, or go back to the map; if it happens again, "
           "tell whoever runs this atlas and give them the reference.")


def guarded(run: Callable[[], None]) -> None:
    """Call ``run()``; on any error (not Streamlit's own rerun/stop), log it with a short reference and show
    :data:`MESSAGE` instead of the traceback Streamlit would put on the page."""
    try:
        run()
    except Exception:           # noqa: BLE001 - the boundary: every error becomes a message
        ref = uuid.uuid4().hex[:8]
        log.exception("atlas page failed (reference %s)", ref)
        st.error(MESSAGE.format(ref=ref))
