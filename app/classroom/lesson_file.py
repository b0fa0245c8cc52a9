"""Lesson files on disk: bounded reading (≤ 1 MB, nesting ≤ 10), a schema check with plain messages, atomic saves.

* :func:`read_lesson_data` reads a file's JSON or raises :class:`LessonFileError` naming the file and the fault.
* :func:`check_lesson_data` lists every way a parsed lesson breaks the format of ``lessons/README.md``.
* :func:`write_lesson_data` writes through a temporary file and ``os.replace``; an existing file is replaced
  only when asked, and then a copy of it is kept in ``backups/`` next to it.

Plain Python: no Streamlit, no network.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["MAX_BYTES", "MAX_DEPTH", "LessonFileError", "LessonExistsError", "read_lesson_data",
           "check_lesson_data", "write_lesson_data", "BACKUP_DIR"]

MAX_BYTES = 1_000_000
MAX_DEPTH = 10
MAX_STEPS = 100
BACKUP_DIR = "backups"
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class LessonFileError(ValueError):
    """A lesson file cannot be used; the message names the file and what is wrong."""


class LessonExistsError(LessonFileError):
    """Saving would replace an existing lesson and the caller did not ask for that."""


def _depth(data: Any) -> int:
    """How deeply ``data`` nests (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            break
        if isinstance(node, dict):
            stack.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, d + 1) for v in node)
    return deepest


