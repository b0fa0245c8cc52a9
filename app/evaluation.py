"""Scores against a gold file: precision and recall of places, actors and dates per language."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, TextIO

from app.corpus import CorpusError
from app.gazetteer import Gazetteer

KINDS = ("places", "actors", "dates")


@dataclass
class Count:
    """Gold items, items found, and items found that the gold holds."""

    gold: int = 0
    found: int = 0
    correct: int = 0

    def add(self, gold: set, found: set) -> None:
        self.gold += len(gold)
        self.found += len(found)
        self.correct += len(gold & found)

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None


def read_gold(path) -> dict[str, dict]:
    """The gold file (docs/DATA.md, "Gold file for --eval") as ``{file name: record}``."""
    gold: dict[str, dict] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("file"), str):
            raise ValueError(f'{path}:{n}: each line needs a "file" name')
        gold[Path(rec["file"]).name] = rec
    return gold


def _gold_sets(rec: dict, gaz: Gazetteer) -> dict[str, set]:
    ids = {i for i in rec.get("ids") or [] if isinstance(i, str)}
    return {"places": {i for i in ids if gaz.kind_of(i) == "place"},
            "actors": {i for i in ids if gaz.kind_of(i) == "actor"},
            "dates": {d for d in rec.get("dates") or [] if isinstance(d, str)}}


def _found_sets(rows: list[dict]) -> dict[str, set]:
    return {"places": {r["id"] for r in rows if r["kind"] == "place" and r["id"]},
            "actors": {r["id"] for r in rows if r["kind"] == "actor" and r["id"]},
            "dates": {r["date"] for r in rows if r["kind"] == "date" and r["date"]}}


def score(gold: dict[str, dict], annotated: Iterable, gaz: Gazetteer
          ) -> tuple[dict[tuple[str, str], Count], list[str]]:
    """Counts per ``(language, kind)`` (with ``"all"`` for either) and the problems found.

    ``annotated`` yields ``(Document | CorpusError, rows)`` (:func:`app.annotate.iter_annotations`).
    Per document, the ids and dates found are compared as sets with the gold's; a gold
    document that is not among the inputs counts as found empty; inputs without gold are
    not scored.
    """
    counts: dict[tuple[str, str], Count] = defaultdict(Count)
    problems: list[str] = []
    seen: set[str] = set()

    def add(lang: str, gold_sets: dict, found_sets: dict) -> None:
        for kind in KINDS:
            for key in ((lang, kind), (lang, "all"), ("all", kind), ("all", "all")):
                counts[key].add(gold_sets[kind], found_sets[kind])

    for item, rows in annotated:
        if isinstance(item, CorpusError):
            problems.append(str(item))
            continue
        rec = gold.get(item.name)
        if rec is None:
            continue
        seen.add(item.name)
        add(rec.get("lang") or item.lang or "unknown", _gold_sets(rec, gaz), _found_sets(rows))
    empty = {kind: set() for kind in KINDS}
    for name in sorted(set(gold) - seen):
        problems.append(f"{name}: in the gold file but not among the inputs (scored as found empty)")
        add(gold[name].get("lang") or "unknown", _gold_sets(gold[name], gaz), empty)
    return dict(counts), problems


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def write_report(counts: dict[tuple[str, str], Count], out: TextIO) -> None:
    """A plain table: one line per language and kind, then all languages."""
    langs = sorted({lang for lang, _ in counts if lang != "all"}) + ["all"]
    out.write(f"{'language':8s}  {'kind':6s}  {'gold':>5s}  {'found':>5s}  {'correct':>7s}  "
              f"{'precision':>9s}  {'recall':>6s}\n")
    for lang in langs:
        for kind in KINDS + ("all",):
            c = counts.get((lang, kind))
            if c is None or (not c.gold and not c.found):
                continue
            out.write(f"{lang:8s}  {kind:6s}  {c.gold:5d}  {c.found:5d}  {c.correct:7d}  "
                      f"{_fmt(c.precision):>9s}  {_fmt(c.recall):>6s}\n")
