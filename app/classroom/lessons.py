"""Lessons: an ordered walk through events, saved as JSON in ``lessons/``.

A :class:`Lesson` is a title, a short description and a list of :class:`Step` s.  Each step points at an
event by its id (see :mod:`app.classroom.events`), and may override the title, add a teacher's note, set the date
the map shows (``date``) and choose the features to highlight (``highlight``).

* :func:`load_lesson` / :func:`save_lesson` read and write ``lessons/<id>.json`` (UTF-8, pretty JSON).
* :func:`validate_lesson` lists problems as clear English messages (unknown event ids are named).
* :func:`resolve_lesson` pairs every step with its event and returns warnings instead of failing, so a
  lesson whose event has since disappeared still opens.
* :func:`make_default_lesson` builds the shipped lesson "From the 2020 war to the Trump Route" by
  *querying* the event list (date, features, category), and writes notes from the events' supporting
  sentences and sources.  Run it with ``python -m app.lessons make-default``.

Plain Python: no Streamlit, no network.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.classroom._dedup import _specific
from app.classroom.event_titles import HEADING_LIMIT, short_title
from app.classroom.events import CATEGORY_LABELS, date_bounds, dates_compatible
from app.classroom.lesson_file import (LessonExistsError, LessonFileError, check_lesson_data, read_lesson_data,
                                       write_lesson_data)
from app.gazetteer.names import without_asides

__all__ = [
    "Step", "Lesson", "LessonError", "LessonExistsError", "LESSONS_DIR", "DEFAULT_LESSON_ID", "is_map_date",
    "read_map_date",
    "load_lesson", "save_lesson", "list_lessons", "validate_lesson", "resolve_lesson",
    "find_event", "make_default_lesson", "cite_event", "LANGUAGE_NAMES",
]

ROOT = Path(__file__).resolve().parents[2]
LESSONS_DIR = ROOT / "lessons"
DEFAULT_LESSON_ID = "from-2020-war-to-trump-route"
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

LANGUAGE_NAMES = {"ar": "Arabic", "fa": "Persian", "sv": "Swedish", "en": "English", "ru": "Russian",
                  "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish"}


LessonError = LessonFileError  # a lesson cannot be read or saved; the message names the file and the fault


@dataclass
class Step:
    """One step: the event it shows (or none: a free slide) and how to show it.

    ``quotes`` are passages from our documents chosen by the lesson's authors: ``{"doc", "lang", "text",
    "translation", "translation_by", "date", "source"}``; ``sources`` back the step's facts:
    ``{"title", "publisher", "date"}``; ``view`` is ``{"bounds": [[south, west], [north, east]]}``."""

    event_id: str | None = None
    title: str = ""
    note: str = ""
    date: str | None = None                      # map date override, ISO YYYY[-MM[-DD]]
    highlight: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    view: dict | None = None
    shows: str = ""                              # what the class sees on the map, in words
    question: str = ""
    quotes: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict) -> "Step":
        known = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in known and v is not None}
        return cls(**kw)

    def to_dict(self) -> dict:
        """The step as JSON, without empty optional fields."""
        out = dataclasses.asdict(self)
        return {k: v for k, v in out.items() if k in ("event_id", "title", "note") or v not in (None, "", [])}


@dataclass
class Lesson:
    """A titled, ordered list of steps."""

    id: str
    title: str
    description: str = ""
    steps: list[Step] = field(default_factory=list)
    language: str = "en"
    authors: str = ""
    span: list[str] | None = None                # the years the lesson covers, [from, to]
    generated: bool = False                      # a draft from make-default, not written by people

    def to_dict(self) -> dict:
        out = {"id": self.id, "title": self.title, "description": self.description, "language": self.language}
        if self.authors:
            out["authors"] = self.authors
        if self.span:
            out["span"] = list(self.span)
        if self.generated:
            out["generated"] = True
        out["steps"] = [s.to_dict() for s in self.steps]
        return out

    @classmethod
    def from_dict(cls, d: Any) -> "Lesson":
        problems = check_lesson_data(d)
        if problems:
            raise LessonError("; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
        return cls(id=str(d.get("id") or _slug(d.get("title") or "lesson")),
                   title=str(d.get("title") or "Untitled lesson"), description=str(d.get("description") or ""),
                   steps=[Step.from_dict(s) for s in d["steps"]], language=str(d.get("language") or "en"),
                   authors=str(d.get("authors") or ""), span=d.get("span"), generated=bool(d.get("generated")))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:80].strip("-") or "lesson"


def _path_for(lesson_or_path: Any, folder: Path | None) -> Path:
    if isinstance(lesson_or_path, Path) or (isinstance(lesson_or_path, str) and lesson_or_path.endswith(".json")):
        return Path(lesson_or_path)
    return Path(folder or LESSONS_DIR) / f"{_slug(lesson_or_path)}.json"


def load_lesson(path_or_id: str | Path, folder: Path | None = None) -> Lesson:
    """Read a lesson from a path, or by id from ``folder`` (default ``lessons/``); :class:`LessonError` names
    the file and what is wrong (missing, over 1 MB, not JSON, nested too deeply, against the format)."""
    path = _path_for(path_or_id, folder)
    data = read_lesson_data(path)
    try:
        return Lesson.from_dict(data)
    except LessonError as exc:
        raise LessonError(f"{path.name}: {exc}") from None


def save_lesson(lesson: Lesson, path: str | Path | None = None, folder: Path | None = None,
                overwrite: bool = False) -> Path:
    """Write ``lesson`` as pretty UTF-8 JSON (default ``lessons/<id>.json``), atomically, and return the path.

    An existing file is replaced only with ``overwrite=True``, and then kept in ``backups/`` first;
    otherwise :class:`LessonExistsError` is raised and nothing is written."""
    path = Path(path) if path else Path(folder or LESSONS_DIR) / f"{_slug(lesson.id)}.json"
    write_lesson_data(path, lesson.to_dict(), overwrite=overwrite)
    return path


def list_lessons(folder: Path | None = None) -> list[Path]:
    """Lesson files in ``folder`` (default ``lessons/``), sorted by name."""
    return sorted(Path(folder or LESSONS_DIR).glob("*.json"))


def is_map_date(date: Any) -> bool:
    """Whether a step's map date is one the map can show: a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD)."""
    return bool(_ISO.match(str(date)))


