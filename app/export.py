"""Exports of the atlas, and their command line (``python -m app.export``).

Subcommands (argparse); each one is a thin wrapper over a function so that the
UI and other modules can call the same code:

* ``geojson OUT`` – every feature (id, kind, layer, names, description, periods,
  sources, notes and geometry) as one GeoJSON FeatureCollection in WGS 84:
  :func:`app.atlas.geojson.features_geojson` / :func:`app.atlas.geojson.write_geojson`.
  With ``--as-of YYYY-MM-DD`` only the features drawn on that date, each with its
  period's ``status``, ``label``, ``controlled_by`` and ``present``
  (:func:`app.atlas.geojson.features_on`).

* ``lesson LESSON.json OUT.html`` – the lesson as ONE self-contained HTML file
  that opens offline and steps with Previous/Next and the arrow keys
  (:func:`app.classroom.lesson_html.render_lesson_html`);
* ``handout LESSON.json OUT.html`` – the printable handout
  (:func:`app.classroom.handout.render_handout`).

Both lesson exports use the events of the corpus (``--seeds``, default
``seeds/``) and the layers (``--geodata``).

Example::

    python -m app.export geojson atlas.geojson
    python -m app.export geojson karabakh-2019.geojson --as-of 2019-06-01
    python -m app.export lesson lessons/from-2020-war-to-trump-route.json lesson.html
    python -m app.export handout lessons/from-2020-war-to-trump-route.json handout.html
    python -m app.export geojson - --geodata tests/fixtures/features.geojson
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from pathlib import Path
from typing import Sequence

# the GeoJSON export lives in app.atlas.geojson; re-exported here for old imports
from app.atlas.geojson import features_geojson, features_on, geojson_bytes, write_geojson
from app.atlas.layers import GeodataError, load_layers
from app.atlas.mapdata import MIN_DAY

__all__ = ["features_geojson", "features_on", "geojson_bytes", "write_geojson", "build_parser", "main"]


def _iso_day(value: str) -> _dt.date:
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None
    if day < MIN_DAY:
        raise argparse.ArgumentTypeError(
            f"{value} is before {MIN_DAY:%-d %B %Y}, where the atlas begins: its data does not say who held "
            "what before then")
    return day


def _cmd_geojson(args: argparse.Namespace) -> int:
    n = write_geojson(args.out, geodata=args.geodata, as_of=args.as_of)
    if args.out != "-":
        print(f"wrote {n} features to {args.out}", file=sys.stderr)
    return 0


def lesson_events(geodata: str | os.PathLike | None = None, seeds: str | os.PathLike | None = None):
    """(events, layers) from the corpus in ``seeds`` and the layers in ``geodata``."""
    from app.annotate import annotate_paths
    from app.corpus import load_corpus
    from app.classroom.events import build_events

    gdf = load_layers(geodata)
    folder = Path(seeds) if seeds else Path(__file__).resolve().parent.parent / "seeds"
    docs, _ = load_corpus([folder])
    rows, errors = annotate_paths([folder])
    for e in errors:
        print(f"warning: {e}", file=sys.stderr)
    return build_events(rows, gdf, {d.name: d.meta for d in docs}), gdf


def write_lesson(lesson_path: str | os.PathLike, out: str | os.PathLike, handout: bool = False,
                 geodata: str | os.PathLike | None = None, seeds: str | os.PathLike | None = None) -> int:
    """Write the lesson (or its handout) as HTML to ``out`` (``-`` = stdout); return the bytes written."""
    from app.classroom.handout import render_handout
    from app.classroom.lesson_html import render_lesson_html
    from app.classroom.lessons import load_lesson

    lesson = load_lesson(Path(lesson_path))
    events, gdf = lesson_events(geodata, seeds)
    text = (render_handout if handout else render_lesson_html)(lesson, events, gdf)
    data = text.encode("utf-8")
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(out).write_bytes(data)
    return len(data)


def _cmd_lesson(args: argparse.Namespace) -> int:
    n = write_lesson(args.lesson, args.out, handout=args.command == "handout", geodata=args.geodata,
                     seeds=args.seeds)
    if args.out != "-":
        print(f"wrote {args.out} ({n:,} bytes)", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m app.export`` parser; add subcommands here."""
    parser = argparse.ArgumentParser(prog="python -m app.export", description="Export the South Caucasus Atlas.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("geojson", help="every feature as one GeoJSON FeatureCollection (WGS 84)")
    p.add_argument("out", help="output file, or - for stdout")
    p.add_argument("--geodata", default=None,
                   help="layers file (default: $ATLAS_GEODATA or geodata/features.geojson)")
    p.add_argument("--as-of", type=_iso_day, default=None, metavar="YYYY-MM-DD",
                   help="only the features drawn on this date, with that date's status, label and controlled_by")
    p.set_defaults(func=_cmd_geojson)
    for name, what in (("lesson", "the lesson as one self-contained HTML file (opens offline, steps with ←/→)"),
                       ("handout", "the lesson's printable handout (HTML, one page per step)")):
        p = sub.add_parser(name, help=what)
        p.add_argument("lesson", help="lesson file (lessons/<id>.json)")
        p.add_argument("out", help="output HTML file, or - for stdout")
        p.add_argument("--geodata", default=None,
                       help="layers file (default: $ATLAS_GEODATA or geodata/features.geojson)")
        p.add_argument("--seeds", default=None, help="corpus folder (default: seeds/)")
        p.set_defaults(func=_cmd_lesson)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; geodata problems print a one-line error and exit with status 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GeodataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # app.classroom.lessons.LessonError: the message names the file
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:     # an output that cannot be written, an input that cannot be read
        print(f"error: {exc.filename or ''}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
