"""Questions the app asks the store, answered by DuckDB over its Parquet files (no rows held in memory).

:class:`StoreReader` loads the small tables (documents, per-document counts) into an in-memory DuckDB
once, and reads annotation rows and texts from the Parquet parts only for the documents a page shows.
Filters are the reader's ``{"docs", "langs", "date_from", "date_to", "text"}`` (see
:func:`app.reading.panel.filters_apply`); languages are each document's language, dates its publication
period, ``text`` a piece of a title or file name.
"""
from __future__ import annotations

import datetime as _dt
import json
import threading
from typing import Iterable, Mapping, Sequence

import duckdb

from app.corpus.periods import date_bound
from app.corpus.store import COUNT_DOC_COLUMNS, Store, event_rows_sql
from app.text.spellings import folded_pattern, is_arabic_script, written_forms

__all__ = ["StoreReader"]


class StoreReader:
    """Read-only view of one store; safe to share between threads (one DuckDB cursor per call)."""

    def __init__(self, store: Store):
        self.store = store
        self.stamp = store.stamp()
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:", config={"threads": 2})
        if store.index_path.exists():
            # the store's own DuckDB tables, attached read-only: opening costs the same at any size. (Attached,
            # not connected to: DuckDB keeps one instance per path, which would hide an index replaced since.)
            path = str(store.index_path).replace("'", "''")
            self._con.execute(f"ATTACH '{path}' AS idx (READ_ONLY)")
            self._con.execute("CREATE VIEW docs AS SELECT * FROM idx.docs")
            self._con.execute("CREATE VIEW counts AS SELECT * FROM idx.counts")
        else:  # a store without its index (or none yet): the same tables, in memory
            self._load(store)
        self.n_docs = self._one("SELECT count(*) FROM docs")[0]
        self.n_rows = self._one("SELECT coalesce(sum(n_rows), 0)::BIGINT FROM docs")[0]

    def _load(self, store: Store) -> None:
        if store.exists():
            self._con.execute("CREATE TABLE docs AS SELECT * FROM read_parquet(?)", [str(store.docs_path)])
            parts = store.part_files("counts")
            if parts:
                self._con.execute(f"CREATE TABLE counts AS SELECT c.hash, c.id, c.n, {COUNT_DOC_COLUMNS} "
                                  "FROM read_parquet(?) c JOIN docs d ON c.hash = d.hash", [parts])
                return
        else:
            self._con.execute("CREATE TABLE docs (name VARCHAR, hash VARCHAR, part VARCHAR, title VARCHAR, "
                              "doc_lang VARCHAR, pub_lo DATE, pub_hi DATE, meta VARCHAR, n_rows BIGINT, "
                              "path VARCHAR)")
        self._con.execute(f"CREATE TABLE counts AS SELECT '' AS hash, '' AS id, 0::BIGINT AS n, {COUNT_DOC_COLUMNS} "
                          "FROM docs d LIMIT 0")

    # ------------------------------------------------------------------ plumbing
    def _cur(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._con.cursor()

    def _all(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._cur().execute(sql, list(params)).fetchall()

    def _one(self, sql: str, params: Sequence = ()) -> tuple:
        return self._cur().execute(sql, list(params)).fetchone()

    @staticmethod
    def _where(filters: Mapping | None) -> tuple[str, list]:
        f = dict(filters or {})
        sql, params = ["TRUE"], []
        if f.get("docs") is not None:
            sql.append("d.name IN (SELECT unnest(?))")
            params.append(list(f["docs"]))
        if f.get("langs") is not None:
            sql.append("coalesce(d.doc_lang, '?') IN (SELECT unnest(?))")
            params.append([str(x) for x in f["langs"]])
        lo, hi = date_bound(f.get("date_from"), end=False), date_bound(f.get("date_to"), end=True)
        if lo or hi:
            sql.append("d.pub_lo IS NOT NULL")
        if lo:
            sql.append("d.pub_hi >= ?")
            params.append(lo)
        if hi:
            sql.append("d.pub_lo <= ?")
            params.append(hi)
        if f.get("text"):
            sql.append("(d.name ILIKE ? OR coalesce(d.title, '') ILIKE ?)")
            params += [f"%{f['text']}%"] * 2
        return " AND ".join(sql), params

    # ------------------------------------------------------------------ documents
    def languages(self) -> list[str]:
        """Every document language (``?`` when unknown), sorted."""
        return [r[0] for r in self._all("SELECT DISTINCT coalesce(doc_lang, '?') l FROM docs ORDER BY l")]

    def names(self, limit: int | None = None) -> list[str]:
        """Document names in name order."""
        sql = "SELECT name FROM docs ORDER BY name" + (f" LIMIT {int(limit)}" if limit else "")
        return [r[0] for r in self._all(sql)]

    def publication_span(self) -> tuple[_dt.date | None, _dt.date | None]:
        return self._one("SELECT min(pub_lo), max(pub_hi) FROM docs")

    def metas(self, names: Iterable[str] | None = None) -> dict[str, dict]:
        """``{name: metadata}`` (the manifest entry, with ``_detected_lang``) of the given or all documents."""
        if names is None:
            rows = self._all("SELECT name, meta FROM docs")
        else:
            rows = self._all("SELECT name, meta FROM docs WHERE name IN (SELECT unnest(?))", [list(names)])
        return {n: json.loads(m) for n, m in rows}

    def document_count(self, filters: Mapping | None = None) -> int:
        where, params = self._where(filters)
        return self._one(f"SELECT count(*) FROM docs d WHERE {where}", params)[0]

    # ------------------------------------------------------------------ the map and the panel
    def map_counts(self, filters: Mapping | None, inside: Mapping[str, Sequence[str]]) -> dict[str, int]:
        """Mentions per feature under the filters, rolled up to containing regions and countries."""
        where, params = self._where(filters)
        direct = self._all(f"SELECT d.id, sum(d.n)::BIGINT FROM counts d WHERE {where} GROUP BY d.id", params)
        out: dict[str, int] = {}
        for fid, n in direct:
            out[fid] = out.get(fid, 0) + n
            for w in set(inside.get(fid, ())):
                if w != fid:
                    out[w] = out.get(w, 0) + n
        return out

    def _feature_docs_sql(self, ids: Sequence[str], filters: Mapping | None) -> tuple[str, list]:
        where, params = self._where(filters)
        return ("SELECT d.name, d.hash, d.part, sum(d.n)::BIGINT AS n, coalesce(d.doc_lang, '?') AS lang, "
                f"d.pub_lo FROM counts d WHERE d.id IN (SELECT unnest(?)) AND {where} "
                "GROUP BY d.name, d.hash, d.part, d.doc_lang, d.pub_lo", [list(ids)] + params)

    def feature_documents(self, ids: Sequence[str], filters: Mapping | None = None, offset: int = 0,
                          limit: int | None = None) -> list[tuple]:
        """``(name, hash, part, mentions, language)`` of the documents mentioning one of ``ids``, oldest
        first (undated last, then by name); ``offset``/``limit`` give one page."""
        sql, params = self._feature_docs_sql(ids, filters)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        return [r[:5] for r in self._all(f"SELECT * FROM ({sql}) ORDER BY pub_lo NULLS LAST, name{page}", params)]

    def feature_languages(self, ids: Sequence[str], filters: Mapping | None = None) -> list[tuple]:
        """``(language, documents, mentions)`` for the documents mentioning one of ``ids``, most documents first."""
        sql, params = self._feature_docs_sql(ids, filters)
        return self._all(f"SELECT lang, count(*), sum(n)::BIGINT FROM ({sql}) GROUP BY lang "
                         "ORDER BY count(*) DESC, lang", params)

    def rows(self, docs: Sequence[tuple[str, str]], ids: Sequence[str] | None = None) -> list[dict]:
        """Annotation rows of the documents ``(hash, part)`` (only mentions of ``ids`` when given), in
        documents by name, each in the annotator's order."""
        if not docs:
            return []
        files = self.store.part_files("rows", sorted({p for _h, p in docs}))
        sql = "SELECT * EXCLUDE (hash) FROM read_parquet(?, union_by_name = true) WHERE hash IN (SELECT unnest(?))"
        params: list = [files, [h for h, _p in docs]]
        if ids is not None:
            sql += " AND id IN (SELECT unnest(?))"
            params.append(list(ids))
        cur = self._cur()
        cur.execute(sql, params)  # insertion order: each document's rows stay in the annotator's order
        cols = [c[0] for c in cur.description]
        out = [dict(zip(cols, r)) for r in cur.fetchall()]
        out.sort(key=lambda r: r.get("doc") or "")  # stable: documents by name, rows in text order
        return out

    def event_rows(self) -> list[dict]:
        """The rows the events are made of: every row of each distinct dated sentence, from one document
        that carries it, with ``n_docs`` (see :func:`app.corpus.store.event_rows_sql`). Read from the index
        (written at ingest); a store indexed before it existed has them computed from its Parquet parts."""
        has = self._one("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'idx' "
                        "AND table_name = 'event_rows'")[0]
        cur = self._cur()
        if has:
            cur.execute("SELECT * EXCLUDE (hash) FROM idx.event_rows")
        else:
            files = self.store.part_files("rows", [p for (p,) in self._all("SELECT DISTINCT part FROM docs")])
            if not files:
                return []
            cur.execute(f"SELECT * EXCLUDE (hash) FROM ({event_rows_sql()})", [files])
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def all_rows(self) -> list[dict]:
        """Every row of the store (for the views that still work on all rows: small corpora only)."""
        return self.rows(self._all("SELECT hash, part FROM docs"))

    def texts(self, docs: Sequence[tuple[str, str]]) -> dict[str, str]:
        """``{hash: text}`` of the documents ``(hash, part)``."""
        if not docs:
            return {}
        files = self.store.part_files("texts", sorted({p for _h, p in docs}))
        return dict(self._all("SELECT hash, text FROM read_parquet(?) WHERE hash IN (SELECT unnest(?))",
                              [files, [h for h, _p in docs]]))

    # ------------------------------------------------------------------ one document, search
    def find_documents(self, text: str | None = None, limit: int = 50) -> tuple[int, list[tuple[str, str]]]:
        """(how many documents match, ``(name, title)`` of the first ``limit`` by name) for a piece of a
        title or file name (every document when ``text`` is empty)."""
        where, params = self._where({"text": text} if text else {})
        n = self._one(f"SELECT count(*) FROM docs d WHERE {where}", params)[0]
        page = self._all(f"SELECT d.name, d.title FROM docs d WHERE {where} ORDER BY d.name LIMIT {int(limit)}",
                         params)
        return n, [(name, title) for name, title in page]

    def document(self, name: str) -> tuple[object | None, list[dict]]:
        """One document (an ``app.corpus.Document`` with its text) and its rows; ``(None, [])`` if unknown."""
        from app.corpus.documents import Document

        rec = self._one("SELECT hash, part, meta, path FROM docs WHERE name = ?", [name])
        if rec is None:
            return None, []
        h, part, meta, path = rec
        m = json.loads(meta)
        lang = m.get("language") or m.pop("_detected_lang", None)
        text = self.texts([(h, part)]).get(h, "")
        return Document(name=name, path=path, text=text, meta=m, lang=lang), self.rows([(h, part)])

    def search_sentences(self, word: str | None, ids: Sequence[str], limit: int = 30) -> tuple[int | None, list[dict]]:
        """Sentences that contain ``word`` (in any case and with or without accents; an Arabic-script word
        in its Persian or Arabic letter forms, :func:`app.text.spellings.written_forms`) or mention one of
        ``ids``: every row of up to ``limit`` of them (documents by name, in text order), and how many there
        are when that is known without reading the whole store (None when more than ``limit`` contain the
        word). Mentions come from the counts index (only the first documents' rows are read); the word is
        looked for in the documents' texts, then in the rows' sentences of those that hold it, up to
        ``limit`` sentences. The caller keeps what its own matching accepts."""
        picked: dict[tuple[str, int], str] = {}
        complete = True
        if ids:
            docs = self._all("SELECT DISTINCT name, hash FROM counts d WHERE d.id IN (SELECT unnest(?)) "
                             f"ORDER BY name LIMIT {int(limit)}", [list(ids)])
            complete = len(docs) < limit
            for name, h in docs:
                picked[(name, -1)] = h
        if word:
            parts = [p for (p,) in self._all("SELECT DISTINCT part FROM docs")]
            files = self.store.part_files("rows", parts)
            condition, args, costly = _word_condition(word)
            on_rows = condition.format(column="sentence")
            head = "SELECT DISTINCT doc, hash, sentence_start FROM read_parquet(?, union_by_name = true) WHERE "
            found = []
            if files and costly:
                # a regular expression costs several times an ILIKE per byte, and the rows repeat each
                # sentence once per mention: it reads the documents' texts, each once, then only the rows of
                # the documents whose text holds the word; the first few such documents first (a common
                # word), all of them when those hold too few annotated sentences with it
                on_text = condition.format(column="text")
                texts = self.store.part_files("texts", parts)
                for cap in (f" LIMIT {int(limit) + 1}", ""):
                    hashes = [h for (h,) in self._all(f"SELECT hash FROM read_parquet(?) WHERE {on_text}{cap}",
                                                      [texts, *args])]
                    found = self._all(head + f"hash IN (SELECT unnest(?)) AND {on_rows} LIMIT {int(limit) + 1}",
                                      [files, hashes, *args]) if hashes else []
                    if len(found) > limit or len(hashes) <= limit:
                        break
            elif files:
                # contains and ILIKE are cheap enough over the rows themselves, and stop at the limit
                found = self._all(head + f"{on_rows} LIMIT {int(limit) + 1}", [files, *args])
            complete = complete and len(found) <= limit
            for name, h, start in found[:limit]:
                picked[(name, start)] = h
        if not picked:
            return 0, []
        parts = dict(self._all("SELECT hash, part FROM docs WHERE hash IN (SELECT unnest(?))",
                               [sorted(set(picked.values()))]))
        keep_ids = set(ids)
        rows = [r for r in self.rows(list(parts.items()))
                if (r.get("doc"), r.get("sentence_start")) in picked or (r.get("doc"), -1) in picked]
        by_sentence: dict[tuple, list[dict]] = {}
        for r in rows:
            by_sentence.setdefault((r.get("doc"), r.get("sentence_start")), []).append(r)
        chosen = [k for k, rs in by_sentence.items()
                  if k in picked or any(r.get("id") in keep_ids for r in rs)]
        chosen = sorted(chosen, key=lambda k: (k[0] or "", k[1] or 0))
        total = len(chosen) if complete else None
        return total, [r for k in chosen[:limit] for r in by_sentence[k]]

    def documents(self) -> list:
        """Every document as an ``app.corpus.Document`` with its text (small corpora only)."""
        from app.corpus.documents import Document

        recs = self._all("SELECT name, hash, part, meta, path FROM docs ORDER BY name")
        texts = self.texts([(h, p) for _n, h, p, _m, _path in recs])
        out = []
        for name, h, _p, meta, path in recs:
            m = json.loads(meta)
            lang = m.get("language") or m.pop("_detected_lang", None)
            out.append(Document(name=name, path=path, text=texts.get(h, ""), meta=m, lang=lang))
        return out


def _word_condition(word: str) -> tuple[str, list[str], bool]:
    """SQL for a word search over the column named by ``{column}`` in it (a rows file's ``sentence``, a
    texts file's ``text``), its arguments, and whether it is costly: for an Arabic-script word (no case) ``contains`` of each of its
    written forms (about as fast as one ``ILIKE``); for any other, a regular expression that finds it in any
    case and with or without accents (:func:`folded_pattern`: ``Qarabag`` finds ``Qarabağ``, as the small
    store's search does; costly), else ``ILIKE`` as written."""
    if is_arabic_script(word):
        forms = written_forms(word)
        return "(" + " OR ".join(["contains({column}, ?)"] * len(forms)) + ")", forms, False
    pattern = folded_pattern(word)
    if pattern:
        return "regexp_matches({column}, ?)", [pattern], True
    like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "{column} ILIKE ? ESCAPE '\\'", [like], False
