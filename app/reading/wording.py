"""Counts in plain words for what readers see: "1 sentence", "3 documents", "1,204 mentions"."""
from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and ``noun`` in the singular for 1, else ``plural`` (default noun + "s")."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
