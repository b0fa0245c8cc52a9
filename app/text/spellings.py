"""The ways texts write a word, for a large store's word search: Arabic-script letter forms, and a pattern for the rest."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["written_forms", "folded_pattern"]

#: Letters that the two keyboards write differently, to their Persian and their Arabic form.
_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})
_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
#: Marks a typed query may carry that the text may not (harakat, superscript alef, tatweel, ZWNJ/ZWJ, bidi marks).
_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200C, 0x200D, 0x200E, 0x200F])


def is_arabic_script(text: str) -> bool:
    """Whether ``text`` holds a letter of the Arabic block (Arabic, Persian, Urdu …)."""
    return any("\u0600" <= c <= "\u06ff" for c in text)


def written_forms(word: str) -> list[str]:
    """``word`` as typed and, for an Arabic-script word, as a Persian and an Arabic keyboard write it
    (ی/ي/ى, ک/ك, ه/ة), without marks that the text may leave out; at most four distinct forms, typed
    first. Documents are consistent within themselves, so these find what letter-by-letter folding would
    in nearly every text; the caller still matches what it reads with :func:`app.text.normalise`."""
    typed = word.strip()
    if not typed or not is_arabic_script(typed):
        return [typed] if typed else []
    bare = typed.translate(_MARKS)
    persian = bare.translate(_PERSIAN)
    arabic = persian.translate(_ARABIC)
    forms = [typed, persian, arabic]
    if arabic.endswith("ي"):
        forms.append(arabic[:-1] + "ى")             # a final ya written as alif maqsura (موسى)
    return list(dict.fromkeys(f for f in forms if f))


#: Characters the normaliser deletes (combining marks, soft hyphen, zero-width and bidi marks): a text may
#: carry them inside a word, between any two letters.
_DELETED = ("[" + "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in (
    (0x0300, 0x036F), (0x00AD, 0x00AD), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
    (0xFEFF, 0xFEFF))) + "]*")


@lru_cache(maxsize=1)
def _sources() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """What each folded character, and each folded pair (ß -> ss), may be written as: from the
    normaliser's own table (case, accents, ı/ə, dashes, quotes, spaces, digits of other scripts) and the
    Cyrillic and Latin look-alike letters it reads in a word of the other script."""
    from app.text import normalisation as norm

    table, _lens = norm._tables()
    one: dict[str, set[str]] = {}
    many: dict[str, list[str]] = {}
    for cp, out in table.items():
        if len(out) == 1:
            one.setdefault(out, set()).add(chr(cp))
        elif len(out) > 1 and (cp < 0x2000 or 0xFB00 <= cp <= 0xFB06):
            # letters (ß, æ, œ, þ, ĳ) and the Latin ligatures; not the squared units of CJK fonts (㏏ -> kt)
            many.setdefault(out, []).append(chr(cp))
    # a word of one script with a look-alike letter of the other is read in its own script (Zangеzur)
    written = {k: set(v) for k, v in one.items()}
    for lookalikes in (norm._CYR_TO_LAT, norm._LAT_TO_CYR):
        for other, own in lookalikes.items():
            one.setdefault(own, set()).update({other, other.upper()} | written.get(other, set()))
    return ({k: frozenset(v | {k}) for k, v in one.items()},
            {k: tuple(sorted(v)) for k, v in many.items()})


@lru_cache(maxsize=1)
def _lookalike_table() -> dict[int, str]:
    """Cyrillic letters to the Latin letters they look like (the normaliser reads either as the other in
    a word of the other script)."""
    from app.text import normalisation as norm

    return str.maketrans(norm._CYR_TO_LAT)


#: Places in a word where a character folding to two or three letters may stand, at most (see folded_pattern).
_MAX_FORKS = 4


def _char(c: str) -> str:
    """One character as written in a pattern that RE2 (DuckDB's ``regexp_matches``) and Python both read."""
    return "\\" + c if c in "\\[]^-.|?*+(){}$" else c


def folded_pattern(word: str) -> str | None:
    """A regular expression (RE2 and Python ``re``) that finds ``word`` in a text as
    :func:`app.text.normalise` matching would: each letter in any case and with or without its accents
    (``Qarabag`` finds ``Qarabağ``, ``naxcivan`` finds ``NAXÇIVAN``), ``ss`` also as ``ß``, and marks
    the normaliser drops allowed between letters. Looser than that matching in rare cases (the caller
    checks what it reads); None for a word that folds to nothing."""
    from app.text import normalise

    q = normalise(word.strip()).text
    if not q:
        return None
    one, many = _sources()
    letters = [set(one.get(ch, {ch})) for ch in q]
    # compared with the folds of ß, æ … as the normaliser would read them in a word of either script
    canon = _lookalike_table()
    cq = q.translate(canon)
    many_c = [(m.translate(canon), sources) for m, sources in many.items() if len(m) <= 3]
    # a character folding to several letters may stand where the word begins or ends with part of them
    for m, sources in many_c:
        if (len(cq) == 1 and cq in m) or m.endswith(cq[0]):
            letters[0].update(sources)
        if m.startswith(cq[-1]):
            letters[-1].update(sources)
    cls = ["[" + "".join(_char(c) for c in sorted(chars)) + "]" for chars in letters]
    # where the folded word holds what one character folds to (ss: ß, ae: æ), either spelling; past a few
    # such places, the letters only (the pattern would double with each)
    starts = [k for k in range(len(cq)) if any(cq.startswith(m, k) for m, _s in many_c)][:_MAX_FORKS]

    @lru_cache(maxsize=None)
    def rest(k: int) -> str:
        if k >= len(q):
            return ""
        alts = [cls[k] + (_DELETED + rest(k + 1) if k + 1 < len(q) else "")]
        if k in starts:
            for m, sources in many_c:
                if cq.startswith(m, k):
                    tail = rest(k + len(m))
                    alts.append("(?:" + "|".join(_char(c) for c in sources) + ")" + (_DELETED + tail if tail else ""))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return rest(0)
