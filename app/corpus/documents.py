"""Read the documents of the corpus and their manifest.

A *document* is one plain-text file (``.txt`` or ``.md``) or one upload. This
module turns bytes into text safely and attaches the document's metadata from
``seeds/manifest.json`` (shape in ``docs/DATA.md``). It never guesses an
encoding silently: text must be UTF-8 (with or without a byte-order mark) or
UTF-16/UTF-32 with a byte-order mark; anything else is refused with a message
that names the file and says what is wrong and how to fix it.

Functions
---------
decode_bytes(name, data)                 -> str        bytes -> text, or CorpusError
document_from_bytes(name, data, meta)    -> Document   for uploads
read_document(path, manifest=None)       -> Document   one file on disk
load_manifest(folder)                    -> {file: entry}
load_corpus(paths, follow_links=False)   -> ([Document], [CorpusError])
iter_corpus(paths, follow_links=False)   -> Document | CorpusError, one by one
corpus_files(paths, follow_links=False)  -> ([Path], [CorpusError])
printable_name(name)                     -> str        a file name safe to print (\\xNN for bad bytes)
size_text(n)                             -> str        "20 MiB", "more than 20 MiB"

Only regular files are read (a FIFO or ``/dev/zero`` is refused, never opened for
long), and never more than :data:`MAX_BYTES` + 1 bytes of one; in a folder, a link
to a file outside it is skipped with a message unless ``follow_links``.

Line endings are normalised to ``\\n`` (``\\r\\n`` and lone ``\\r``), and a
leading byte-order mark is dropped; all offsets elsewhere in the app refer to
``Document.text`` as returned here. Markup such as HTML or ``<script>`` is kept
as plain text: it is the reader's job to escape it before display.

Nothing here imports Streamlit or touches the network.
"""

from __future__ import annotations

import codecs
import copy
import json
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from app.corpus._encodings import older_encoding as _older_encoding

__all__ = [
    "MAX_BYTES",
    "TEXT_SUFFIXES",
    "CorpusError",
    "Document",
    "decode_bytes",
    "document_from_bytes",
    "read_document",
    "load_manifest",
    "load_corpus",
    "iter_corpus",
    "corpus_files",
    "unknown_meta",
    "printable_name",
    "size_text",
]

#: Largest document accepted, in bytes (20 MiB). Larger inputs are refused
#: before they are read into memory; split them into several files.
MAX_BYTES: int = 20 * 1024 * 1024

#: File name endings picked up when a folder is given.
TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")

#: Share of control characters (other than tab, newline, carriage return and
#: form feed) above which decoded text is treated as binary.
_MAX_CONTROL_SHARE = 0.01

#: Control characters (Unicode category Cc) other than tab, newline, vertical tab and form feed.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0d-\x1f\x7f-\x9f]")

_META_FIELDS = ("file", "title", "author", "outlet", "language", "published",
                "url", "genre", "notes")

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
)


class CorpusError(Exception):
    """A document or manifest could not be loaded.

    The message always names the file and says what is wrong. ``name`` holds
    the file name (or path) the error is about.
    """

    def __init__(self, name: str, problem: str):
        self.name = str(name)
        self.problem = problem
        super().__init__(f"{self.name}: {problem}")


@dataclass
class Document:
    """One document of the corpus.

    Attributes
    ----------
    name : file name, e.g. ``'004_7e3677aedf6b0cb5.txt'`` (the manifest key)
    path : path on disk, or ``None`` for uploads
    text : the decoded text (``\\n`` line endings, no BOM); all offsets refer to it
    meta : the manifest entry, or :func:`unknown_meta` when the file is not listed
    lang : the manifest's language, else the detected language (ISO 639-1), or None
    """

    name: str
    path: str | None
    text: str
    meta: dict = field(default_factory=dict)
    lang: str | None = None


def unknown_meta(name: str) -> dict:
    """Metadata for a document that the manifest does not list.

    Every field is ``None`` except ``file`` and ``published.basis`` (``'unknown'``).
    """
    meta = {k: None for k in _META_FIELDS}
    meta["file"] = name
    meta["published"] = {"date": None, "precision": None, "basis": "unknown", "note": None}
    return meta


