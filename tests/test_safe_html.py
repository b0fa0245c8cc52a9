"""Escaping and highlighting: document text never becomes markup."""

from app.safe_html import dir_for, esc, highlight, lang_attrs, resolve_overlaps, safe_href, unsafe_parts

HOSTILE = 'Syunik <script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">Meghri</a>'


def test_esc_escapes_markup_and_quotes():
    assert esc('<b a="1">\'&') == "&lt;b a=&quot;1&quot;&gt;&#x27;&amp;"
    assert esc(None) == ""
    assert esc(42) == "42"


def test_highlight_wraps_span_and_escapes_everything():
    spans = [{"start": 0, "end": 6, "id": "syunik"},
             {"start": HOSTILE.index("Meghri"), "end": HOSTILE.index("Meghri") + 6, "id": "meghri"}]
    out = highlight(HOSTILE, spans)
    assert out.startswith('<mark class="mention" data-id="syunik">Syunik</mark>')
    assert '<mark class="mention" data-id="meghri">Meghri</mark>' in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<script" not in out and "<img" not in out
    assert unsafe_parts(out) == []


def test_highlight_escapes_text_inside_the_span_and_in_data_attributes():
    text = "<script>x</script>"
    out = highlight(text, [{"start": 0, "end": len(text), "id": '"><script>', "kind": "place"}])
    assert "<script" not in out
    assert 'data-id="&quot;&gt;&lt;script&gt;"' in out
    assert unsafe_parts(out) == []


def test_highlight_resolves_overlaps_longest_first_and_drops_bad_spans():
    text = "Lachin corridor and Lachin"
    spans = [{"start": 0, "end": 6, "id": "lachin"}, {"start": 0, "end": 15, "id": "lachin_corridor"},
             {"start": 20, "end": 26, "id": "lachin"}, {"start": 5, "end": 99}, {"start": 3, "end": 3}]
    kept = resolve_overlaps(spans, len(text))
    assert [(s["start"], s["end"]) for s in kept] == [(0, 15), (20, 26)]
    out = highlight(text, spans)
    assert out.count("<mark") == 2
    assert 'data-id="lachin_corridor">Lachin corridor</mark>' in out


def test_highlight_links_are_query_links_never_javascript():
    text = "Meghri"
    out = highlight(text, [{"start": 0, "end": 6, "id": "javascript:alert(1)"}],
                    href=lambda sp: {"feature": sp["id"]})
    assert 'href="?feature=javascript%3Aalert%281%29"' in out
    assert unsafe_parts(out) == []


def test_safe_href_encodes_and_strips_fragment():
    h = safe_href({"doc": 'a b&"<x>', "s": 12}, fragment='s-12"><script>')
    assert h == "?doc=a+b%26%22%3Cx%3E&amp;s=12#s-12script"


def test_dir_and_lang_attrs():
    assert dir_for("fa") == "rtl" and dir_for("ar") == "rtl" and dir_for("en") == "ltr"
    assert dir_for(None) == "ltr"
    a = lang_attrs("fa")
    assert 'dir="rtl"' in a and 'lang="fa"' in a and "Noto Naskh Arabic" in a
    assert lang_attrs("sv") == 'dir="ltr" lang="sv"'
    assert "lang=" not in lang_attrs('"><script>')  # an invalid code never reaches markup


def test_unsafe_parts_detects_what_a_browser_would_run():
    assert unsafe_parts("<p>ok</p>") == []
    assert unsafe_parts("<script>x</script>")
    assert unsafe_parts('<img src=x onerror="alert(1)">')
    assert unsafe_parts('<a href="JavaScript:alert(1)">x</a>')
    assert unsafe_parts('<a href="java&#x09;script:alert(1)">x</a>')  # entity-encoded tab
    assert unsafe_parts("&lt;script&gt;") == []


def test_md_escape_leaves_no_active_markdown_or_html():
    from app.safe_html import md_escape

    s = "[x](javascript:alert(1)) **<b>a_b</b>** `c` # h"
    out = md_escape(s)
    assert "<" not in out and ">" not in out
    for ch in "[]()*_`#:":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch), ch
    assert md_escape(None) == ""
    # no autolink: a document's or lesson's URL shows as text, never as a link out of the atlas
    for url in ("see https://example.org/x", "www.example.org", "HTTP://EXAMPLE.ORG"):
        out = md_escape(url)
        assert "://" not in out and "www." not in out.lower() and "\u200b" in out


def test_bidi_isolates_right_to_left_terms_and_escapes_them():
    from app.safe_html import bidi, bidi_plain, bidi_quote, text_dir

    assert bidi("کریدور زنگزور", "fa") == '<bdi dir="rtl" lang="fa">کریدور زنگزور</bdi>'
    # the direction comes from the text: a Latin name in a Persian document is left to right
    assert bidi("NATO", "fa") == '<bdi dir="ltr">NATO</bdi>'
    assert bidi("«ممر» 2020", None) == '<bdi dir="rtl">«ممر» 2020</bdi>'
    assert text_dir("2020", "ar") == "rtl" and text_dir("2020", None) == "ltr"
    out = bidi('<script>alert("x")</script>زنگزور', 'fa" onmouseover="x')
    assert "<script" not in out and "onmouseover" not in out and unsafe_parts(out) == []
    # quote marks stay in the English line, outside the isolated term
    assert bidi_quote("کریدور زنگزور", "fa") == (
        '<span class="term">\u201c<bdi dir="rtl" lang="fa">کریدور زنگزور</bdi>\u201d</span>')
    # plain-text labels (buttons, select boxes) get Unicode isolates instead
    assert bidi_plain("کریدور زنگزور") == "\u2067کریدور زنگزور\u2069"
    assert bidi_plain("Zangezur") == "\u2066Zangezur\u2069"


def test_mixed_text_takes_the_direction_of_most_of_its_letters():
    from app.safe_html import bidi, text_dir

    author = "استانیسلاو پریتچین (Stanislav Pritchin), head of the Central Asia section, IMEMO"
    assert text_dir(author, "fa") == "ltr" and bidi(author, "fa").startswith('<bdi dir="ltr">')
    assert text_dir("روسیه و ناتو NATO", "en") == "rtl"
