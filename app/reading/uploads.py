"""Add your own document: validate and annotate an upload; save it into a corpus folder.

Plain Python (no Streamlit). An upload is refused, with a message that says
what is wrong and how to fix it, when it is empty, binary, larger than
:data:`UPLOAD_MAX_BYTES`, not UTF-8 (for example Windows-1256), not a ``.txt``
or ``.md`` file, or named like a document already loaded. A refused upload
changes nothing.

Saving (:func:`save_to_corpus`) writes the text file and adds its entry to the
folder's ``manifest.json``; both writes are atomic (temporary file + link or
rename), an existing file or manifest entry is never overwritten (the call
fails instead), and if the manifest cannot be written the new text file is
removed again.

Public API
----------
UPLOAD_MAX_MB, UPLOAD_MAX_BYTES                    1 MB (1,000,000 bytes)
UPLOAD_MAX_ROWS                                    25,000 mentions
UploadError(ValueError)                            the message is for the reader
safe_filename(name)                                -> str  (device names and long names renamed)
upload_name(name)                                  -> (safe name, why it was renamed or None)
accept_upload(name, data, meta=None, existing=())  -> (Document, rows)
clean_meta(meta, name, lang=None)                  -> manifest entry (validated)
save_to_corpus(doc, folder, meta=None)             -> Path of the saved file
"""

from __future__ import annotations

import json
import os
import re
import socket
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping

from app import corpus

__all__ = ["UPLOAD_MAX_MB", "UPLOAD_MAX_BYTES", "UPLOAD_MAX_ROWS", "NAME_MAX_BYTES", "UploadError", "safe_filename", "upload_name", "accept_upload", "clean_meta",
           "save_to_corpus"]

#: Largest upload accepted, in megabytes of 10^6 bytes: the unit of Streamlit's upload box, which
#: refuses a larger file in the browser and says "Limit 1MB per file" (about 30 times the longest seed;
#: annotating it in the page takes seconds).
UPLOAD_MAX_MB: int = 1
#: The same limit in bytes, checked again here for uploads that do not come through the box.
#: Never more than ``corpus.MAX_BYTES``.
UPLOAD_MAX_BYTES: int = min(UPLOAD_MAX_MB * 1_000_000, corpus.MAX_BYTES)

#: Most mentions one upload may add: the rows stay in the visit and every view works through them
#: (the five seeds together have about 1,500; 1 MB of prose about 10,000).
UPLOAD_MAX_ROWS: int = 25_000

_SUFFIXES = tuple(s.lower() for s in corpus.TEXT_SUFFIXES)
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_PRECISION = {1: "year", 2: "month", 3: "day"}


class UploadError(ValueError):
    """An upload or a save was refused; ``str(err)`` is a message for the reader."""


#: Longest file name kept, in UTF-8 bytes (file systems allow 255; a name in Georgian or Persian
#: takes 2-3 bytes a letter, so a limit in characters is not enough).
NAME_MAX_BYTES: int = 120

#: Device names Windows reserves whatever the extension (``CON.txt`` cannot be created there).
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin_|conout_|clock_)$",
                       re.IGNORECASE)


