"""Ingest on two local Dask workers gives the same rows, parts and documents as a serial ingest."""
from __future__ import annotations

from app.corpus.ingest import ingest
from app.corpus.query import StoreReader
from app.corpus.store import Store
from tests.conftest import ROOT


def test_two_dask_workers_give_the_rows_of_a_serial_run(tmp_path):
    serial = Store(tmp_path / "serial")
    dask = Store(tmp_path / "dask")
    a = ingest([ROOT / "seeds"], serial, batch_docs=1)
    b = ingest([ROOT / "seeds"], dask, workers=2, batch_docs=1)
    assert (a.added, b.added, a.failed, b.failed) == (5, 5, [], [])
    rows_a, rows_b = StoreReader(serial).all_rows(), StoreReader(dask).all_rows()
    assert len(rows_a) > 500 and rows_a == rows_b
    keep = ("name", "hash", "part", "doc_lang", "pub_lo", "n_rows", "meta")
    assert ([{k: d[k] for k in keep} for d in serial.documents()]
            == [{k: d[k] for k in keep} for d in dask.documents()])
    assert len({d["part"] for d in dask.documents()}) == 5      # one part per batch, written by the workers
    assert sorted(p.name for p in (tmp_path / "dask" / "rows").iterdir()) == \
        sorted(p.name for p in (tmp_path / "serial" / "rows").iterdir())
