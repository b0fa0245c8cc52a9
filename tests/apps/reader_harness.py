"""AppTest harness: the reader views rendered with the fixture corpus (tests/fixtures/reader_*.json).

The view to draw comes from session state ``harness_view`` or the URL parameter ``harness``
(panel, documents, search, upload); ``?selected=<id>`` selects a feature (browser test);
uploads save into the folder in ``harness_folder`` when set.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.ui import documents, reader_panel, search_box, upload  # noqa: E402

FIX = ROOT / "tests" / "fixtures"
docs = json.loads((FIX / "reader_docs.json").read_text(encoding="utf-8"))["documents"]
rows = json.loads((FIX / "reader_rows.json").read_text(encoding="utf-8"))
names_table = json.loads((FIX / "reader_names.json").read_text(encoding="utf-8"))
names = {k: v["display"]["en"] for k, v in names_table.items()}

view = st.session_state.get("harness_view") or st.query_params.get("harness", "panel")
if st.query_params.get("selected") and "selected" not in st.session_state:
    st.session_state["selected"] = st.query_params["selected"]
all_docs, all_rows = upload.session_corpus(docs, rows)
if view == "panel":
    reader_panel.render_filters(all_rows, all_docs, container=st.sidebar)
    reader_panel.render(all_rows, all_docs, names=names)
    counts = reader_panel.filtered_counts(all_rows, all_docs)
    st.sidebar.json(counts)
elif view == "documents":
    documents.render(all_docs, all_rows, names=names)
elif view == "search":
    search_box.render(names_table, all_docs, rows=all_rows, names=names)
elif view == "upload":
    upload.render(all_docs, folder=st.session_state.get("harness_folder"))
    st.markdown("docs loaded: " + ",".join(sorted(d["name"] if isinstance(d, dict) else d.name
                                                  for d in all_docs)))
st.markdown(f"selected: {st.session_state.get('selected')}")
