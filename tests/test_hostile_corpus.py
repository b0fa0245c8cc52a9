"""The hostile corpus (tests/fixtures/hostile/): the CLI and the app's loaders give one message per bad
file, annotate every good file, and stay within bounded time and memory."""
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.atlas.layers import GeodataError, load_layers
from app.corpus import MAX_BYTES, load_corpus
from app.corpus.documents import CorpusError, decode_bytes
from app.reading.uploads import UploadError, accept_upload, upload_name

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
DOCS = HOSTILE / "docs"
GOOD = {"good_en.txt", "good_fa.txt", "bidi_override.txt", "zero_width.txt", "one_line_names.txt",
        "one_line_dates.txt", "wrapped_lowercase.txt", "markup.md"}
BAD = {"empty.txt": "empty", "whitespace.txt": "only whitespace", "binary.txt": "binary data",
       "cp1256.txt": "not valid UTF-8", "utf16_no_bom.txt": "UTF-16"}


@pytest.fixture
def extras(tmp_path):
    """The cases that cannot live in git, made in a temporary folder beside a good file."""
    d = tmp_path / "extra"
    d.mkdir()
    (d / "fine.txt").write_text("Lachin and Meghri in 2023.", encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    os.symlink("/dev/zero", d / "zero.txt")
    (tmp_path / "outside.txt").write_text("secret Meghri", encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", d / "leak.txt")
    with open(d / "huge.txt", "wb") as f:
        f.truncate(MAX_BYTES + 1)
    with open(os.fsencode(d) + b"/caf\xe9.txt", "w", encoding="utf-8") as f:
        f.write("Stepanakert in 1988.")
    return d


EXTRA_BAD = {"pipe.txt": "not a regular file", "zero.txt": "link to a file outside the folder",
             "leak.txt": "link to a file outside the folder", "huge.txt": "more than 20 MiB"}


def test_cli_over_the_hostile_corpus(extras, tmp_path):
    out = tmp_path / "rows.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "app.annotate", "--no-progress", "--out", str(out), str(DOCS),
                        str(extras)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    seconds = time.monotonic() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert p.returncode == 2
    errors = [line for line in p.stderr.splitlines() if line.startswith("error: ")]
    assert "Traceback" not in p.stderr
    for name, words in {**BAD, **EXTRA_BAD}.items():
        mine = [e for e in errors if f"/{name}: " in e or e.startswith(f"error: {name}: ")]
        assert len(mine) == 1 and words in mine[0], (name, mine)
    assert len(errors) == len(BAD) + len(EXTRA_BAD)
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert {r["doc"] for r in rows} == GOOD | {"fine.txt", "caf\\xe9.txt"}
    assert all(len(r["sentence"]) <= 600 for r in rows)
    assert out.stat().st_size < 8 * 1024 * 1024          # 150 KB in: megabytes out, not gigabytes
    assert seconds < 120 and (before == 0 or peak_mib < 2048), (seconds, peak_mib)


def test_app_loaders_over_the_hostile_corpus():
    docs, errors = load_corpus([DOCS])
    assert {d.name for d in docs} == GOOD
    assert sorted(e.name.rsplit("/", 1)[-1] for e in errors) == sorted(BAD)
    for path in sorted((HOSTILE / "geodata").iterdir()):
        with pytest.raises(GeodataError) as err:
            load_layers(path)
        assert str(err.value).startswith(str(path)) and len(str(err.value)) < 400


@pytest.mark.parametrize("name", sorted(BAD))
def test_uploading_a_bad_file_is_one_message(name):
    with pytest.raises(UploadError) as err:
        accept_upload(name, (DOCS / name).read_bytes())
    assert name in str(err.value) and "Traceback" not in str(err.value)


def test_uploading_good_files_with_hostile_names():
    for name, kept in (("CON.txt", "CON_.txt"), ("nul.md", "nul_.md"), ("ა" * 300 + ".txt", None)):
        doc, rows = accept_upload(name, (DOCS / "good_en.txt").read_bytes())
        assert rows and upload_name(name)[1] and len(doc.name.encode()) <= 120
        if kept:
            assert doc.name == kept


@pytest.mark.parametrize("text, enc, said", [
    ("Лачинский коридор закрыт с 12 декабря 2022 года. Жители Степанакерта остались без газа.", "cp1251",
     "it looks like Windows-1251 (Cyrillic)"),
    ("ممر لاتشين مغلق منذ ديسمبر 2022، وسكان ستيباناكيرت بلا غاز.", "cp1256", "it looks like Windows-1256"),
    ("Der Übergang über die Brücke bei Hakari wurde geschlossen.", "latin-1", "an older Latin-script encoding"),
    ("Türkiye ve Azerbaycan arasında demiryolu açıldı, Kars ile Bakü bağlandı.", "cp1254", "Windows-1254"),
])
def test_a_file_in_an_older_encoding_is_told_which_one_it_looks_like(text, enc, said):
    """A reader's Windows-1251 Russian file was told it was probably in Windows-1256 (Arabic): the message
    was the same whatever the file held. It now names the code page of the script the bytes read as."""
    with pytest.raises(CorpusError) as info:
        decode_bytes("old.txt", (text + "\n") .encode(enc) * 4)        # a short article's worth
    assert said in str(info.value) and "re-save it as UTF-8" in str(info.value)
    with pytest.raises(CorpusError) as info:                       # a few words: too little to tell
        decode_bytes("old.txt", text[:30].encode(enc))
    assert "Windows-1251 (Cyrillic)" in str(info.value) and "Windows-1256 (Arabic, Persian)" in str(info.value)


def test_a_utf8_file_cut_off_mid_character_is_not_said_to_look_like_utf8():
    data = ("Лачинский коридор закрыт. " * 20 + "Шуша").encode("utf-8")[:-1]      # the last letter cut in two
    with pytest.raises(CorpusError) as info:
        decode_bytes("cut.txt", data)
    assert "looks like UTF" not in str(info.value) and "re-save it as UTF-8" in str(info.value)
