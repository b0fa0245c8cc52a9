"""The annotation pipeline: documents -> one row per place, actor and date mention.

For each document the text is normalised once (:func:`app.text.normalise`),
split into sentences and given a language per sentence
(:func:`app.text.detect_languages`, one call per document, for the sentences
that hold a mention), then the
gazetteer (:class:`app.gazetteer.Gazetteer`) and the date finder
(:func:`app.dates.find_dates`) run over the whole normalised document. Every
mention becomes a row with exactly the fields of ``docs/DATA.md``
("Annotation rows"); ``row["text"] == document.text[row["start"]:row["end"]]``.

Functions
---------
annotate_document(doc, gazetteer=None) -> [row]
annotate_text(name, text, meta=None)   -> [row]            (uploads, tests)
annotate_paths(paths)                  -> ([row], [error message])
iter_annotations(paths, gazetteer=None) -> (Document | CorpusError, [row]) one document at a time

Command line
------------
``python -m app.annotate PATH... [--format jsonl|csv|parquet] [--out FILE]``
writes the rows (JSON Lines to stdout by default). A progress bar (tqdm) goes
to stderr when stderr is a terminal and the input is larger than 1 MB.
An unreadable input is reported on stderr (``error: <file>: <problem>``) after
all other inputs are processed, and the exit code is then 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Iterable, Iterator

import numpy as np

from app.corpus import CorpusError, Document, corpus_files, iter_corpus, unknown_meta
from app.gazetteer import Gazetteer
from app.text import detect_language, detect_languages, normalise, sentence_spans

__all__ = ["FIELDS", "annotate_document", "annotate_text", "annotate_paths",
           "iter_annotations", "write_rows", "main"]

#: The fields of an annotation row, in order (docs/DATA.md).
FIELDS = ("doc", "kind", "id", "start", "end", "text", "lang", "sentence",
          "sentence_start", "sentence_end", "ambiguous", "date", "precision",
          "inferred", "calendar")

_KIND_ORDER = {"place": 0, "actor": 1, "date": 2}


def _find_dates(text, lang, doc_date, norm, sentences=None):
    """Dates from :mod:`app.dates` (imported lazily: the module is optional for matching)."""
    try:
        from app.dates import find_dates
    except ImportError:  # app.dates not present: no date rows
        return []
    return find_dates(text, lang=lang, doc_date=doc_date, norm=norm, sentences=sentences)


def _published_date(meta: dict | None) -> str | None:
    pub = (meta or {}).get("published")
    if isinstance(pub, dict):
        return pub.get("date")
    return None


def annotate_document(doc: Document, gazetteer: Gazetteer | None = None) -> list[dict]:
    """All place, actor and date rows of one document, in text order.

    ``gazetteer`` defaults to :meth:`Gazetteer.load` (the repository's names).
    Rows follow ``docs/DATA.md``; places and actors have ``date``/``precision``/
    ``calendar`` None and ``inferred`` False; dates have ``id`` None.

    Each step runs once per document: normalisation, sentence spans (shared
    with the date finder), the gazetteer, the dates, and the language of only
    the sentences that hold a row (one :func:`detect_languages` call). A row's
    sentence is the span containing its start (widened when a mention runs
    over the sentence end; the line when no span contains it).
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    text = doc.text
    if not text:
        return []
    norm = normalise(text)
    spans = sentence_spans(text)
    doc_lang = doc.lang or detect_language(text)
    doc_date = _published_date(doc.meta)
    mentions = gaz.find_spans(text, lang=doc_lang, norm=norm, doc_date=doc_date)
    dates = _find_dates(text, doc_lang, doc_date, norm, spans)
    if not mentions and not dates:
        return []

    # (start, end, kind, id, ambiguous, date mention or None) per row, then the
    # rows in (start, kind, end) order (a stable sort: numpy lexsort)
    items = [(s, e, kind, fid, amb, None) for s, e, fid, kind, amb in mentions]
    items.extend((d.start, d.end, "date", None, None, d) for d in dates)
    starts_arr = np.fromiter((it[0] for it in items), dtype=np.int64, count=len(items))
    ends_arr = np.fromiter((it[1] for it in items), dtype=np.int64, count=len(items))
    kinds_arr = np.fromiter((_KIND_ORDER.get(it[2], 9) for it in items), dtype=np.int64,
                            count=len(items))
    order = np.lexsort((ends_arr, kinds_arr, starts_arr)).tolist()

    # the sentence of each row: the last span starting at or before it
    span_starts = np.fromiter((a for a, _b in spans), dtype=np.int64, count=len(spans))
    where_arr = np.searchsorted(span_starts, starts_arr, side="right") - 1
    where = where_arr.tolist()
    wanted = np.unique(where_arr[where_arr >= 0]).tolist()
    langs: list = [None] * len(spans)
    if wanted:
        _detected, some = detect_languages(text, [spans[i] for i in wanted])
        for i, lang in zip(wanted, some):
            langs[i] = lang

    name = doc.name
    sentence_text: dict[int, str] = {}   # one string per sentence of this document
    n_spans = len(spans)
    rows: list[dict] = []
    append = rows.append
    for k in order:
        start, end, kind, fid, amb, d = items[k]
        i = where[k]
        sent = None
        if i >= 0:
            s, e = spans[i]
            lang = langs[i] or doc_lang
            if end <= e:
                sent = sentence_text.get(i)
                if sent is None:
                    sent = sentence_text[i] = text[s:e]
            elif start < e:  # a mention running over a sentence end: widen to cover it
                j = i
                while j + 1 < n_spans and spans[j][1] < end:
                    j += 1
                e = max(e, spans[j][1], end)
            else:
                i = -1
        if i < 0:  # outside every sentence (should not happen): use the line
            s = text.rfind("\n", 0, start) + 1
            e = text.find("\n", end)
            e = len(text) if e < 0 else e
            lang = doc_lang
        if sent is None:
            sent = text[s:e]
        if d is None:
            append({"doc": name, "kind": kind, "id": fid, "start": start, "end": end,
                    "text": text[start:end], "lang": lang, "sentence": sent,
                    "sentence_start": s, "sentence_end": e,
                    "ambiguous": list(amb) if amb else None, "date": None,
                    "precision": None, "inferred": False, "calendar": None})
        else:
            append({"doc": name, "kind": "date", "id": None, "start": start, "end": end,
                    "text": text[start:end], "lang": lang, "sentence": sent,
                    "sentence_start": s, "sentence_end": e, "ambiguous": None,
                    "date": d.date, "precision": d.precision, "inferred": bool(d.inferred),
                    "calendar": d.calendar})
    return rows


def annotate_text(name: str, text: str, meta: dict | None = None) -> list[dict]:
    """Annotate a text held in memory (an upload, a test sentence).

    ``meta`` is a manifest entry if known; the language is its ``language`` or
    is detected.
    """
    full = unknown_meta(name)
    if meta:
        full.update(meta)
    lang = full.get("language") or detect_language(text)
    doc = Document(name=name, path=None, text=text, meta=full, lang=lang)
    return annotate_document(doc)


def iter_annotations(paths, gazetteer: Gazetteer | None = None
                     ) -> Iterator[tuple[Document | CorpusError, list[dict]]]:
    """Yield ``(document, rows)`` per readable input and ``(error, [])`` per bad one."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    for item in iter_corpus(paths):
        if isinstance(item, CorpusError):
            yield item, []
        else:
            yield item, annotate_document(item, gaz)


def annotate_paths(paths) -> tuple[list[dict], list[str]]:
    """Annotate files and folders; returns all rows and one message per bad input.

    A bad input (missing, binary, wrong encoding, ...) never stops the others.
    """
    rows: list[dict] = []
    errors: list[str] = []
    for item, doc_rows in iter_annotations(paths):
        if isinstance(item, CorpusError):
            errors.append(str(item))
        else:
            rows.extend(doc_rows)
    return rows, errors


# --------------------------------------------------------------------------- output


def _csv_value(v):
    if isinstance(v, list):
        return "|".join(v)
    if v is None:
        return ""
    return v


def write_rows(rows: Iterable[dict], fmt: str, out, header: bool = True) -> int:
    """Write rows as ``jsonl`` or ``csv`` to a text stream; returns the count.

    For CSV, ``header`` writes the header line first; lists (``ambiguous``) are
    joined with ``|`` and None is an empty cell. (Parquet needs all rows at
    once: the CLI writes it with pyarrow.)
    """
    n = 0
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
        if header:
            w.writeheader()
        for r in rows:
            w.writerow({k: _csv_value(r.get(k)) for k in FIELDS})
            n += 1
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return n


def _write_parquet(rows: list[dict], path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("doc", pa.string()), ("kind", pa.string()), ("id", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("lang", pa.string()), ("sentence", pa.string()), ("sentence_start", pa.int64()),
        ("sentence_end", pa.int64()), ("ambiguous", pa.list_(pa.string())),
        ("date", pa.string()), ("precision", pa.string()), ("inferred", pa.bool_()),
        ("calendar", pa.string()),
    ])
    table = pa.Table.from_pylist([{k: r.get(k) for k in FIELDS} for r in rows], schema=schema)
    pq.write_table(table, path)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring). Returns the exit code."""
    ap = argparse.ArgumentParser(
        prog="python -m app.annotate",
        description="Annotate documents: one row per place, actor and date mention.")
    ap.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt, .md)")
    ap.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    ap.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    ap.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    args = ap.parse_args(argv)

    if args.format == "parquet" and not args.out:
        ap.error("--format parquet needs --out FILE")

    files, _missing = corpus_files(args.paths)
    total = 0
    for f in files:
        try:
            total += f.stat().st_size
        except OSError:
            pass
    show = (not args.no_progress and sys.stderr.isatty() and total > 1_000_000)
    bar = None
    if show:
        from tqdm import tqdm
        bar = tqdm(total=total, unit="B", unit_scale=True, desc="annotating", file=sys.stderr)

    errors: list[str] = []
    collected: list[dict] = []
    out = None
    try:
        if args.format != "parquet":
            out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
        gaz = Gazetteer.load()
        first = True
        for item, rows in iter_annotations(args.paths, gaz):
            if isinstance(item, CorpusError):
                errors.append(str(item))
                continue
            if args.format == "parquet":
                collected.extend(rows)
            else:
                write_rows(rows, args.format, out, header=first)
                first = False
            if bar is not None:
                bar.update(len(item.text.encode("utf-8")))
        if args.format == "parquet":
            _write_parquet(collected, args.out)
        elif args.format == "csv" and first:
            write_rows([], "csv", out)  # the header, even with no rows
    finally:
        if bar is not None:
            bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
        elif out is sys.stdout:
            sys.stdout.flush()
    for msg in errors:
        print(f"error: {msg}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into e.g. `head`: stop quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
