"""Take-home lessons: the offline lesson page (``lesson_page``) and the printable handout (``handout``), and their CLI."""
from __future__ import annotations

from pathlib import Path

from app.classroom.lesson_data import (SIMPLIFY_DEG, credit_sentence, data_attribution, embed_json, human_date,
                                       lesson_payload)
from app.classroom.lesson_page import render_lesson_html

_credit_sentence = credit_sentence   # the old private names, still imported by other modules

__all__ = ["render_lesson_html", "lesson_payload", "embed_json", "SIMPLIFY_DEG",
           "human_date", "data_attribution"]


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m app.classroom.lesson_html LESSON.json OUT.html [--handout]`` using the real data."""
    import argparse

    from app.classroom.lessons import _load_everything, load_lesson

    ap = argparse.ArgumentParser(prog="python -m app.classroom.lesson_html")
    ap.add_argument("lesson")
    ap.add_argument("out", type=Path)
    ap.add_argument("--handout", action="store_true")
    a = ap.parse_args(argv)
    events, gdf = _load_everything()
    lesson = load_lesson(a.lesson)
    from app.classroom.handout import render_handout

    render = render_handout if a.handout else render_lesson_html
    a.out.write_text(render(lesson, events, gdf), encoding="utf-8")
    print(f"wrote {a.out} ({a.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
