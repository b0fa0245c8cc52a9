"""Exports of the atlas, and their command line (``python -m app.export``).

Subcommands (argparse); each one is a thin wrapper over a function so that the
UI and other modules can call the same code:

* ``geojson OUT`` – every feature (id, kind, layer, names, description, periods,
  sources, notes and geometry) as one GeoJSON FeatureCollection in WGS 84:
  :func:`features_geojson` / :func:`write_geojson`. With ``--as-of YYYY-MM-DD``
  only the features drawn on that date, each with its period's ``status``,
  ``label``, ``controlled_by`` and ``present`` (:func:`features_on`).

* ``lesson LESSON.json OUT.html`` – the lesson as ONE self-contained HTML file
  that opens offline and steps with Previous/Next and the arrow keys
  (:func:`app.classroom.lesson_html.render_lesson_html`);
* ``handout LESSON.json OUT.html`` – the printable handout
  (:func:`app.classroom.lesson_html.render_handout_html`).

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
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, Sequence

import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping

from app.atlas.layers import GeodataError, load_layers, state_on

__all__ = ["features_geojson", "features_on", "geojson_bytes", "write_geojson", "build_parser", "main"]

_SKIP = {"geometry"}


def _clean(value: Any) -> Any:
    """JSON-safe value: NaN -> None, numpy scalars -> Python."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def features_geojson(gdf: gpd.GeoDataFrame) -> dict:
    """The layers as a GeoJSON FeatureCollection dict (WGS 84; every property kept).

    The layers' ``attribution`` (the data licence, kept by :func:`app.atlas.layers.load_layers` in
    ``gdf.attrs``) is carried as a top-level member, as in ``geodata/features.geojson``.
    """
    credit = gdf.attrs.get("attribution")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    feats = []
    for _, row in gdf.iterrows():
        props = {k: _clean(v) for k, v in row.items() if k not in _SKIP}
        feats.append({"type": "Feature", "id": props["id"], "properties": props,
                      "geometry": mapping(row.geometry)})
    out = {"type": "FeatureCollection"}
    if credit:
        out["attribution"] = credit
    out["features"] = feats
    return out


def features_on(gdf: gpd.GeoDataFrame, on: _dt.date) -> gpd.GeoDataFrame:
    """The features drawn on ``on`` (a period covers the date), each with that period's ``status``,
    ``label`` (the status when the period has none), ``controlled_by`` (actor or feature id of the
    holder, or None), ``present`` and ``period_sources``, plus ``as_of`` (the ISO date)."""
    rows, keep = {k: [] for k in ("status", "label", "controlled_by", "present", "period_sources")}, []
    for fid, periods in zip(gdf.index, gdf["periods"]):
        period = state_on(periods, on)
        if period is None:
            continue
        keep.append(fid)
        rows["status"].append(period.get("status"))
        rows["label"].append(period.get("label") or period.get("status"))
        rows["controlled_by"].append(period.get("controlled_by"))
        rows["present"].append(bool(period["present"]))
        rows["period_sources"].append(list(period.get("sources") or []))
    out = gdf.loc[keep].copy()
    for key, values in rows.items():
        out[key] = pd.Series(values, index=out.index, dtype=object)
    out["as_of"] = on.isoformat()
    return out


def geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """:func:`features_geojson` as UTF-8 JSON bytes (what the app's download button offers)."""
    return json.dumps(features_geojson(gdf), ensure_ascii=False).encode("utf-8")


def write_geojson(out: str | os.PathLike, gdf: gpd.GeoDataFrame | None = None,
                  geodata: str | os.PathLike | None = None, as_of: _dt.date | None = None) -> int:
    """Write the FeatureCollection to ``out`` (``-`` = stdout), only what is drawn on ``as_of`` when
    given (:func:`features_on`); return the number of features."""
    if gdf is None:
        gdf = load_layers(geodata)
    if as_of is not None:
        gdf = features_on(gdf, as_of)
    data = geojson_bytes(gdf)
    if str(out) == "-":
        sys.stdout.buffer.write(data + b"\n")
        sys.stdout.flush()
    else:
        Path(out).write_bytes(data)
    return len(gdf)


def _iso_day(value: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


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
    from app.classroom.lesson_html import render_handout_html, render_lesson_html
    from app.classroom.lessons import load_lesson

    lesson = load_lesson(Path(lesson_path))
    events, gdf = lesson_events(geodata, seeds)
    text = (render_handout_html if handout else render_lesson_html)(lesson, events, gdf)
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


if __name__ == "__main__":
    sys.exit(main())
