"""The pattern a large store's word search runs (app/text/spellings.py): it finds every text in which
the normaliser's matching finds the word."""
from __future__ import annotations

import re

import duckdb
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.text import normalise
from app.text.spellings import _MAX_FORKS, _sources, folded_pattern

#: Letters that fold (case, accents, ı/İ, ə, ß, æ, þ, Cyrillic look-alikes), marks the normaliser drops, dashes.
ALPHABET = "aAáÄgğĞıIİəƏsSßşcçeеЕoоkкhHþæÆtT -–\u0301\u00ad\u200b"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, min_size=1, max_size=14), st.text(ALPHABET, min_size=1, max_size=6))
def test_the_pattern_finds_the_word_wherever_normalised_matching_does(text, word):
    folded = normalise(word.strip()).text
    _one, many = _sources()
    assume(folded and sum(any(folded.startswith(m, k) for m in many if len(m) <= 3)
                          for k in range(len(folded))) <= _MAX_FORKS)
    if folded in normalise(text).text:
        assert re.search(folded_pattern(word), text), (text, word)


def test_duckdb_reads_the_pattern_as_python_does():
    rows = ["Dağlıq QARABAĞ", "Straße nach Latschin", "Naxc\u0327ivan", "Zangеzur", "Qarabagh", "Strase"]
    con = duckdb.connect()
    for word in ["qarabag", "strasse", "naxcivan", "Zangezur", "q[a]r", "a.b"]:
        pattern = folded_pattern(word)
        found = {r for (r,) in con.execute("SELECT s FROM (SELECT unnest(?) AS s) WHERE regexp_matches(s, ?)",
                                           [rows, pattern]).fetchall()}
        assert found == {r for r in rows if re.search(pattern, r)}, word
    assert {r for r in rows if re.search(folded_pattern("qarabag"), r)} == {"Dağlıq QARABAĞ", "Qarabagh"}
    assert not re.search(folded_pattern("strasse"), "Strase")
    assert folded_pattern("  ") is None and folded_pattern("\u200b") is None
