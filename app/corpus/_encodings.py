"""Which older encoding the bytes of a file that is not UTF-8 look like, said in words."""
from __future__ import annotations

from app.text.scripts import script_of

__all__ = ["older_encoding"]

#: Code pages named in words; the guess comes from charset-normalizer, trusted for the script it reads.
_CODE_PAGES = {"cp1251": "Windows-1251", "koi8_r": "KOI8-R", "koi8_u": "KOI8-U", "iso8859_5": "ISO-8859-5",
               "mac_cyrillic": "Mac Cyrillic", "cp866": "DOS Cyrillic (866)", "cp1256": "Windows-1256",
               "iso8859_6": "ISO-8859-6", "mac_arabic": "Mac Arabic"}


def older_encoding(body: bytes) -> str:
    """Which older encoding the bytes are probably in, in words: "it looks like Windows-1251 (Cyrillic)" (a
    reader's Windows-1251 Russian file had been told to look at Windows-1256, Arabic). A Latin-script text
    is named as the family (one Latin code page is hard to tell from another); a few words (under 200
    bytes), bytes that are broken UTF-8, or another script (Greek) get the general message."""
    generic = ("it is probably in an older encoding such as Windows-1256 (Arabic, Persian), Windows-1251 "
               "(Cyrillic) or Latin-1")
    if len(body) < 200:          # a few words: too little to tell (20 bytes of Persian read as Russian)
        return generic
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(body[:200_000]).best()
    except Exception:  # noqa: BLE001 - a guess only: the message stands without it
        return generic
    if best is None or best.encoding.startswith("utf"):   # cut off mid-character: not an older encoding
        return generic
    script = script_of(str(best))            # the script the bytes read as, by the annotator's own rule
    page = _CODE_PAGES.get(best.encoding, best.encoding.replace("_", "-").upper())
    if script == "Cyrl":
        return f"it looks like {page} (Cyrillic)"
    if script == "Arab":
        return f"it looks like {page} (Arabic, Persian)"
    if script == "Latn":
        # one Latin code page is hard to tell from another (Turkish cp1254 reads as cp1252): the family
        return ("it looks like an older Latin-script encoding such as Latin-1, Windows-1252 or Windows-1254 "
                "(Turkish, Azerbaijani)")
    return generic