def read_map_date(text: str) -> str:
    """A map date as a teacher types it, in the form a lesson file keeps: "26 Sep 2020" -> "2020-09-26",
    "September 2020" -> "2020-09", "2020" (read by the annotator's date finder, so any way it reads a date
    alone); text that is not one date comes back as typed, for :func:`validate_lesson` to name."""
    text = str(text or "").strip()
    if not text or is_map_date(text):
        return text
    from app.dates.parse import find_dates
    found = find_dates(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text) and is_map_date(found[0].date) \
            and found[0].precision in ("year", "month", "day"):          # not a decade ("1990s")
        return found[0].date
    return text


def validate_lesson(lesson: Lesson, events: list[dict], feature_ids: set[str] | None = None) -> list[str]:
    """Problems with ``lesson`` against the current events (empty list = fine).

    Messages are full sentences: unknown event ids are named, as are bad date overrides and highlighted
    features the layers do not have (when ``feature_ids`` is given).
    """
    problems = []
    if not lesson.title.strip():
        problems.append("The lesson has no title.")
    if not lesson.steps:
        problems.append("The lesson has no steps.")
    known = {e["id"] for e in events}
    missing = [s.event_id for s in lesson.steps if s.event_id and s.event_id not in known]
    if missing:
        problems.append("Unknown event id(s): " + ", ".join(dict.fromkeys(missing))
                        + ". The events may have changed since the lesson was saved.")
    for i, s in enumerate(lesson.steps, 1):
        if s.date is not None and not is_map_date(s.date):
            problems.append(f"Step {i}: the map date {s.date!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD).")
        if feature_ids is not None:
            bad = [f for f in s.highlight if f not in feature_ids]
            if bad:
                problems.append(f"Step {i}: unknown feature id(s) to highlight: {', '.join(bad)}.")
    return problems


#: How many of an event's features a step highlights (and the map frames) when the lesson names none.
FOCUS_FEATURES = 3