def read_lesson_data(path: Path) -> Any:
    """The JSON in ``path`` after the size and nesting checks."""
    name = path.name
    try:
        if not path.is_file():
            raise LessonFileError(f"{name}: lesson file not found")
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LessonFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise LessonFileError(f"{name}: the file is larger than 1 MB; a lesson file must be at most 1 MB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LessonFileError(f"{name}: not UTF-8 text") from None
    except RecursionError:
        raise LessonFileError(f"{name}: the JSON is nested too deeply (more than {MAX_DEPTH} levels)") from None
    except json.JSONDecodeError as exc:
        raise LessonFileError(f"{name}: not a JSON lesson file ({exc.msg} at line {exc.lineno}, "
                              f"column {exc.colno})") from None
    if _depth(data) > MAX_DEPTH:
        raise LessonFileError(f"{name}: the JSON is nested too deeply (more than {MAX_DEPTH} levels)")
    return data


_KIND = {str: "text", list: "a list", dict: "an object", bool: "true or false", int: "a number",
         float: "a number", type(None): "null"}


def _kind(v: Any) -> str:
    return _KIND.get(type(v), type(v).__name__)


def _want(where: str, obj: dict, key: str, types: tuple, problems: list[str], what: str) -> None:
    if key in obj and not isinstance(obj[key], types):
        problems.append(f"{where}: '{key}' must be {what}, not {_kind(obj[key])}.")


def _text_list(where: str, obj: dict, key: str, problems: list[str]) -> None:
    v = obj.get(key)
    if v is None:
        return
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        problems.append(f"{where}: '{key}' must be a list of texts (ids), not {_kind(v)}.")


def _check_quote(where: str, q: Any, problems: list[str]) -> None:
    if not isinstance(q, dict):
        problems.append(f"{where} must be an object, not {_kind(q)}.")
        return
    for key in ("text", "doc"):
        if not isinstance(q.get(key), str) or not q.get(key, "").strip():
            problems.append(f"{where}: '{key}' is required and must be text.")
    for key in ("lang", "translation", "translation_by", "date", "source", "doc_title"):
        _want(where, q, key, (str, type(None)), problems, "text")


def _check_source(where: str, s: Any, problems: list[str]) -> None:
    if not isinstance(s, dict):
        problems.append(f"{where} must be an object, not {_kind(s)}.")
        return
    if not isinstance(s.get("title"), str) or not s["title"].strip():
        problems.append(f"{where}: 'title' is required and must be text.")
    for key in ("publisher", "date", "id", "doc", "url"):
        _want(where, s, key, (str, type(None)), problems, "text")


def _check_view(where: str, v: Any, problems: list[str]) -> None:
    if v is None:
        return
    b = v.get("bounds") if isinstance(v, dict) else None
    ok = (isinstance(b, list) and len(b) == 2 and all(isinstance(p, list) and len(p) == 2 for p in b)
          and all(isinstance(x, (int, float)) and not isinstance(x, bool) for p in b for x in p))
    if not ok:
        problems.append(f"{where}: 'view' must be {{\"bounds\": [[south, west], [north, east]]}} in degrees.")


def _check_step(n: int, s: Any, problems: list[str]) -> None:
    where = f"step {n}"
    if not isinstance(s, dict):
        problems.append(f"{where} must be an object, not {_kind(s)}.")
        return
    _want(where, s, "event_id", (str, type(None)), problems, "an event id (text) or null")
    for key in ("title", "note", "question", "shows"):
        _want(where, s, key, (str, type(None)), problems, "text")
    if not s.get("event_id") and not (isinstance(s.get("title"), str) and s["title"].strip()):
        problems.append(f"{where} has neither an 'event_id' nor a 'title' (a slide without an event needs a title).")
    d = s.get("date")
    if d is not None and not (isinstance(d, str) and _ISO.match(d)):
        problems.append(f"{where}: 'date' must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not {d!r:.40}.")
    _text_list(where, s, "highlight", problems)
    _text_list(where, s, "layers", problems)
    _check_view(where, s.get("view"), problems)
    for key, check in (("quotes", _check_quote), ("sources", _check_source)):
        items = s.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(f"{where}: '{key}' must be a list, not {_kind(items)}.")
            continue
        for i, item in enumerate(items, 1):
            check(f"{where}, {key[:-1]} {i}", item, problems)


def check_lesson_data(data: Any) -> list[str]:
    """Every problem with a parsed lesson file (empty list = it follows the format)."""
    if not isinstance(data, dict):
        return [f"a lesson file holds a JSON object, not {_kind(data)}."]
    problems: list[str] = []
    for key in ("id", "title", "description", "language", "authors"):
        _want("the lesson", data, key, (str, type(None)), problems, "text")
    _want("the lesson", data, "generated", (bool,), problems, "true or false")
    span = data.get("span")
    if span is not None and not (isinstance(span, list) and len(span) == 2
                                 and all(isinstance(x, str) and _ISO.match(x) for x in span)):
        problems.append("the lesson: 'span' must be two ISO dates, [from, to].")
    steps = data.get("steps")
    if not isinstance(steps, list):
        problems.append("the lesson needs 'steps', a list of steps." if steps is None
                        else f"the lesson: 'steps' must be a list, not {_kind(steps)}.")
        return problems
    if len(steps) > MAX_STEPS:
        problems.append(f"the lesson has {len(steps)} steps; at most {MAX_STEPS} are allowed.")
        return problems
    for n, s in enumerate(steps, 1):
        _check_step(n, s, problems)
    return problems


def _backup(path: Path) -> Path:
    folder = path.parent / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}.{stamp}.json"
    target.write_bytes(path.read_bytes())
    return target


def write_lesson_data(path: Path, data: dict, overwrite: bool = False) -> Path | None:
    """Write ``data`` to ``path`` atomically; returns the backup of the replaced file (or None).

    Without ``overwrite`` an existing file is never replaced (:class:`LessonExistsError`); the check and
    the write are one step (a hard link that fails if the name is taken)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if not overwrite:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise LessonExistsError(f"{path.name}: a lesson of that name already exists; "
                                        "choose to replace it (the old one is kept as a backup) or "
                                        "change the title") from None
            except OSError:  # a file system without hard links: check, then rename
                if path.exists():
                    raise LessonExistsError(f"{path.name}: a lesson of that name already exists") from None
                os.replace(tmp, path)
            return None
        backup = _backup(path) if path.exists() else None
        os.replace(tmp, path)
        return backup
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
