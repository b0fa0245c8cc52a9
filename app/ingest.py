"""Command line: ``python -m app.ingest PATH... [--store DIR] [--workers N | --dask ADDRESS]`` fills the store.

The store then mirrors the inputs: new and changed documents are annotated, unchanged ones kept, documents
no longer in the inputs dropped. A bad document is named on stderr and the others go in (exit code 1 when
any failed). A progress bar goes to stderr on a terminal; the summary line always goes to stdout.
"""
from __future__ import annotations

import argparse
import sys

from app.corpus.ingest import ingest, input_bytes
from app.corpus.store import Store, default_dir


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    ap = argparse.ArgumentParser(prog="python -m app.ingest", description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", metavar="PATH",
                    help=".txt/.md files or folders, .jsonl/.csv files of articles, .zip archives of either")
    ap.add_argument("--store", metavar="DIR", help=f"store folder (default: $ATLAS_STORE or {default_dir()})")
    ap.add_argument("--workers", type=int, default=1, metavar="N",
                    help="annotate on N local Dask worker processes (default 1: in this process)")
    ap.add_argument("--dask", metavar="ADDRESS", help="annotate on an existing Dask cluster (tcp://host:8786)")
    ap.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error("--workers must be 1 or more")

    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=input_bytes(args.paths), unit="B", unit_scale=True, desc="ingest", file=sys.stderr)
    try:
        summary = ingest(args.paths, Store(args.store) if args.store else Store(),
                         workers=args.workers, dask=args.dask, progress=bar)
    except (OSError, TimeoutError) as exc:
        where = f"the Dask cluster at {args.dask}" if args.dask else "the store"
        print(f"error: cannot use {where}: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.update(max(0, bar.total - bar.n))  # the inputs' bytes include JSON/CSV framing: end at 100 %
            bar.close()
    for msg in summary.failed:
        print(f"error: {msg}", file=sys.stderr)
    print(summary.text())
    return 1 if summary.failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
