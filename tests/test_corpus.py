"""Reading documents: encodings, bad files, manifest, folders."""

import codecs
import json
import shutil
from pathlib import Path

import pytest

from app.corpus import documents as corpus_documents
from app.corpus import (MAX_BYTES, CorpusError, Document, decode_bytes, document_from_bytes,
                        load_corpus, load_manifest, read_document)

FIX = Path(__file__).parent / "fixtures" / "corpus"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_utf8_with_and_without_bom_and_crlf():
    assert decode_bytes("a.txt", "Baku\r\nYerevan\r".encode()) == "Baku\nYerevan\n"
    assert decode_bytes("a.txt", codecs.BOM_UTF8 + "Баку".encode()) == "Баку"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec):
    text = "أرمينيا and Armenia"
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode_bytes("u.txt", data) == text


def test_fixture_files_decode():
    doc = read_document(FIX / "utf16_bom.txt")
    assert doc.text == "Armenia and Azerbaijan met in Moscow.\nأرمينيا وأذربيجان"
    assert read_document(FIX / "utf8_bom.txt").text == "Ryssland och Azerbajdzjan.\n"


@pytest.mark.parametrize("name,data,words", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t \n", "whitespace"),
    ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("ctl.txt", bytes([1, 2, 3, 4, 5, 6, 14, 15, 16]) * 10 + b"abc", "binary"),
    ("nobom.txt", "Armenia".encode("utf-16-le"), "UTF-16"),
    ("old.txt", "أرمينيا وأذربيجان".encode("cp1256"), "UTF-8"),
])
def test_bad_inputs_give_clear_errors(name, data, words):
    with pytest.raises(CorpusError) as exc:
        decode_bytes(name, data)
    msg = str(exc.value)
    assert msg.startswith(name + ":")
    assert words in msg


def test_cp1256_message_says_how_to_fix():
    with pytest.raises(CorpusError, match="re-save it as UTF-8") as err:
        read_document(FIX / "cp1256.txt")
    assert "byte 0" not in str(err.value)          # where the problem is, in words


def test_the_encoding_message_says_where_the_file_goes_wrong(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_bytes("Baku and ".encode() + "أرمينيا".encode("cp1256"))
    with pytest.raises(CorpusError, match="the first part that is not UTF-8 is 9 bytes into the file"):
        read_document(p)


def test_too_big_is_refused_before_reading(monkeypatch, tmp_path):
    monkeypatch.setattr(corpus_documents, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("Baku " * 50)
    with pytest.raises(CorpusError, match="too big"):
        read_document(big)
    with pytest.raises(CorpusError, match="too big"):
        decode_bytes("big.txt", b"x" * 101)
    assert MAX_BYTES == 20 * 1024 * 1024


def test_html_and_script_load_as_plain_text():
    doc = read_document(FIX / "script.md")
    assert doc.text.startswith('<script>alert("x")</script>\n<b>Baku</b> &amp; Yerevan')
    assert "<img src=x onerror=alert(1)>" in doc.text


def test_manifest_entry_and_unknown_metadata():
    listed = read_document(FIX / "listed.txt")
    assert listed.meta["title"] == "A listed note"
    assert listed.meta["published"] == {"date": "2023-07", "precision": "month",
                                        "basis": "stated", "note": None}
    assert listed.lang == "en"
    other = read_document(FIX / "utf8_bom.txt")
    assert other.meta["title"] is None and other.meta["author"] is None
    assert other.meta["published"]["basis"] == "unknown"
    assert other.meta["published"]["date"] is None
    assert other.lang == "sv"  # detected


def test_upload_from_bytes():
    doc = document_from_bytes("../../etc/upload.txt", "Azerbajdzjans president besökte Moskva.".encode())
    assert isinstance(doc, Document)
    assert doc.name == "upload.txt" and doc.path is None
    assert doc.lang == "sv"
    assert doc.meta["published"]["basis"] == "unknown"
    with pytest.raises(CorpusError, match="^x.txt: the file is empty"):
        document_from_bytes("x.txt", b"")


def test_load_corpus_keeps_good_documents_when_others_fail():
    docs, errors = load_corpus([FIX, FIX / "missing.txt"])
    names = [d.name for d in docs]
    assert names == ["listed.txt", "script.md", "utf16_bom.txt", "utf8_bom.txt"]
    bad = sorted(e.name.rsplit("/", 1)[-1] for e in errors)
    assert bad == ["binary.txt", "cp1256.txt", "empty.txt", "missing.txt"]
    assert all(isinstance(e, CorpusError) for e in errors)


def test_load_corpus_file_once_and_seeds(tmp_path):
    docs, errors = load_corpus([FIX / "listed.txt", FIX / "listed.txt"])
    assert len(docs) == 1 and errors == []
    seeds, errors = load_corpus(SEEDS)
    assert errors == []
    assert len(seeds) == len(list(SEEDS.glob("*.txt")))
    assert {d.lang for d in seeds} >= {"ar", "fa", "sv", "en"}


def test_manifest_missing_and_invalid(tmp_path):
    with pytest.warns(UserWarning, match="no manifest"):
        assert load_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(CorpusError, match="manifest.json: manifest is not valid"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [{"title": "no file"}]}))
    with pytest.raises(CorpusError, match='no "file"'):
        load_manifest(tmp_path)


def test_invalid_manifest_reported_but_documents_load(tmp_path):
    shutil.copy(FIX / "listed.txt", tmp_path / "listed.txt")
    (tmp_path / "manifest.json").write_text("[[[")
    docs, errors = load_corpus(tmp_path)
    assert [d.name for d in docs] == ["listed.txt"]
    assert docs[0].meta["published"]["basis"] == "unknown"
    assert len(errors) == 1 and "manifest" in str(errors[0])