def focus_features(features: list[str], feats: dict[str, dict] | None) -> list[str]:
    """The features a step about an event highlights: the first few that identify it (no whole countries,
    seas or far-away places: "Blockade" highlighted the Lachin corridor, not Armenia and Azerbaijan)."""
    if not feats:
        return list(features)
    specific = _specific(features, feats)
    return [f for f in features if f in specific][:FOCUS_FEATURES] or list(features)


def _class_first(ev: dict | None, language: str) -> dict | None:
    """The event with its supporting sentences in the class's language first (stable otherwise): a step with
    no quotes of its own shows the first, and an Arabic sentence with no translation went on the projector
    of an English class while an English one said the same."""
    if not ev or not ev.get("support"):
        return ev
    return {**ev, "support": sorted(ev["support"], key=lambda sup: (sup.get("lang") or "") != language)}


def resolve_lesson(lesson: Lesson, events: list[dict],
                   feats: dict[str, dict] | None = None) -> tuple[list[dict], list[str]]:
    """Pair each step with its event; never fails.

    Returns ``(steps, warnings)``.  Each step dict has ``n`` (1-based), ``step`` (the Step), ``event`` (dict
    or None), ``title``, ``note``, ``date`` (the map date: override, else the event's date, else None),
    ``highlight`` (override, else the event's features: with ``feats``, the records by id, only the first
    few that identify it, :func:`focus_features`), ``missing`` (the step names an event that is gone),
    ``free`` (a slide with no event), and the step's own ``question``, ``shows``, ``quotes``, ``sources``,
    ``layers`` and ``view``.  A step whose event is gone keeps its own title and note and gets a warning
    naming the id.
    """
    by_id = {e["id"]: e for e in events}
    out, warnings = [], []
    for n, s in enumerate(lesson.steps, 1):
        ev = _class_first(by_id.get(s.event_id), lesson.language) if s.event_id else None
        missing = bool(s.event_id) and ev is None
        if missing:
            warnings.append(f"Step {n}: event {s.event_id!r} no longer exists; the step is shown without it.")
        out.append({
            "n": n, "step": s, "event": ev, "missing": missing, "free": not s.event_id,
            "title": s.title or (short_title(ev, HEADING_LIMIT) if ev else (s.event_id or f"Step {n}")),
            "note": s.note,
            "date": s.date or (ev["date"] if ev else None),
            "highlight": list(s.highlight) or (focus_features(ev["features"], feats) if ev else []),
            "question": s.question, "shows": s.shows, "quotes": list(s.quotes), "sources": list(s.sources),
            "layers": list(s.layers), "view": s.view,
        })
    return out, warnings


# ---------------------------------------------------------------------------------------------
# The shipped lesson
# ---------------------------------------------------------------------------------------------

def find_event(events: list[dict], date: str, features: list[str], categories: list[str] | None = None,
               exclude: set[str] | None = None) -> dict | None:
    """The best event on ``date`` (compatible precision, or within the month for a day) about ``features``.

    Preference: exactly the queried date, the category is one of ``categories``, more of ``features`` are
    linked, more supporting
    sentences, geodata-backed; events in ``exclude`` are used only when nothing else fits.
    """
    exclude = exclude or set()
    lo, hi = date_bounds(date)
    cands = []
    for e in events:
        e_lo, e_hi = date_bounds(e["date"], e["precision"])
        if not (dates_compatible(e["date"], date) or (e_lo >= lo and e_hi <= hi)):
            continue
        ov = len(set(features) & set(e["features"]))
        if not ov:
            continue
        cat_ok = not categories or e["category"] in categories
        cands.append(((e["id"] not in exclude, e["date"] == date, cat_ok, ov, e["origin"] == "both", len(e["support"]),
                       len(e["sources"]), -abs((e_lo - lo).days)), e))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0], reverse=True)
    return cands[0][1]


