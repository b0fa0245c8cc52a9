"""The ways texts write an Arabic-script word: Persian and Arabic letter forms (a large store's word search)."""

from __future__ import annotations

__all__ = ["written_forms"]

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
