"""Uploads: bad files are refused with a clear message and change nothing; saving never overwrites."""

import json

import pytest

from app import corpus
from app.reading.uploads import UPLOAD_MAX_BYTES, UploadError, accept_upload, clean_meta, safe_filename, save_to_corpus

FA = "روسیه گفت: «ما از اصطلاح کریدور زنگزور استفاده نمی‌کنیم». مسیر از مغری می‌گذرد."


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"   \n\t ", "whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (b"a" * (UPLOAD_MAX_BYTES + 1), "too big"),
    (FA.encode("cp1256", errors="replace"), "UTF-8"),
])
def test_bad_uploads_are_refused_with_a_clear_message(data, words, tmp_path):
    with pytest.raises(UploadError) as err:
        accept_upload("notes.txt", data)
    msg = str(err.value)
    assert words in msg and "notes.txt" in msg
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere we were given


def test_wrong_extension_and_name_clash_are_refused():
    with pytest.raises(UploadError, match=r"\.txt or \.md"):
        accept_upload("report.pdf", b"%PDF-1.4 text")
    with pytest.raises(UploadError, match="already loaded"):
        accept_upload("seed.txt", b"hello Meghri", existing=["seed.txt"])


def test_safe_filename():
    assert safe_filename("../../etc/passwd.txt") == "passwd.txt"
    assert safe_filename("My notes <1>.txt") == "My_notes__1_.txt"
    assert safe_filename(".hidden.md") == "hidden.md"
    assert safe_filename("گزارش زنگزور.txt") == "گزارش_زنگزور.txt"


def test_clean_meta_validates_language_and_date():
    m = clean_meta({"title": "  T ", "language": "FA", "published": "2024-02"}, "x.txt")
    assert m["title"] == "T" and m["language"] == "fa"
    assert m["published"] == {"date": "2024-02", "precision": "month", "basis": "stated", "note": None}
    assert clean_meta({}, "x.txt")["published"]["basis"] == "unknown"
    with pytest.raises(UploadError, match="ISO 639"):
        clean_meta({"language": "Persian"}, "x.txt")
    with pytest.raises(UploadError, match="YYYY"):
        clean_meta({"published": "2024-02-30"}, "x.txt")


def test_save_writes_file_and_manifest_and_refuses_to_overwrite(tmp_path):
    doc = corpus.document_from_bytes("fa_note.txt", FA.encode("utf-8"))
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [{"file": "old.txt"}]}),
                                            encoding="utf-8")
    path = save_to_corpus(doc, tmp_path, {"title": "یادداشت", "language": "fa", "published": "2024"})
    assert path == tmp_path / "fa_note.txt"
    assert path.read_text(encoding="utf-8") == doc.text
    man = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [e["file"] for e in man["documents"]] == ["old.txt", "fa_note.txt"]
    assert man["documents"][1]["published"]["precision"] == "year"
    # the saved document loads back with its metadata
    docs, errors = corpus.load_corpus([tmp_path])
    assert errors == [] and {d.name: d.meta.get("title") for d in docs}["fa_note.txt"] == "یادداشت"
    # a second save refuses and changes nothing
    before = (tmp_path / "manifest.json").read_bytes()
    with pytest.raises(UploadError, match="not overwritten"):
        save_to_corpus(doc, tmp_path, {"title": "other"})
    assert (tmp_path / "manifest.json").read_bytes() == before
    assert path.read_text(encoding="utf-8") == doc.text


def test_save_refuses_existing_file_not_in_manifest(tmp_path):
    (tmp_path / "a.txt").write_text("original", encoding="utf-8")
    doc = corpus.document_from_bytes("a.txt", b"new text about Meghri")
    with pytest.raises(UploadError, match="already exists"):
        save_to_corpus(doc, tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "original"
    assert not (tmp_path / "manifest.json").exists()  # rolled back / never written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temp or lock files left


def test_save_into_new_folder_creates_manifest(tmp_path):
    doc = corpus.document_from_bytes("n.md", b"# Notes\nMeghri is on the Aras.")
    folder = tmp_path / "mine"
    save_to_corpus(doc, folder)
    man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert man["documents"][0]["file"] == "n.md"


def test_accept_upload_annotates_a_good_file():
    pytest.importorskip("app.annotate")
    doc, rows = accept_upload("my notes.txt", "Trains could stop in Meghri, in Syunik.".encode("utf-8"),
                              meta={"language": "en", "published": "2025-08"})
    assert doc.name == "my_notes.txt" and doc.meta["published"]["date"] == "2025-08"
    assert all(r["doc"] == "my_notes.txt" for r in rows)
    assert {"meghri", "syunik"} <= {r["id"] for r in rows}  # annotated like the seeds
    for r in rows:
        assert doc.text[r["start"]:r["end"]] == r["text"]
