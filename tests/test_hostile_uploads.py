"""Hostile uploads: a killed save never locks the corpus forever; long and reserved names are renamed."""

import json
import os
import subprocess
import sys
import time

import pytest

from app import corpus
from app.reading import uploads
from app.reading.uploads import NAME_MAX_BYTES, UploadError, accept_upload, save_to_corpus, upload_name


def _doc(name="a.txt", text="Trains could stop in Meghri."):
    return corpus.document_from_bytes(name, text.encode("utf-8"))


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_lock_left_by_a_killed_save_is_taken_over_at_once(tmp_path):
    lock = tmp_path / ".manifest.json.lock"
    import socket
    lock.write_text(f"{_dead_pid()} {socket.gethostname()}\n")
    with uploads._Lock(lock, timeout=0.5):   # would raise "locked by another save" after 0.5 s
        assert lock.read_text().split()[0] == str(os.getpid())
    lock.write_text(f"{_dead_pid()} {socket.gethostname()}\n")
    path = save_to_corpus(_doc(), tmp_path)
    assert path.exists() and not lock.exists()
    assert json.loads((tmp_path / "manifest.json").read_text())["documents"][0]["file"] == "a.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "manifest.json"]


def test_lock_older_than_a_minute_is_taken_over_even_if_its_process_lives(tmp_path):
    lock = tmp_path / ".manifest.json.lock"
    lock.write_text(f"{os.getpid()} some-other-host\n")
    old = time.time() - 61
    os.utime(lock, (old, old))
    save_to_corpus(_doc(), tmp_path)
    assert not lock.exists()


def test_a_live_fresh_lock_is_still_respected(tmp_path):
    import socket
    lock = tmp_path / ".manifest.json.lock"
    lock.write_text(f"{os.getpid()} {socket.gethostname()}\n")
    with pytest.raises(UploadError, match="locked by another save"):
        with uploads._Lock(lock, timeout=0.3):
            pass
    assert lock.exists() and not (tmp_path / "a.txt").exists()


def test_a_killed_save_in_a_real_process_does_not_block_the_next(tmp_path):
    code = ("import os,sys; from pathlib import Path; from app.reading.uploads import _Lock;"
            f"l=_Lock(Path({str(tmp_path / '.manifest.json.lock')!r})); l.__enter__(); os._exit(9)")
    subprocess.run([sys.executable, "-c", code], check=False, cwd=os.getcwd())
    assert (tmp_path / ".manifest.json.lock").exists()
    with uploads._Lock(tmp_path / ".manifest.json.lock", timeout=0.5):
        pass
    save_to_corpus(_doc("b.txt"), tmp_path)
    assert (tmp_path / "b.txt").exists()


@pytest.mark.parametrize("name, kept, why", [
    ("CON.txt", "CON_.txt", "CON is a device name"),
    ("nul.txt", "nul_.txt", "NUL is a device name"),
    ("Com1.notes.md", "Com1_.notes.md", "COM1 is a device name"),
    ("x" * 480 + ".txt", "x" * (NAME_MAX_BYTES - 4) + ".txt", "120 bytes"),
])
def test_reserved_and_long_upload_names_are_renamed_with_a_message(name, kept, why, tmp_path):
    clean, message = upload_name(name)
    assert clean == kept and why in message and f"renamed {kept}" in message
    doc, rows = accept_upload(name, "Trains could stop in Meghri.".encode())
    assert doc.name == kept and rows
    assert save_to_corpus(doc, tmp_path).name == kept


def test_a_long_georgian_name_fits_the_file_system(tmp_path):
    name = "მეღრი" * 100 + ".txt"            # 1,500 bytes: a raw OSError before
    doc, _ = accept_upload(name, "Trains could stop in Meghri.".encode())
    assert len(doc.name.encode("utf-8")) <= NAME_MAX_BYTES and doc.name.endswith(".txt")
    assert save_to_corpus(doc, tmp_path).exists()
    assert upload_name("notes.txt") == ("notes.txt", None)


def test_a_save_the_disk_refuses_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "seeds").write_text("a file where the folder should be")
    with pytest.raises(UploadError, match="could not be saved") as err:
        save_to_corpus(_doc(), tmp_path / "seeds" / "more")
    assert str(tmp_path) not in str(err.value)


def test_an_upload_with_too_many_mentions_is_refused_with_a_message():
    from app.reading.uploads import UPLOAD_MAX_ROWS
    with pytest.raises(UploadError, match=f"more than the {UPLOAD_MAX_ROWS:,} one upload may add"):
        accept_upload("dates.txt", b"10.11.2020 " * (UPLOAD_MAX_ROWS + 10))