def cite_event(ev: dict, max_quote: int = 140) -> str:
    """One English paragraph citing who says it: the documents (by title/file and language) and the sources."""
    parts = []
    seen = set()
    for s in ev.get("support", []):
        if s["doc"] in seen:
            continue
        seen.add(s["doc"])
        lang = LANGUAGE_NAMES.get(s.get("lang") or "", s.get("lang") or "unknown language")
        when = f"dated {s['date']}" + (" (year completed from the document)" if s.get("inferred") else "")
        if s.get("doc_title"):
            parts.append(f"document “{s['doc_title']}” ({s['doc']}, {lang}, {when})")
        else:
            parts.append(f"document {s['doc']} ({lang}, {when})")
    srcs = []
    for src in ev.get("sources", []):
        bits = [src.get("title") or src.get("id")]
        if src.get("publisher"):
            bits.append(src["publisher"])
        if src.get("date"):
            bits.append(str(src["date"]))
        srcs.append(", ".join(str(b) for b in bits if b))
    text = []
    if parts:
        text.append("Supported by " + "; ".join(parts) + ".")
    if srcs:
        text.append("Geodata sources: " + "; ".join(srcs) + ".")
    for d in ev.get("disagreements", []):
        who = ", ".join(sorted({s["doc"] for s in d.get("support", [])} | {s.get("title") or s.get("id") for s in d.get("sources", [])}))
        if d.get("field") == "status":
            text.append(f"Disagreement: the atlas layers say “{d.get('title')}” at that time ({who}).")
        else:
            text.append(f"Disagreement: {who} give{'s' if ',' not in who else ''} {d['date']} instead of {ev['date']}.")
    return " ".join(text) or "No supporting document or source."


#: What the shipped lesson walks through.  Each entry is a *query* into the event list, not an event.
DEFAULT_PLAN: list[dict] = [
    {"date": "2020-11-10", "features": ["nagorno_karabakh", "lachin_corridor"], "categories": ["ceasefire_treaty", "war"],
     "lead": "The 44-day war ends with the trilateral statement of 10 November 2020.",
     "highlight": ["nagorno_karabakh", "lachin_corridor", "zangezur_corridor"]},
    {"date": "2020-11", "features": ["russian_peacekeeping_hq", "lachin_corridor"], "categories": ["base_mission", "corridor"],
     "lead": "Russian peacekeepers take over the Lachin corridor, the only road between Armenia and Karabakh.",
     "highlight": ["lachin_corridor", "russian_peacekeeping_hq"], "date_override": "2021-01-15"},
    {"date": "2022-12", "features": ["lachin_corridor"], "categories": ["blockade"],
     "lead": "From December 2022 the corridor is blockaded.", "highlight": ["lachin_corridor"]},
    {"date": "2023-09", "features": ["nagorno_karabakh", "lachin_corridor"], "categories": ["war"],
     "lead": "Azerbaijan's offensive of 19–20 September 2023, then the exodus along the corridor.",
     "highlight": ["nagorno_karabakh", "lachin_corridor"]},
    {"date": "2024-01-01", "features": ["nagorno_karabakh"], "categories": ["ceasefire_treaty", "diplomacy", "war"],
     "lead": "The self-declared republic is dissolved on 1 January 2024.", "highlight": ["nagorno_karabakh"]},
    {"date": "2024-04-17", "features": ["russian_peacekeeping_hq", "joint_monitoring_center_aghdam"], "categories": ["base_mission"],
     "lead": "In 2024 the Russian peacekeepers leave.", "highlight": ["russian_peacekeeping_hq", "joint_monitoring_center_aghdam"]},
    {"date": "2024-05", "features": ["gazakh_border_villages"], "categories": ["diplomacy", "ceasefire_treaty"],
     "lead": "Armenia returns four Gazakh villages in the first border delimitation.", "highlight": ["gazakh_border_villages"]},
    {"date": "2025-08-08", "features": ["zangezur_corridor"], "categories": ["ceasefire_treaty", "corridor", "diplomacy"],
     "lead": "At the Washington summit of 8 August 2025 the route through Syunik becomes the Trump Route (TRIPP).",
     "highlight": ["zangezur_corridor", "syunik", "nakhchivan"]},
]


