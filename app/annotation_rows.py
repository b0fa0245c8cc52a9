"""Annotation rows written out: JSON Lines, CSV and Parquet (the formats of ``python -m app.annotate``).

:func:`write_rows` writes row dicts; :func:`jsonl_columns` writes one document's rows as JSON
Lines straight from the pipeline's columns (the CLI's fast path: no row dicts, every repeated
string, such as a sentence holding several mentions, encoded once). Both give exactly the bytes
of ``json.dumps(row, ensure_ascii=False)`` per line.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from itertools import islice
from typing import IO, Callable, Iterable, Iterator, Sequence

__all__ = ["FIELDS", "write_rows", "jsonl_columns", "bytes_writer", "ParquetStream"]

#: The fields of an annotation row, in order (docs/DATA.md).
FIELDS = ("doc", "kind", "id", "start", "end", "text", "lang", "sentence",
          "sentence_start", "sentence_end", "ambiguous", "date", "precision",
          "inferred", "calendar", "sentence_full_start", "sentence_full_end")


def _csv_value(v):
    if isinstance(v, list):
        return "|".join(v)
    if v is None:
        return ""
    return v


_ENCODE_STR = json.encoder.encode_basestring   # a JSON string, non-ASCII kept (in C)


def _jsonl_lines(rows: Iterable[dict]) -> list[str]:
    """Each row as ``json.dumps(row, ensure_ascii=False)`` writes it (the same bytes).

    Rows with exactly the fields of :data:`FIELDS` in order are written from
    a template, each sentence encoded once however many rows it holds; any
    other row (or a value of another type) goes through :func:`json.dumps`.
    """
    sentences: dict = {}
    lines = []
    for r in rows:
        line = None
        if tuple(r) == FIELDS:
            try:
                line = _row_line(r, sentences)
            except TypeError:                     # a value of an unexpected type
                line = None
        lines.append(line if line is not None else json.dumps(r, ensure_ascii=False))
    return lines


def _opt(v) -> str:
    """A JSON string or null (TypeError for anything else)."""
    return "null" if v is None else _ENCODE_STR(v)


def _int(v) -> str:
    if type(v) is not int:
        raise TypeError(v)
    return int.__repr__(v)


def _row_line(r: dict, sentences: dict) -> str:
    """One row with exactly :data:`FIELDS` as a JSON line (see :func:`_jsonl_lines`)."""
    sent = r["sentence"]
    es = sentences.get(sent)
    if es is None:
        es = sentences[sent] = _opt(sent)
    amb, inferred = r["ambiguous"], r["inferred"]
    if amb is None:
        ea = "null"
    elif type(amb) is list:
        ea = "[" + ", ".join(map(_ENCODE_STR, amb)) + "]"
    else:
        raise TypeError(amb)
    if type(inferred) is not bool:
        raise TypeError(inferred)
    return (f'{{"doc": {_ENCODE_STR(r["doc"])}, "kind": {_ENCODE_STR(r["kind"])}, '
            f'"id": {_opt(r["id"])}, "start": {_int(r["start"])}, "end": {_int(r["end"])}, '
            f'"text": {_ENCODE_STR(r["text"])}, "lang": {_opt(r["lang"])}, "sentence": {es}, '
            f'"sentence_start": {_int(r["sentence_start"])}, '
            f'"sentence_end": {_int(r["sentence_end"])}, "ambiguous": {ea}, '
            f'"date": {_opt(r["date"])}, "precision": {_opt(r["precision"])}, '
            f'"inferred": {"true" if inferred else "false"}, "calendar": {_opt(r["calendar"])}, '
            f'"sentence_full_start": {_int(r["sentence_full_start"])}, '
            f'"sentence_full_end": {_int(r["sentence_full_end"])}}}')


def write_rows(rows: Iterable[dict], fmt: str, out, header: bool = True) -> int:
    """Write rows as ``jsonl`` or ``csv`` to a text stream; returns the count.

    For CSV, ``header`` writes the header line first; lists (``ambiguous``) are
    joined with ``|`` and None is an empty cell. (Parquet needs all rows at
    once: the CLI writes it with pyarrow.)
    """
    n = 0
    if fmt == "jsonl":
        rows = iter(rows)
        while True:                     # a few thousand lines per write: bounded memory
            lines = _jsonl_lines(islice(rows, 4096))
            if not lines:
                break
            out.write("\n".join(lines) + "\n")
            n += len(lines)
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


def _parquet_schema():
    import pyarrow as pa

    return pa.schema([
        ("doc", pa.string()), ("kind", pa.string()), ("id", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("lang", pa.string()), ("sentence", pa.string()), ("sentence_start", pa.int64()),
        ("sentence_end", pa.int64()), ("ambiguous", pa.list_(pa.string())),
        ("date", pa.string()), ("precision", pa.string()), ("inferred", pa.bool_()),
        ("calendar", pa.string()), ("sentence_full_start", pa.int64()), ("sentence_full_end", pa.int64()),
    ])


def _write_parquet(rows: list[dict], path) -> None:
    """All rows into one Parquet file (one table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    table = pa.Table.from_pylist([{k: r.get(k) for k in FIELDS} for r in rows], schema=schema)
    pq.write_table(table, path)


class ParquetStream:
    """Rows written to a Parquet file one document at a time (one row group per
    document with rows), so a large corpus is never held in memory."""

    def __init__(self, path):
        import pyarrow.parquet as pq

        self._schema = _parquet_schema()
        self._file = open(path, "wb")   # opened here: a path that is not UTF-8 still works
        self._writer = pq.ParquetWriter(self._file, self._schema)

    def write(self, rows: list[dict]) -> None:
        if rows:
            import pyarrow as pa

            self._writer.write_table(pa.Table.from_pylist(
                [{k: r.get(k) for k in FIELDS} for r in rows], schema=self._schema))

    def close(self) -> None:
        self._writer.close()
        self._file.close()


# the line of one row after its "doc" value: the fields of FIELDS in order (json.dumps' separators)
_LINE_TAIL = (b', "kind": %s, "id": %s, "start": %d, "end": %d, "text": %s, "lang": %s, '
              b'"sentence": %s, "sentence_start": %d, "sentence_end": %d, "ambiguous": %s, '
              b'"date": %s, "precision": %s, "inferred": %s, "calendar": %s, '
              b'"sentence_full_start": %d, "sentence_full_end": %d}')


_LINES_PER_WRITE = 4096


class _Encoded(dict):
    """A string's JSON form in UTF-8 (``None`` -> ``null``), each string encoded once."""

    def __missing__(self, v):
        got = self[v] = b"null" if v is None else _ENCODE_STR(v).encode("utf-8")
        return got


def bytes_writer(out: IO[str]) -> Callable[[bytes], object]:
    """A function writing UTF-8 bytes to the CLI's text output ``out`` (stdout, or a file opened
    with ``newline=""``): straight to its byte buffer when ``out`` writes strict UTF-8 and no
    line end is translated, else decoded and written through ``out``."""
    buffer = getattr(out, "buffer", None)
    utf8 = (getattr(out, "encoding", "") or "").lower().replace("_", "-") in ("utf-8", "utf8")
    strict = getattr(out, "errors", "strict") == "strict"
    plain = os.linesep == "\n" or out is not sys.stdout
    if buffer is not None and utf8 and strict and plain:
        out.flush()
        return buffer.write
    return lambda b: out.write(b.decode("utf-8"))


def jsonl_columns(name: str, text: str, mentions: Sequence, dates: Sequence,
                  cols: Sequence[list], order: list[int]) -> Iterator[bytes]:
    """The JSON Lines of one document's rows in UTF-8 (each line ending in ``\\n``, a few
    thousand lines per piece so that a large document's output is never held whole), from the
    columns :func:`app.annotate.annotate_document` builds its rows from: ``mentions`` as
    ``(start, end, id, kind, ambiguous)``, ``dates`` as :class:`app.dates.DateMention`, ``cols``
    = (sentence starts, ends, texts, languages, (full start, full end)) per row (the mentions
    first, then the dates) and ``order`` the rows' text order. The same bytes as
    :func:`write_rows` on the rows :func:`app.annotate.annotate_document` returns, encoded in
    UTF-8; each distinct string (an id, a surface, a sentence) is encoded once."""
    S, E, SENT, LANG, FULL = cols
    enc = _Encoded()
    tpl = b'{"doc": ' + _ENCODE_STR(name).replace("%", "%%").encode("utf-8") \
        + _LINE_TAIL
    amb_enc: dict = {}
    n_m = len(mentions)
    lines: list[bytes] = []
    for k in order:
        if len(lines) == _LINES_PER_WRITE:
            lines.append(b"")
            yield b"\n".join(lines)
            lines = []
        fs, fe = FULL[k]
        if k < n_m:
            start, end, fid, kind, amb = mentions[k]
            if amb:
                ea = amb_enc.get(amb)
                if ea is None:
                    ea = amb_enc[amb] = ("[" + ", ".join(map(_ENCODE_STR, amb)) + "]").encode("utf-8")
            else:
                ea = b"null"
            lines.append(tpl % (enc[kind], enc[fid], start, end, enc[text[start:end]],
                                enc[LANG[k]], enc[SENT[k]], S[k], E[k], ea, b"null", b"null",
                                b"false", b"null", fs, fe))
        else:
            d = dates[k - n_m]
            lines.append(tpl % (b'"date"', b"null", d.start, d.end, enc[text[d.start:d.end]],
                                enc[LANG[k]], enc[SENT[k]], S[k], E[k], b"null", enc[d.date],
                                enc[d.precision], b"true" if d.inferred else b"false",
                                enc[d.calendar], fs, fe))
    if lines:
        lines.append(b"")
        yield b"\n".join(lines)