def size_text(n: int) -> str:
    """A size in MiB for messages: ``"20 MiB"``, ``"3.5 MiB"``; never rounded onto a limit it exceeds
    (20 MiB + 1 byte is ``"more than 20 MiB"``)."""
    mib = n / (1024 * 1024)
    if n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    shown = f"{mib:.1f}"
    if shown == "0.0":
        return "less than 0.1 MiB"
    if shown.endswith(".0"):
        return f"{'more' if mib > float(shown) else 'less'} than {shown[:-2]} MiB"
    return f"{shown} MiB"


def _too_big(name: str, size: int | None) -> CorpusError:
    got = size_text(size) if size is not None else f"more than {size_text(MAX_BYTES)}"
    return CorpusError(name, f"too big ({got}; the limit is {size_text(MAX_BYTES)} per document): "
                             "split it into smaller files")


def _check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise _too_big(name, size)


def printable_name(name: str | os.PathLike) -> str:
    """A file name or path as text that can always be printed and written (UTF-8, JSON, Parquet).

    A name that is not valid UTF-8 on disk reaches Python with lone surrogates (``surrogateescape``);
    its undecodable bytes are shown as ``\\xNN`` instead, and control characters as ``\\uNNNN``.
    """
    raw = os.fsencode(name) if not isinstance(name, str) else name.encode("utf-8", "surrogateescape")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in text)


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """True when NUL bytes sit at every other position (UTF-16 text without a BOM)."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    return max(even, odd) > 0.3 and min(even, odd) < 0.05


def decode_bytes(name: str, data: bytes) -> str:
    """Decode one document's bytes to text, refusing what is not text.

    Accepted: UTF-8 with or without a byte-order mark, UTF-16 and UTF-32 with a
    byte-order mark. The BOM is removed and line endings become ``\\n``.

    Raises
    ------
    CorpusError
        if the data is empty (or only whitespace), larger than :data:`MAX_BYTES`,
        binary (NUL bytes or many control characters), or not valid UTF-8 (for
        example a legacy code page such as Windows-1256); the message names the
        file and the problem.
    """
    if data is None or len(data) == 0:
        raise CorpusError(name, "the file is empty")
    _check_size(name, len(data))

    encoding, label = "utf-8", "UTF-8"
    body = data
    for bom, enc, lab in _BOMS:
        if data.startswith(bom):
            encoding, label, body = enc, lab, data[len(bom):]
            break

    if encoding == "utf-8" and b"\x00" in body:
        if _looks_like_bomless_utf16(body):
            raise CorpusError(
                name,
                "looks like UTF-16 text without a byte-order mark; re-save it as UTF-8",
            )
        raise CorpusError(name, "binary data (contains NUL bytes), not a text document")

    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorpusError(
            name,
            f"not valid {label}: {_older_encoding(body)}; re-save it as UTF-8 (the first part that is not "
            + ("UTF-8 is at the very start of the file)" if exc.start == 0 else
               f"UTF-8 is {exc.start:,} bytes into the file)"),
        ) from None

    if text.startswith("\ufeff"):  # a second BOM, or a BOM inside UTF-16 text
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    if not text.strip():
        raise CorpusError(name, "the file contains only whitespace (no text)")
    if "\x00" in text:
        raise CorpusError(name, "binary data (contains NUL characters), not a text document")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise CorpusError(
            name,
            f"binary data ({controls} control characters in {len(text)}), not a text document",
        )
    return text


def _detect_language(text: str) -> str | None:
    try:
        from app.text import detect_language
    except ImportError:  # pragma: no cover - app.text is part of the app
        return None
    try:
        return detect_language(text)
    except Exception:  # a detector failure must not stop loading
        return None


def _meta_for(name: str, meta: dict | None) -> dict:
    if not meta:
        return unknown_meta(name)
    full = unknown_meta(name)
    full.update(copy.deepcopy(meta))
    if not isinstance(full.get("published"), dict):
        full["published"] = unknown_meta(name)["published"]
    return full


def document_from_bytes(name: str, data: bytes, meta: dict | None = None) -> Document:
    """Make a :class:`Document` from uploaded bytes.

    ``meta`` is the manifest entry if known; otherwise the metadata is unknown
    and the language is detected from the text.
    """
    name = os.path.basename(str(name)) or "upload.txt"
    text = decode_bytes(name, data)
    full = _meta_for(name, meta)
    lang = full.get("language") or _detect_language(text)
    return Document(name=name, path=None, text=text, meta=full, lang=lang)


def load_manifest(folder) -> dict[str, dict]:
    """Read ``manifest.json`` in ``folder`` (or the given file) as ``{file name: entry}``.

    A missing manifest gives ``{}`` with a :class:`UserWarning` (every document
    then gets unknown metadata). A manifest that is not valid JSON, or not of the
    shape ``{"documents": [{"file": ...}, ...]}``, raises :class:`CorpusError`.
    """
    p = Path(folder)
    if p.is_dir():
        p = p / "manifest.json"
    if not p.exists():
        warnings.warn(f"{p}: no manifest; documents get unknown metadata", UserWarning,
                      stacklevel=2)
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(str(p), f"manifest is not valid UTF-8 JSON ({exc})") from None
    docs = data.get("documents") if isinstance(data, dict) else data
    if not isinstance(docs, list):
        raise CorpusError(str(p), 'manifest must be {"documents": [...]}')
    out: dict[str, dict] = {}
    for i, entry in enumerate(docs):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise CorpusError(str(p), f"manifest entry {i} has no \"file\" name")
        out[entry["file"]] = entry
    return out


def _read_capped(p: Path, shown: str) -> bytes:
    """The bytes of a regular file, at most ``MAX_BYTES`` (one byte more is read to see it is too big).

    Opened without blocking and checked on the open file: a FIFO, a device (``/dev/zero``) or a socket
    is refused, whatever link leads to it, and never read.
    """
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise CorpusError(shown, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CorpusError(shown, "is a folder, not a document")
        if not stat.S_ISREG(info.st_mode):
            raise CorpusError(shown, "is not a regular file (a device, pipe or socket); only text "
                                     "files are read")
        _check_size(shown, info.st_size)
        chunks, got = [], 0
        while got <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > MAX_BYTES:      # the file grew after its size was checked
            raise _too_big(shown, None)
        return b"".join(chunks)
    except OSError as exc:
        raise CorpusError(shown, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    finally:
        os.close(fd)


def read_document(path, manifest: dict | None = None) -> Document:
    """Read one file as a :class:`Document`.

    ``manifest`` maps file names to entries; when ``None`` the manifest beside
    the file is read (if there is one). Raises :class:`CorpusError` for missing,
    unreadable, too big or non-text files, and for anything that is not a regular
    file (a FIFO, a device such as ``/dev/zero``); at most :data:`MAX_BYTES` + 1
    bytes are ever read. ``Document.name`` is the file name made printable
    (:func:`printable_name`); ``Document.path`` is the path as given.
    """
    p = Path(path)
    name = printable_name(p.name)
    shown = printable_name(p)
    if not os.path.lexists(p):
        raise CorpusError(shown, "no such file")
    data = _read_capped(p, shown)
    if manifest is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                manifest = load_manifest(p.parent)
            except (CorpusError, OSError):
                manifest = {}
    text = decode_bytes(name, data)
    full = _meta_for(name, manifest.get(name))
    lang = full.get("language") or _detect_language(text)
    return Document(name=name, path=str(p), text=text, meta=full, lang=lang)


def _as_list(paths) -> list:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def iter_corpus(paths, follow_links: bool = False) -> Iterator[Document | CorpusError]:
    """Yield each input's :class:`Document`, or its :class:`CorpusError`, one by one.

    Same inputs and order as :func:`load_corpus`, without holding every text in
    memory at once (the CLI streams through this). Call :func:`corpus_files`
    first to know how many files there are.
    """
    files, errors = corpus_files(paths, follow_links=follow_links)
    yield from errors
    manifests: dict[Path, dict] = {}
    resolved: dict[Path, Path] = {}        # each folder resolved once, not once per file
    for f in files:
        folder = resolved.get(f.parent)
        if folder is None:
            folder = resolved[f.parent] = f.parent.resolve()
        if folder not in manifests:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    manifests[folder] = load_manifest(folder)
                except CorpusError as exc:
                    manifests[folder] = {}
                    yield exc
                except OSError as exc:
                    manifests[folder] = {}
                    yield CorpusError(printable_name(folder / "manifest.json"),
                                      f"cannot be read ({exc.strerror or type(exc).__name__})")
        try:
            yield read_document(f, manifests[folder])
        except CorpusError as exc:
            yield exc


def _folder_files(p: Path, follow_links: bool) -> tuple[list[Path], list[CorpusError]]:
    """The ``.txt``/``.md`` files of one folder, sorted; errors for what is skipped and why."""
    files: list[Path] = []
    errors: list[CorpusError] = []
    try:
        entries = sorted(p.iterdir())
    except OSError as exc:
        return [], [CorpusError(printable_name(p), f"folder cannot be read ({exc.strerror or type(exc).__name__})")]
    home = p.resolve()
    for f in entries:
        if f.suffix.lower() not in TEXT_SUFFIXES:
            continue
        try:
            if f.is_symlink() and not follow_links and home not in f.resolve().parents:
                errors.append(CorpusError(printable_name(f), "is a link to a file outside the folder; "
                                          "not read (name the file itself, or use --follow-links)"))
                continue
            info = f.stat()
        except OSError as exc:
            errors.append(CorpusError(printable_name(f), f"cannot be read ({exc.strerror or type(exc).__name__})"))
            continue
        if stat.S_ISREG(info.st_mode):
            files.append(f)
        elif not stat.S_ISDIR(info.st_mode):
            errors.append(CorpusError(printable_name(f), "is not a regular file (a device, pipe or "
                                      "socket); only text files are read"))
    return files, errors


def corpus_files(paths, follow_links: bool = False) -> tuple[list[Path], list[CorpusError]]:
    """The files :func:`load_corpus` would read, and errors for paths that cannot be.

    Folders contribute their regular ``.txt``/``.md`` files sorted by name (not recursive);
    a link inside a folder that leads outside it is skipped with an error unless
    ``follow_links``; a FIFO or device there is an error; a file named twice is listed once.
    A file named directly is listed as given (:func:`read_document` checks it).
    """
    files: list[Path] = []
    errors: list[CorpusError] = []
    seen: set[Path] = set()
    for item in _as_list(paths):
        p = Path(item)
        try:
            is_dir = p.is_dir()
            exists = is_dir or os.path.lexists(p)
        except OSError as exc:
            errors.append(CorpusError(printable_name(p), f"cannot be read ({exc.strerror or type(exc).__name__})"))
            continue
        if is_dir:
            found, bad = _folder_files(p, follow_links)
            errors.extend(bad)
        elif exists:
            found = [p]
        else:
            errors.append(CorpusError(printable_name(p), "no such file or folder"))
            continue
        for f in found:
            try:
                key = f.resolve()
            except OSError:
                key = f.absolute()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, errors


def load_corpus(paths, follow_links: bool = False) -> tuple[list[Document], list[CorpusError]]:
    """Load files and folders (``.txt`` and ``.md`` inside folders, not recursive).

    Returns the documents that loaded and one :class:`CorpusError` per input that
    did not (a bad manifest, a missing path, a binary file, ...); one bad input
    never stops the others. Documents are in the order given, folders sorted by
    file name; a file given twice is loaded once.
    """
    docs: list[Document] = []
    errors: list[CorpusError] = []
    for item in iter_corpus(paths, follow_links=follow_links):
        (errors if isinstance(item, CorpusError) else docs).append(item)
    return docs, errors
