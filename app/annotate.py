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
all other inputs are processed, and the exit code is then 2. Only regular files
are read (a FIFO or ``/dev/zero`` is refused), at most 20 MiB each; in a folder a
link to a file outside it is skipped unless ``--follow-links``; file names that
are not UTF-8 are written with ``\\xNN`` for the bad bytes. Rows are
written one document at a time (Parquet: one row group per document), so the
memory needed does not grow with the corpus.

``python -m app.annotate --eval GOLD.jsonl PATH...`` annotates the inputs and
prints precision and recall per language and kind (places, actors, dates)
against a gold file (:mod:`app.evaluation`; format in ``docs/DATA.md``).

Speed: ``benchmarks/bench_annotate.py`` runs this command on ~1,800 documents
of 2-60 KB (30 MB) on one core (``--split``: the time of each stage); the
gazetteer, the dates and the per-sentence language checks take most of the
time (lingua only runs where cheap cues disagree with the document's
language). JSON Lines are written from the pipeline's columns as UTF-8 bytes
(:func:`app.annotation_rows.jsonl_columns`), without row dicts; see
``docs/PERFORMANCE.md``.
"""

from __future__ import annotations

import argparse
import sys
from itertools import chain
from typing import Iterator

import numpy as np

from app.annotation_rows import FIELDS, ParquetStream, bytes_writer, jsonl_columns, write_rows
from app.corpus import CorpusError, Document, corpus_files, iter_corpus, printable_name, unknown_meta
from app.gazetteer import Gazetteer
from app.text import detect_language, detect_languages, normalise, sentence_spans
from app.text.cuts import cut_spans

__all__ = ["FIELDS", "annotate_document", "annotate_text", "annotate_paths",
           "iter_annotations", "write_rows", "main"]

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
    got = _columns(doc, gazetteer if gazetteer is not None else Gazetteer.load())
    if got is None:
        return []
    mentions, dates, cols, order = got
    rows = _rows(doc.name, doc.text, mentions, dates, *cols)
    return [rows[k] for k in order]


def _columns(doc: Document, gaz: Gazetteer) -> tuple[list, list, tuple, list[int]] | None:
    """The mentions, the dates, the per-row columns (sentence start, end, text, language, whole
    sentence's (start, end)) and the rows' text order of one document; None when it has no rows."""
    text = doc.text
    if not text:
        return None
    norm = normalise(text)
    spans = sentence_spans(text)
    doc_lang = doc.lang or detect_language(text)
    doc_date = _published_date(doc.meta)
    mentions = gaz.find_spans(text, lang=doc_lang, norm=norm, doc_date=doc_date)
    dates = _find_dates(text, doc_lang, doc_date, norm, spans)
    if not mentions and not dates:
        return None
    # a row carries at most SENTENCE_LIMIT characters: long sentences are cut into pieces (never
    # inside a mention or a date); the whole sentence's offsets stay in sentence_full_start/end
    # (the mentions' spans are only gathered when some sentence is that long)
    pieces = cut_spans(text, spans, chain(((m[0], m[1]) for m in mentions),
                                          ((d.start, d.end) for d in dates)))
    cut = len(pieces) != len(spans)
    full = spans
    if cut:
        full = [spans[n] for _, _, n in pieces]
        spans = [(a, b) for a, b, _ in pieces]

    starts_arr, ends_arr, order = _row_order(mentions, dates)
    span_arr = np.array(spans, dtype=np.int64).reshape(-1, 2)
    # the sentence of each row: the last span starting at or before it
    where_arr = np.searchsorted(span_arr[:, 0], starts_arr, side="right") - 1
    langs, wanted = _sentence_languages(text, spans, where_arr, doc_lang)
    S, E, SENT, LANG, odd = _row_sentences(text, spans, span_arr, where_arr, starts_arr,
                                           ends_arr, langs, wanted, doc_lang)
    W = where_arr.tolist()
    if cut:
        FULL = [(min(s_, full[w][0]), max(e_, full[w][1])) if w >= 0 else (s_, e_)
                for s_, e_, w in zip(S, E, W)]
    else:   # no sentence was cut: the whole sentence is the row's, but for the odd rows
        FULL = list(zip(S, E))
        for k in odd:
            w = W[k]
            if w >= 0:
                FULL[k] = (min(S[k], full[w][0]), max(E[k], full[w][1]))
    return mentions, dates, (S, E, SENT, LANG, FULL), order


def _row_order(mentions: list, dates: list) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Starts and ends of the rows (the mentions first, then the dates) and the order that puts
    them in (start, kind, end) order (a stable sort: numpy lexsort)."""
    starts_arr = np.array([m[0] for m in mentions] + [d.start for d in dates], dtype=np.int64)
    ends_arr = np.array([m[1] for m in mentions] + [d.end for d in dates], dtype=np.int64)
    kinds_arr = np.array([_KIND_ORDER.get(m[3], 9) for m in mentions]
                         + [_KIND_ORDER["date"]] * len(dates), dtype=np.int64)
    order = np.lexsort((ends_arr, kinds_arr, starts_arr)).tolist()
    return starts_arr, ends_arr, order


def _sentence_languages(text: str, spans: list[tuple[int, int]], where_arr: np.ndarray,
                        doc_lang: str | None) -> tuple[list, list[int]]:
    """The language of every sentence that holds a row (one :func:`detect_languages` call with
    the document's language; None for the others) and the indices of those sentences."""
    held = np.zeros(len(spans), dtype=bool)       # sorted and unique, without a sort
    held[where_arr[where_arr >= 0]] = True
    wanted = np.flatnonzero(held).tolist()
    langs: list = [None] * len(spans)
    if wanted:
        _detected, some = detect_languages(text, [spans[i] for i in wanted], doc_lang)
        for i, lang in zip(wanted, some):
            langs[i] = lang
    return langs, wanted


def _row_sentences(text: str, spans: list[tuple[int, int]], span_arr: np.ndarray,
                   where_arr: np.ndarray, starts_arr: np.ndarray, ends_arr: np.ndarray,
                   langs: list, wanted: list[int], doc_lang: str | None
                   ) -> tuple[list[int], list[int], list[str | None], list[str | None], list[int]]:
    """Sentence start, end, text and language per row: the span itself when it holds the row
    (one string per sentence), else the span widened over the mention, or the line; and the
    rows of those last two kinds."""
    inside = np.maximum(where_arr, 0)
    sent_s = span_arr[inside, 0] if len(spans) else np.zeros(len(starts_arr), dtype=np.int64)
    sent_e = span_arr[inside, 1] if len(spans) else np.zeros(len(starts_arr), dtype=np.int64)
    plain = (where_arr >= 0) & (ends_arr <= sent_e)
    S, E, W = sent_s.tolist(), sent_e.tolist(), where_arr.tolist()
    sent_of = {i: text[spans[i][0]:spans[i][1]] for i in wanted}
    lang_of = {i: langs[i] or doc_lang for i in wanted}
    SENT = [sent_of.get(w) for w in W]
    LANG = [lang_of.get(w, doc_lang) for w in W]
    n_spans = len(spans)
    odd = np.flatnonzero(~plain).tolist()
    for k in odd:
        start, end, i = int(starts_arr[k]), int(ends_arr[k]), W[k]
        if i >= 0 and start < spans[i][1]:
            # a mention running over a sentence end: widen to cover it
            s_, e_ = spans[i]
            j = i
            while j + 1 < n_spans and spans[j][1] < end:
                j += 1
            e_ = max(e_, spans[j][1], end)
            lang = langs[i] or doc_lang
        else:  # outside every sentence (should not happen): use the line
            s_ = text.rfind("\n", 0, start) + 1
            e_ = text.find("\n", end)
            e_ = len(text) if e_ < 0 else e_
            lang = doc_lang
        S[k], E[k], SENT[k], LANG[k] = s_, e_, text[s_:e_], lang
    return S, E, SENT, LANG, odd


def _rows(name: str, text: str, mentions: list, dates: list, S: list[int], E: list[int],
          SENT: list, LANG: list, FULL: list[tuple[int, int]]) -> list[dict]:
    """The rows of docs/DATA.md: the mentions' rows, then the dates' (not yet in text order)."""
    n_m = len(mentions)
    rows = [{"doc": name, "kind": kind, "id": fid, "start": start, "end": end,
             "text": text[start:end], "lang": lang, "sentence": sent,
             "sentence_start": s_, "sentence_end": e_,
             "ambiguous": list(amb) if amb else None, "date": None,
             "precision": None, "inferred": False, "calendar": None,
             "sentence_full_start": fs, "sentence_full_end": fe}
            for (start, end, fid, kind, amb), lang, sent, s_, e_, (fs, fe)
            in zip(mentions, LANG, SENT, S, E, FULL)]
    rows.extend({"doc": name, "kind": "date", "id": None, "start": d.start, "end": d.end,
                 "text": text[d.start:d.end], "lang": lang, "sentence": sent,
                 "sentence_start": s_, "sentence_end": e_, "ambiguous": None,
                 "date": d.date, "precision": d.precision, "inferred": bool(d.inferred),
                 "calendar": d.calendar, "sentence_full_start": fs, "sentence_full_end": fe}
                for d, lang, sent, s_, e_, (fs, fe)
                in zip(dates, LANG[n_m:], SENT[n_m:], S[n_m:], E[n_m:], FULL[n_m:]))
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


def iter_annotations(paths, gazetteer: Gazetteer | None = None, follow_links: bool = False
                     ) -> Iterator[tuple[Document | CorpusError, list[dict]]]:
    """Yield ``(document, rows)`` per readable input and ``(error, [])`` per bad one."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    for item in iter_corpus(paths, follow_links=follow_links):
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


def _evaluate(gold_path: str, paths: list[str]) -> int:
    """``--eval``: annotate ``paths`` and print the scores against the gold file."""
    from app.evaluation import read_gold, score, write_report

    try:
        gold = read_gold(gold_path)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    gaz = Gazetteer.load()
    counts, problems = score(gold, iter_annotations(paths, gaz), gaz)
    write_report(counts, sys.stdout)
    for msg in problems:
        print(f"error: {msg}", file=sys.stderr)
    return 1 if problems else 0


def _write_documents(args: argparse.Namespace, gaz: Gazetteer, out, parquet: ParquetStream | None,
                     bar, errors: list[str]) -> None:
    """Annotate the inputs one document at a time, writing its rows before the next is read
    (JSON Lines straight from the pipeline's columns); unreadable inputs go to ``errors``."""
    first = True
    write_bytes = bytes_writer(out) if args.format == "jsonl" else None
    for item in iter_corpus(args.paths, follow_links=args.follow_links):
        if isinstance(item, CorpusError):
            errors.append(str(item))
            continue
        if args.format == "jsonl":
            got = _columns(item, gaz)
            if got is not None:
                for chunk in jsonl_columns(item.name, item.text, *got):
                    write_bytes(chunk)
        elif parquet is not None:
            parquet.write(annotate_document(item, gaz))
        else:
            write_rows(annotate_document(item, gaz), args.format, out, header=first)
            first = False
        if bar is not None:
            bar.update(len(item.text.encode("utf-8")))
    if args.format == "csv" and first:
        write_rows([], "csv", out)  # the header, even with no rows


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring). Returns the exit code."""
    ap = argparse.ArgumentParser(
        prog="python -m app.annotate",
        description="Annotate documents: one row per place, actor and date mention.")
    ap.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt, .md)")
    ap.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    ap.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    ap.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    ap.add_argument("--follow-links", action="store_true",
                    help="in folders, also read links to files outside the folder (skipped by default)")
    ap.add_argument("--eval", metavar="GOLD", help="score against a gold JSON Lines file "
                    "(docs/DATA.md): precision and recall per language and kind, no rows")
    args = ap.parse_args(argv)
    if args.eval:
        return _evaluate(args.eval, args.paths)

    if args.format == "parquet" and not args.out:
        ap.error("--format parquet needs --out FILE")

    bar = None
    if not args.no_progress and sys.stderr.isatty():
        # the files are listed twice only when a progress bar may show
        files, _missing = corpus_files(args.paths, follow_links=args.follow_links)
        total = 0
        for f in files:
            try:
                total += f.stat().st_size
            except OSError:
                pass
        if total > 1_000_000:
            from tqdm import tqdm
            bar = tqdm(total=total, unit="B", unit_scale=True, desc="annotating", file=sys.stderr)

    errors: list[str] = []
    out = None
    parquet = None
    try:
        if args.format != "parquet":
            out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
        else:
            parquet = ParquetStream(args.out)
    except OSError as exc:
        print(f"error: {printable_name(args.out)}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return 2
    try:
        _write_documents(args, Gazetteer.load(), out, parquet, bar, errors)
    finally:
        if parquet is not None:
            parquet.close()
        if bar is not None:
            bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
        elif out is sys.stdout:
            sys.stdout.flush()
    for msg in errors:
        print(f"error: {printable_name(msg)}", file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into e.g. `head`: stop quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