def _cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a character."""
    return text.encode("utf-8")[: max(limit, 0)].decode("utf-8", errors="ignore")


def safe_filename(name: str) -> str:
    """A file name safe on disk and in URLs: the base name, letters/digits/``._-`` kept
    (any script), everything else ``_``; no leading dot; a Windows device name (``CON``,
    ``nul``, ``COM1`` …) gets a ``_``; at most :data:`NAME_MAX_BYTES` UTF-8 bytes, extension kept.

    >>> safe_filename("../My notes <1>.txt")
    'My_notes__1_.txt'
    >>> safe_filename("CON.txt")
    'CON_.txt'
    """
    base = os.path.basename(str(name).replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.\-]", "_", base, flags=re.UNICODE).lstrip(".")
    stem, dot, rest = base.partition(".")
    if _RESERVED.match(stem):
        base = stem + "_" + dot + rest
    if len(base.encode("utf-8")) > NAME_MAX_BYTES:
        stem, dot, suf = base.rpartition(".")
        if dot and len(suf) <= 10:
            base = _cut_bytes(stem, NAME_MAX_BYTES - len(suf.encode("utf-8")) - 1) + dot + suf
        else:
            base = _cut_bytes(base, NAME_MAX_BYTES)
    return base or "upload.txt"


def upload_name(name: str) -> tuple[str, str | None]:
    """The name an upload is kept under and, when it differs from ``name``, a sentence saying why.

    >>> upload_name("nul.txt")[1]
    'nul.txt was renamed nul_.txt: NUL is a device name Windows reserves.'
    """
    clean = safe_filename(name)
    original = os.path.basename(str(name).replace("\\", "/"))
    if clean == original:
        return clean, None
    shown = original if len(original) <= 60 else original[:57] + "…"
    stem = original.partition(".")[0]
    if _RESERVED.match(re.sub(r"[^\w.\-]", "_", stem)):
        why = f"{stem.upper()} is a device name Windows reserves"
    elif len(original.encode("utf-8", errors="surrogateescape")) > NAME_MAX_BYTES:
        why = f"names are kept to {NAME_MAX_BYTES} bytes"
    else:
        why = "only letters, digits, dots, dashes and underscores are kept in file names"
    return clean, f"{shown} was renamed {clean}: {why}."


def pasted_name(title: str, text: str) -> str:
    """The file name a pasted text is kept under: the first words of its title, else of its first line.

    >>> pasted_name("", "  Лачинский коридор: что дальше?\\nТекст")
    'Лачинский_коридор_что_дальше.txt'
    """
    source = (title or "").strip() or next((ln for ln in str(text).splitlines() if ln.strip()), "")
    words = re.findall(r"\w+", source)[:6]
    stem = "_".join(words)[:60].rstrip("_")
    return safe_filename((stem or "pasted") + ".txt")


def _check_name(name: str) -> str:
    clean = safe_filename(name)
    if not clean.lower().endswith(_SUFFIXES):
        raise UploadError(
            f"{clean}: only plain-text files ending in {' or '.join(_SUFFIXES)} can be added "
            "(save the document as UTF-8 text first)")
    return clean


def accept_upload(
    name: str,
    data: bytes,
    meta: Mapping | None = None,
    existing: Iterable[str] = (),
) -> tuple[corpus.Document, list[dict]]:
    """Validate, decode and annotate an uploaded file.

    ``name``: the uploaded file name (made safe with :func:`safe_filename`);
    ``data``: its bytes; ``meta``: manifest fields the reader typed (title,
    author, outlet, language, published, …; validated by :func:`clean_meta`);
    ``existing``: names of documents already loaded (a clash is refused).

    Returns the :class:`app.corpus.Document` and its annotation rows
    (``app.annotate.annotate_document``). Raises :class:`UploadError` with a
    clear message for empty, binary, oversized, non-UTF-8 or wrongly named
    files.
    """
    clean = _check_name(name)
    if data is None or len(data) == 0:
        raise UploadError(f"{clean}: the file is empty; nothing was added")
    if len(data) > UPLOAD_MAX_BYTES:
        raise UploadError(
            f"{clean}: too big ({len(data):,} bytes; uploads are limited to {UPLOAD_MAX_MB} MB, "
            f"{UPLOAD_MAX_BYTES:,} bytes). Split it into smaller files; nothing was added")
    if clean in set(existing):
        raise UploadError(f"{clean}: a document with this name is already loaded; rename the "
                          "file and upload it again")
    entry = clean_meta(meta, clean) if meta else None
    try:
        doc = corpus.document_from_bytes(clean, bytes(data), entry)
    except corpus.CorpusError as exc:
        raise UploadError(f"{exc}; nothing was added") from None
    from app.annotate import annotate_document  # imported late: loads the gazetteer

    rows = list(annotate_document(doc))
    if len(rows) > UPLOAD_MAX_ROWS:
        raise UploadError(f"{clean}: {len(rows):,} mentions, more than the {UPLOAD_MAX_ROWS:,} one upload may "
                          "add (every view of this visit would carry them); split it into smaller files; "
                          "nothing was added")
    return doc, rows


def clean_meta(meta: Mapping | None, name: str, lang: str | None = None) -> dict:
    """A manifest entry (``docs/DATA.md`` shape) from what the reader typed.

    Text fields are stripped (empty -> ``None``); ``language`` must be an ISO 639
    code; ``published`` may be an ISO string or ``{"date", "basis", "note"}``, and
    its precision is derived from the date. Raises :class:`UploadError` for an
    invalid language or date.
    """
    meta = dict(meta or {})
    entry: dict[str, Any] = {"file": name}
    for k in ("title", "author", "outlet", "url", "genre", "notes"):
        v = meta.get(k)
        entry[k] = str(v).strip() if v is not None and str(v).strip() else None
    language = (meta.get("language") or lang or "")
    language = str(language).strip().lower() or None
    if language and not _LANG.match(language):
        raise UploadError(f"{name}: language must be an ISO 639-1 code such as en, fa, ar, sv "
                          f"(got {language!r})")
    entry["language"] = language
    pub = meta.get("published")
    if isinstance(pub, Mapping):
        date, basis, note = pub.get("date"), pub.get("basis"), pub.get("note")
    else:
        date, basis, note = pub, None, None
    date = str(date).strip() if date else None
    if date:
        if not _ISO.match(date) or corpus_date_invalid(date):
            raise UploadError(f"{name}: publication date must be YYYY, YYYY-MM or YYYY-MM-DD "
                              f"(got {date!r})")
        basis = basis if basis in ("stated", "inferred") else "stated"
        entry["published"] = {"date": date, "precision": _PRECISION[date.count("-") + 1],
                              "basis": basis, "note": note}
    else:
        entry["published"] = {"date": None, "precision": None, "basis": "unknown", "note": note}
    return entry


def corpus_date_invalid(date: str) -> bool:
    """True when an ISO-shaped date is not a real date (month 13, 31 February, …)."""
    import datetime as _dt

    parts = [int(p) for p in date.split("-")]
    try:
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return True
    return False


#: A lock file older than this (seconds) is stale even if its process seems alive.
LOCK_STALE_SECONDS: float = 60.0


def _lock_owner_gone(path: Path) -> bool:
    """True when the lock at ``path`` is stale: its process is gone, or it is older than a minute.

    The lock file holds ``pid host``; a pid on another host cannot be checked, so only age counts there.
    """
    try:
        age = time.time() - path.stat().st_mtime
        owner = path.read_text(encoding="ascii", errors="replace").split()
    except FileNotFoundError:
        return False            # released meanwhile: simply try again
    except OSError:
        return False
    if age > LOCK_STALE_SECONDS:
        return True
    if len(owner) < 2 or not owner[0].isdigit():
        return age > 1.0        # being written (a fresh lock is written at once) or garbage
    if owner[1] != socket.gethostname():
        return False
    try:
        os.kill(int(owner[0]), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


class _Lock:
    """An exclusive lock file beside the manifest (O_EXCL), waited for up to ``timeout`` s.

    A stale lock (left by a save that was killed: its process is gone, or it is older than
    :data:`LOCK_STALE_SECONDS`) is taken over instead of blocking every later save.
    """

    def __init__(self, path: Path, timeout: float = 10.0):
        self.path, self.timeout = path, timeout

    def __enter__(self) -> "_Lock":
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                if _lock_owner_gone(self.path):
                    self._break_stale()
                    continue
                if time.monotonic() > deadline:
                    raise UploadError(f"{self.path.parent.name}: the manifest is locked by another "
                                      f"save ({self.path.name}); try again") from None
                time.sleep(0.05)
            else:
                os.write(self.fd, f"{os.getpid()} {socket.gethostname()}\n".encode("ascii", "replace"))
                return self

    def _break_stale(self) -> None:
        """Move the stale lock aside (atomic rename, so two savers cannot both take it over) and drop it."""
        aside = self.path.with_name(f"{self.path.name}.stale-{os.getpid()}-{time.monotonic_ns()}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return              # another saver took it over first
        if not _lock_owner_gone(aside):
            # a live lock: another saver replaced the stale one just before our rename; put it back
            try:
                os.link(aside, self.path)
            except FileExistsError:
                pass
        os.unlink(aside)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def _temp_copy(path: Path, data: bytes, prefix: str) -> str:
    """Write ``data`` durably to a new temporary file beside ``path``; return its name."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; fail if ``path`` exists (never overwrite)."""
    tmp = _temp_copy(path, data, ".upload-")
    try:
        try:
            os.link(tmp, path)  # atomic, and refuses an existing target
        except FileExistsError:
            raise UploadError(f"{path}: a file with this name already exists; it was not "
                              "overwritten (rename the document)") from None
    finally:
        os.unlink(tmp)


