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
UPLOAD_MAX_BYTES                                   1 MiB
UploadError(ValueError)                            the message is for the reader
safe_filename(name)                                -> str
accept_upload(name, data, meta=None, existing=())  -> (Document, rows)
clean_meta(meta, name, lang=None)                  -> manifest entry (validated)
save_to_corpus(doc, folder, meta=None)             -> Path of the saved file
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping

from app import corpus

__all__ = ["UPLOAD_MAX_BYTES", "UploadError", "safe_filename", "accept_upload", "clean_meta",
           "save_to_corpus"]

#: Largest upload accepted, in bytes (1 MiB, about 30 times the longest seed), so that
#: annotating it in the page takes seconds. Never more than ``corpus.MAX_BYTES``.
UPLOAD_MAX_BYTES: int = min(1024 * 1024, corpus.MAX_BYTES)

_SUFFIXES = tuple(s.lower() for s in corpus.TEXT_SUFFIXES)
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_PRECISION = {1: "year", 2: "month", 3: "day"}


class UploadError(ValueError):
    """An upload or a save was refused; ``str(err)`` is a message for the reader."""


def safe_filename(name: str) -> str:
    """A file name safe on disk and in URLs: the base name, letters/digits/``._-`` kept
    (any script), everything else ``_``; no leading dot; at most 120 characters.

    >>> safe_filename("../My notes <1>.txt")
    'My_notes__1_.txt'
    """
    base = os.path.basename(str(name).replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.\-]", "_", base, flags=re.UNICODE).lstrip(".")
    if len(base) > 120:
        stem, dot, suf = base.rpartition(".")
        base = (stem[: 119 - len(suf)] + dot + suf) if dot else base[:120]
    return base or "upload.txt"


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
            f"{clean}: too big ({len(data) / 1024:.0f} KB; uploads are limited to "
            f"{UPLOAD_MAX_BYTES // 1024} KB). Split it into smaller files; nothing was added")
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


class _Lock:
    """An exclusive lock file beside the manifest (O_EXCL), waited for up to ``timeout`` s."""

    def __init__(self, path: Path, timeout: float = 10.0):
        self.path, self.timeout = path, timeout

    def __enter__(self):
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                return self
            except FileExistsError:
                if time.monotonic() > deadline:
                    raise UploadError(f"{self.path.parent}: the manifest is locked by another "
                                      f"save ({self.path.name}); try again") from None
                time.sleep(0.05)

    def __exit__(self, *exc):
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
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = _check_name(doc.name)
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
