"""Safe HTML helpers for text that comes from documents.

Every piece of text that comes from a document or an upload (sentences, names,
titles, file names) must pass through :func:`esc` or :func:`highlight` before
it reaches HTML: panels, popups, tooltips and highlights. Nothing in this module
ever concatenates raw document text into markup.

Functions
---------
esc(s)                       -> str   HTML-escape any value (quotes included); bidi controls made visible.
bidi_text(s)                 -> str   esc(s), and each right-to-left run in left-to-right text in <bdi>.
highlight(text, spans, ...)  -> str   escape each piece (as bidi_text), wrap spans in <mark>.
dir_for(lang)                -> str   "rtl" for Arabic-script languages, else "ltr".
lang_attrs(lang)             -> str   ``dir="…" lang="…"`` (+ RTL font style).
safe_href(params)            -> str   a same-page ``?key=value`` link, URL-encoded.
unsafe_parts(html)           -> [str] what in a piece of HTML could run script (for tests/checks).
md_escape(s)                 -> str   text safe inside Streamlit markdown (st.markdown/error/…).
text_dir(s, lang)            -> str   "rtl"/"ltr": the script of most of its letters, else the language's.
bidi(s, lang)                -> str   escaped term isolated in ``<bdi dir="…">`` (RTL inside LTR text).
bidi_quote(s, lang)          -> str   the same between “ ” that stay in the surrounding text's order.
bidi_plain(s, lang)          -> str   plain text isolated with U+2067/U+2066 … U+2069 (widget labels).
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any, Iterable, Mapping
from urllib.parse import urlencode

import regex

__all__ = [
    "RTL_LANGS",
    "RTL_FONT_STACK",
    "esc",
    "bidi_text",
    "BIDI_CONTROLS",
    "highlight",
    "dir_for",
    "lang_attrs",
    "safe_href",
    "resolve_overlaps",
    "unsafe_parts",
    "md_escape",
    "text_dir",
    "bidi",
    "bidi_quote",
    "bidi_plain",
]

#: ISO 639-1 codes of languages written right-to-left (Arabic and Hebrew scripts).
RTL_LANGS = frozenset({"ar", "fa", "ur", "ps", "he", "yi", "ku", "ckb", "sd", "ug", "dv"})

#: CSS font stack that renders Arabic and Persian letters (Noto fonts first); Latin words inside
#: right-to-left text fall through to the same sans-serif as the rest of the page.
RTL_FONT_STACK = '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif'

_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_DATA_KEY_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}$")


#: Bidi controls that open or close an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
#: Unclosed, they reverse or reorder the text after them (a file name ending ``…\u202etxt.exe``), so
#: :func:`esc` shows each as a visible, named mark instead. LRM/RLM/ALM (marks with no scope) stay.
BIDI_CONTROLS = {"\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
                 "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"}
_BIDI_RE = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def _visible_bidi(m: re.Match) -> str:
    return f"\u27e6{BIDI_CONTROLS[m.group()]}\u27e7"      # ⟦RLO⟧


def esc(s: Any) -> str:
    """Return ``s`` as HTML-safe text: ``& < > " '`` escaped; ``None`` becomes ``""``; every bidi
    control (:data:`BIDI_CONTROLS`) shown as a visible mark such as ``⟦RLO⟧`` (never acting on the page)."""
    if s is None:
        return ""
    return html.escape(_BIDI_RE.sub(_visible_bidi, str(s)), quote=True)


_RTL = r"\p{Bidi_Class=R}\p{Bidi_Class=AL}"
#: A right-to-left run: from a strong RTL letter to the last one before the next strong LTR letter or
#: paragraph end (digits, spaces and punctuation between RTL letters belong to the run).
_RTL_RUN = regex.compile(rf"[{_RTL}](?:[^\p{{Bidi_Class=L}}\p{{Bidi_Class=B}}{_RTL}]*[{_RTL}])*")
_FIRST_STRONG = regex.compile(rf"[\p{{Bidi_Class=L}}{_RTL}]")


def base_direction(text: str) -> str:
    """``"rtl"`` when the first strong letter of ``text`` is right-to-left, else ``"ltr"``."""
    m = _FIRST_STRONG.search(text or "")
    return "rtl" if m and not regex.match(r"\p{Bidi_Class=L}", m.group()) else "ltr"


def bidi_text(s: Any, base: str | None = None) -> str:
    """``esc(s)``, with each right-to-left run inside left-to-right text wrapped in ``<bdi>``.

    ``base`` is the direction of the surrounding text (``"ltr"``/``"rtl"``; by default the
    direction of ``s``'s first strong letter). In right-to-left text nothing is wrapped. A Persian
    name in an English sentence then cannot reorder the punctuation and numbers around it.
    """
    text = "" if s is None else str(s)
    if (base or base_direction(text)) == "rtl":
        return esc(text)
    out, pos = [], 0
    for m in _RTL_RUN.finditer(text):
        out.append(esc(text[pos:m.start()]))
        out.append(f"<bdi>{esc(m.group())}</bdi>")
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def dir_for(lang: str | None) -> str:
    """Writing direction of a language code: ``"rtl"`` for ar, fa, … else ``"ltr"``."""
    if not lang:
        return "ltr"
    return "rtl" if str(lang).split("-")[0].lower() in RTL_LANGS else "ltr"


def _clean_lang(lang: str | None) -> str | None:
    if lang and _LANG_RE.match(str(lang)):
        return str(lang)
    return None


def lang_attrs(lang: str | None, *, font: bool = True) -> str:
    """Attributes for an element holding text in ``lang``.

    Returns e.g. ``dir="rtl" lang="fa" style="font-family: …"`` for Persian and
    ``dir="ltr" lang="en"`` for English. An invalid language code is dropped
    (it never reaches the markup).
    """
    d = dir_for(lang)
    parts = [f'dir="{d}"']
    code = _clean_lang(lang)
    if code:
        parts.append(f'lang="{esc(code)}"')
    if font and d == "rtl":
        parts.append(f'style="font-family: {esc(RTL_FONT_STACK)}; text-align: right"')
    return " ".join(parts)


def safe_href(params: Mapping[str, Any], fragment: str | None = None) -> str:
    """A same-page link ``?k=v&…[#fragment]`` with every value URL-encoded.

    The result always starts with ``?``, so it can never be a ``javascript:``
    (or any other scheme) URL, whatever the values contain. It is also
    HTML-escaped, ready to sit inside a double-quoted attribute.
    """
    items = [(str(k), "" if v is None else str(v)) for k, v in params.items()]
    url = "?" + urlencode(items)
    if fragment:
        url += "#" + re.sub(r"[^A-Za-z0-9_-]", "", str(fragment))
    return esc(url)


def resolve_overlaps(spans: Iterable[Mapping[str, Any]], length: int | None = None) -> list[dict]:
    """Sort spans by start and drop those that overlap an earlier (or longer) one.

    Each span is a mapping with ``start`` and ``end`` (ints, end exclusive). At
    equal starts the longer span wins ("Lachin corridor" over "Lachin"). Spans
    that are empty, negative or (when ``length`` is given) outside the text are
    dropped.
    """
    good = []
    for sp in spans:
        try:
            a, b = int(sp["start"]), int(sp["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if a < 0 or b <= a or (length is not None and b > length):
            continue
        good.append(dict(sp, start=a, end=b))
    good.sort(key=lambda s: (s["start"], -(s["end"] - s["start"])))
    out: list[dict] = []
    last_end = -1
    for sp in good:
        if sp["start"] >= last_end:
            out.append(sp)
            last_end = sp["end"]
    return out


def _data_attrs(data: Mapping[str, Any] | None) -> str:
    if not data:
        return ""
    parts = []
    for k, v in data.items():
        if v is None or not _DATA_KEY_RE.match(str(k)):
            continue
        parts.append(f' data-{k}="{esc(v)}"')
    return "".join(parts)


def highlight(
    text: str,
    spans: Iterable[Mapping[str, Any]],
    *,
    tag: str = "mark",
    css_class: str = "mention",
    href: Any = None,
    title: Any = None,
    base: str | None = None,
) -> str:
    """Escape ``text`` and wrap each span in ``<mark>`` (or a link).

    ``spans`` are mappings with ``start``/``end`` offsets into ``text`` and any of
    ``id``, ``kind``, ``via`` (written as ``data-*`` attributes, escaped). Overlaps
    are resolved with :func:`resolve_overlaps`.

    ``href`` is an optional callable ``span -> dict of query params``; when it
    returns a mapping the mark is wrapped in ``<a href="?…">`` built by
    :func:`safe_href` (never a raw URL). ``title`` is an optional callable
    ``span -> str`` for a tooltip (escaped).

    Every piece of ``text``, inside or outside a span, is escaped (bidi controls
    shown, right-to-left runs in left-to-right text in ``<bdi>``, see
    :func:`bidi_text`; ``base`` is the text's direction, by default its first
    strong letter's): the result never contains markup that came from ``text``.
    """
    if tag not in {"mark", "span", "strong", "em", "b"}:
        raise ValueError(f"unsupported tag {tag!r}")
    text = "" if text is None else str(text)
    marks = resolve_overlaps(spans, len(text))
    # (position, close=0/open=1, nesting key, mark outside bdi when equal, markup)
    events: list[tuple[int, int, int, int, str]] = []
    for sp in marks:
        a, b = sp["start"], sp["end"]
        data = {k: sp.get(k) for k in ("id", "kind", "via") if sp.get(k) is not None}
        tip = title(sp) if callable(title) else None
        tip_attr = f' title="{esc(tip)}"' if tip else ""
        params = href(sp) if callable(href) else None
        link = f'<a href="{safe_href(params)}" target="_self">' if params else ""
        events.append((a, 1, -b, 0, f'{link}<{tag} class="{esc(css_class)}"{_data_attrs(data)}{tip_attr}>'))
        events.append((b, 0, -a, 1, f"</{tag}>" + ("</a>" if link else "")))
    for a, b in _isolates(text, [(sp["start"], sp["end"]) for sp in marks], base or base_direction(text)):
        events.append((a, 1, -b, 1, "<bdi>"))
        events.append((b, 0, -a, 0, "</bdi>"))
    events.sort(key=lambda e: e[:4])
    pieces: list[str] = []
    pos = 0
    for at, _, _, _, markup in events:
        pieces.append(esc(text[pos:at]))
        pieces.append(markup)
        pos = at
    pieces.append(esc(text[pos:]))
    return "".join(pieces)


def _isolates(text: str, marks: list[tuple[int, int]], base: str) -> list[tuple[int, int]]:
    """The right-to-left runs of ``text`` to wrap in ``<bdi>`` (none when ``base`` is ``"rtl"``), each
    widened to the marks it cuts so that tags nest; ``marks`` are sorted and do not overlap."""
    if base == "rtl":
        return []
    out: list[tuple[int, int]] = []
    j = 0
    for m in _RTL_RUN.finditer(text):
        a, b = m.span()
        while j < len(marks) and marks[j][1] <= a:
            j += 1
        if j < len(marks) and marks[j][0] < a < marks[j][1] < b:
            a = marks[j][0]                 # a mark cut by the run's start
        k = j
        while k < len(marks) and marks[k][0] < b:
            if marks[k][0] >= a:
                b = max(b, marks[k][1])     # a mark cut by the run's end
            k += 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


_SCRIPT_TAGS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "base",
                          "meta", "link", "form", "svg", "math"})
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
                        "background", "poster"})


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SCRIPT_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name in _URL_ATTRS:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if re.match(r"^(javascript|vbscript|data):", scheme):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and re.search(r"expression\(|url\(", value, re.I):
                self.problems.append(f"style with url()/expression() on <{tag}>")

    handle_startendtag = handle_starttag


def unsafe_parts(markup: str) -> list[str]:
    """What in ``markup`` could run script: script-capable elements (``<script>``,
    ``<iframe>``, …), ``on*=`` event-handler attributes, and ``javascript:``/
    ``data:`` URLs in ``href``/``src``-like attributes. Empty list = safe.

    Parses like a browser would (entities decoded), so escaped text such as
    ``&lt;script&gt;`` is (correctly) not reported.
    """
    audit = _Audit()
    audit.feed(markup or "")
    audit.close()
    return audit.problems


_AUTOLINK_SCHEME = re.compile(r"(?i)([a-z][a-z0-9+.-]*:)(//)")
_AUTOLINK_WWW = re.compile(r"(?i)\b(www)\.")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def md_escape(s: Any) -> str:
    """Text for Streamlit markdown (``st.markdown``, ``st.error``, button labels, …).

    Every markdown-active character is backslash-escaped and ``<``/``>``/``&``
    are HTML-escaped, so a file name like ``[x](javascript:alert(1))`` or
    ``**<b>x</b>**`` shows literally; a zero-width space inside every ``scheme://``
    and ``www.`` keeps Markdown's autolinks from turning a document's or a lesson's
    text into a link.
    """
    if s is None:
        return ""
    out = _AUTOLINK_WWW.sub("\\1\u200b.", _AUTOLINK_SCHEME.sub("\\1\u200b\\2", str(s)))
    return _MD_SPECIAL.sub(r"\\\1", out).replace("&", "&amp;").replace("\\<", "&lt;").replace(
        "\\>", "&gt;")


# --------------------------------------------------------------------------- bidi isolation


def text_dir(s: Any, lang: str | None = None) -> str:
    """Direction of a piece of text: ``"rtl"`` when most of its letters are of a
    right-to-left script (Arabic, Hebrew), else ``"ltr"``; with no letter, that of
    ``lang``. ("استانیسلاو پریتچین (Stanislav Pritchin), head of …" is left to right.)"""
    rtl = ltr = 0
    for ch in "" if s is None else str(s):
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    if rtl == ltr == 0:
        return dir_for(lang)
    return "rtl" if rtl > ltr else "ltr"


def bidi(s: Any, lang: str | None = None) -> str:
    """``s`` escaped and isolated from the text around it: ``<bdi dir="rtl" lang="fa">…</bdi>``.

    Use it for every term, name or title from a document that sits inside a
    line of other text (a Persian name in an English sentence): its letters and
    the punctuation next to it then keep their order. ``lang`` is written when
    it is a valid code and of that direction; the direction comes from the text itself
    (see :func:`text_dir`).
    """
    d = text_dir(s, lang)
    code = _clean_lang(lang)
    la = f' lang="{esc(code)}"' if code and dir_for(code) == d else ""
    return f'<bdi dir="{d}"{la}>{esc(s)}</bdi>'


def bidi_quote(s: Any, lang: str | None = None) -> str:
    """``“term”`` for running English text: the quote marks belong to the surrounding
    (left-to-right) line and the term is isolated inside them with :func:`bidi`, so a
    Persian term reads “کریدور زنگزور”, never ”کریدور زنگزور“."""
    return f'<span class="term">\u201c{bidi(s, lang)}\u201d</span>'


_LRI, _RLI, _PDI = "\u2066", "\u2067", "\u2069"


def bidi_plain(s: Any, lang: str | None = None) -> str:
    """``s`` between Unicode isolate marks (RLI or LRI … PDI), for plain-text places
    that take no HTML (button and select-box labels). Not escaped: escape for the
    place it goes (e.g. :func:`md_escape`) first, then isolate."""
    text = "" if s is None else str(s)
    return (_RLI if text_dir(text, lang) == "rtl" else _LRI) + text + _PDI