def _replace(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (readers see the old or the new file, never half)."""
    tmp = _temp_copy(path, data, ".manifest-")
    try:
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_to_corpus(doc: corpus.Document, folder: str | os.PathLike, meta: Mapping | None = None) -> Path:
    """Save ``doc`` into ``folder`` and add its entry to ``folder/manifest.json``.

    ``meta`` (validated by :func:`clean_meta`; defaults to ``doc.meta``) becomes
    the manifest entry, with ``file`` = the document's safe name. The folder is
    created if missing. Raises :class:`UploadError` when the file or a manifest
    entry for it already exists (nothing is overwritten), when the manifest is
    not valid, or when the name is not a ``.txt``/``.md`` name. Returns the path
    of the new file.
    """
    name = _check_name(doc.name)
    try:
        return _save(doc, Path(folder), name, meta)
    except OSError as exc:      # disk full, no permission, …: a message, never a path or a traceback
        raise UploadError(f"{name}: could not be saved ({exc.strerror or type(exc).__name__}); "
                          "nothing was saved") from None


def _save(doc: corpus.Document, folder: Path, name: str, meta: Mapping | None) -> Path:
    """:func:`save_to_corpus` after the name check (may raise OSError)."""
    folder.mkdir(parents=True, exist_ok=True)
    entry = clean_meta(meta if meta is not None else doc.meta, name, lang=getattr(doc, "lang", None))
    target = folder / name
    manifest_path = folder / "manifest.json"
    with _Lock(folder / ".manifest.json.lock"):
        if manifest_path.exists():
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise UploadError(f"{manifest_path}: not valid UTF-8 JSON ({exc}); nothing "
                                  "was saved") from None
            if not isinstance(manifest, dict) or not isinstance(manifest.get("documents"), list):
                raise UploadError(f'{manifest_path}: expected {{"documents": [...]}}; nothing '
                                  "was saved")
        else:
            manifest = {"documents": []}
        if any(isinstance(e, dict) and e.get("file") == name for e in manifest["documents"]):
            raise UploadError(f"{manifest_path}: already has an entry for {name}; it was not "
                              "overwritten (rename the document)")
        _write_new(target, doc.text.encode("utf-8"))
        manifest["documents"].append(entry)
        try:
            _replace(manifest_path,
                     (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        except BaseException:
            target.unlink(missing_ok=True)  # keep file and manifest consistent
            raise
    return target