def make_default_lesson(events: list[dict], plan: list[dict] | None = None,
                        feature_ids: set[str] | None = None,
                        feature_names: dict[str, str] | None = None) -> tuple[Lesson, list[str]]:
    """Build "From the 2020 war to the Trump Route" from ``events`` by the queries in ``plan``.

    Returns ``(lesson, problems)``; a query that finds no event is reported in ``problems`` and skipped.
    Step titles are the events' titles; notes are an English lead sentence plus :func:`cite_event`.
    """
    plan = plan if plan is not None else DEFAULT_PLAN
    steps, problems, used = [], [], set()
    names_of = {k: without_asides(v) for k, v in (feature_names or {}).items()}
    for q in plan:
        ev = find_event(events, q["date"], q["features"], q.get("categories"), exclude=used)
        if ev is None:
            problems.append(f"No event on {q['date']} about {', '.join(q['features'])}: step “{q['lead']}” left out.")
            continue
        reused = ev["id"] in used
        used.add(ev["id"])
        hl = [f for f in q.get("highlight", []) if feature_ids is None or f in feature_ids]
        hl = list(dict.fromkeys([f for f in ev["features"] if f in q["features"]] + hl))
        note = f"{q['lead']} Event: {ev['title']} ({ev['date']}, {CATEGORY_LABELS[ev['category']].lower()}). {cite_event(ev)}"
        title = ev["title"]
        if reused:  # the same event seen again, later or on other features: say what this step looks at
            names = [names_of.get(f, f) for f in hl if f in ev["features"]] or [names_of.get(f, f) for f in hl]
            title = f"{' and '.join(names[:2])}, as of {q.get('date_override') or ev['date']}"
        steps.append(Step(event_id=ev["id"], title=title, note=note, date=q.get("date_override"), highlight=hl))
    lesson = Lesson(
        id=DEFAULT_LESSON_ID,
        title="From the 2020 war to the Trump Route",
        description=("Eight steps from the ceasefire that ended the 2020 war, through the Lachin corridor's "
                     "blockade and the end of Nagorno-Karabakh, to the 2025 Washington summit and the route "
                     "through Syunik. Each step cites the documents and sources behind it."),
        steps=steps, generated=True,
    )
    return lesson, problems


def _load_everything() -> tuple[list[dict], Any]:
    from app.annotate import annotate_paths
    from app.classroom.events import build_events
    from app.atlas.layers import load_layers

    gdf = load_layers()
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    rows, _errors = annotate_paths(paths)
    meta = {}
    manifest = ROOT / "seeds" / "manifest.json"
    if manifest.exists():
        meta = {d["file"]: d for d in json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])}
    return build_events(rows, gdf, meta), gdf


DRAFTS_DIR = LESSONS_DIR / "drafts"


def _write_draft(lesson: Lesson, out: Path | None) -> Path:
    """Save a generated draft (default ``lessons/drafts/<id>.json``); never replace a lesson written by people."""
    path = out or DRAFTS_DIR / f"{lesson.id}.json"
    if path.exists():
        try:
            old = load_lesson(path)
        except LessonError:
            old = None
        if old is not None and not old.generated:
            raise LessonExistsError(f"{path.name}: a lesson written by people; a draft never replaces it "
                                    "(give --out another file)")
    return save_lesson(lesson, path, overwrite=True)


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m app.lessons make-default`` (a draft in lessons/drafts/) or ``check FILE``.

    Exit codes: 0 fine, 1 problems against the current events, 2 a file that cannot be used."""
    ap = argparse.ArgumentParser(prog="python -m app.lessons", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    mk = sub.add_parser("make-default", help="draft a lesson from the seeds' and geodata's events "
                                             "(written to lessons/drafts/, never over a hand-written lesson)")
    mk.add_argument("--out", type=Path, default=None)
    ck = sub.add_parser("check", help="validate a lesson file against the format and the current events")
    ck.add_argument("file", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "check":
        try:
            lesson = load_lesson(args.file)
        except LessonError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    events, gdf = _load_everything()
    if args.cmd == "make-default":
        lesson, problems = make_default_lesson(events, feature_ids=set(gdf["id"]),
                                               feature_names=dict(zip(gdf["id"], gdf["name"])))
        for p in problems:
            print("warning:", p, file=sys.stderr)
        try:
            path = _write_draft(lesson, args.out)
        except LessonError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"wrote the draft {path} ({len(lesson.steps)} steps)")
        return 0 if lesson.steps else 1
    problems = validate_lesson(lesson, events, set(gdf["id"]))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
