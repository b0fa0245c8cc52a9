"""The annotate CLI on hostile inputs: a message per bad file, exit code 2, the good files still annotated."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import corpus
from app.annotate import main
from app.corpus import documents

ROOT = Path(__file__).resolve().parent.parent
GOOD = "The Lachin corridor was closed in June 2023."


def run_cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "app.annotate", "--no-progress", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    return d


def test_fifo_and_dev_zero_are_refused_without_hanging(folder, tmp_path):
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    p = run_cli(folder, folder / "pipe.txt", tmp_path / "zero.txt", timeout=60)
    assert p.returncode == 2
    assert {json.loads(line)["doc"] for line in p.stdout.splitlines()} == {"good.txt"}
    assert "pipe.txt: is not a regular file" in p.stderr
    assert "zero.txt: is not a regular file" in p.stderr
    with pytest.raises(corpus.CorpusError, match="/dev/zero: is not a regular file"):
        documents.read_document("/dev/zero", {})


def test_link_leaving_the_folder_is_not_followed_unless_asked(folder, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Meghri secret", encoding="utf-8")
    os.symlink(outside, folder / "leak.txt")
    os.symlink(folder / "good.txt", folder / "alias.txt")        # a link inside the folder is fine
    p = run_cli(folder)
    assert p.returncode == 2
    docs = {json.loads(line)["doc"] for line in p.stdout.splitlines()}
    assert len(docs) == 1 and "leak.txt" not in docs and "Meghri secret" not in p.stdout
    assert "leak.txt: is a link to a file outside the folder" in p.stderr and "--follow-links" in p.stderr
    p = run_cli(folder, "--follow-links")
    assert p.returncode == 0, p.stderr
    assert "leak.txt" in {json.loads(line)["doc"] for line in p.stdout.splitlines()}


def test_size_limit_is_in_mib_and_never_rounds_onto_the_limit(folder):
    big = folder / "big.txt"
    with open(big, "wb") as f:
        f.truncate(corpus.MAX_BYTES + 1)           # sparse: nothing is written
    p = run_cli(folder)
    assert p.returncode == 2
    assert "big.txt: too big (more than 20 MiB; the limit is 20 MiB per document)" in p.stderr
    assert "good.txt" in p.stdout and " MB" not in p.stderr


def test_the_cap_holds_while_reading_a_file_that_grows(tmp_path, monkeypatch):
    f = tmp_path / "grows.txt"
    f.write_bytes(b"Meghri " * 400)                 # 2,800 bytes
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    monkeypatch.setattr(documents, "_check_size", lambda name, size: None)   # size checked before it grew
    reads = []
    real = os.read
    monkeypatch.setattr(documents.os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    with pytest.raises(corpus.CorpusError, match="too big"):
        documents.read_document(f, {})
    assert sum(reads) <= 1001


def test_non_utf8_file_names_are_written_safely(folder, tmp_path, capsys):
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    out = os.fsdecode(os.fsencode(tmp_path) + b"/rows-\xff.jsonl")
    assert main([str(folder), "--out", out]) == 0
    names = {json.loads(line)["doc"] for line in open(out, encoding="utf-8")}
    assert names == {"good.txt", "caf\\xe9.txt"}
    pq_out = os.fsdecode(os.fsencode(tmp_path) + b"/rows-\xff.parquet")
    assert main([str(folder), "--format", "parquet", "--out", pq_out]) == 0
    import pyarrow.parquet as pq
    assert set(pq.read_table(open(pq_out, "rb")).column("doc").to_pylist()) == names
    os.rename(raw, os.fsencode(folder) + b"/bad\xff.txt")
    (folder / "good.txt").write_bytes(b"\x00\x01binary")
    assert main([str(folder)]) == 2
    err = capsys.readouterr().err
    assert "bad\\xff.txt" not in err and "good.txt: binary data" in err


def test_unreadable_folder_is_a_message_and_the_others_go_on(folder, tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real = Path.iterdir

    def iterdir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert main([str(locked), str(folder)]) == 2
    cap = capsys.readouterr()
    assert "locked: folder cannot be read (Permission denied)" in cap.err and "Traceback" not in cap.err
    assert "good.txt" in cap.out


def test_output_that_cannot_be_written_is_a_message(folder, tmp_path, capsys):
    assert main([str(folder), "--out", str(tmp_path)]) == 2      # a folder, not a file
    assert "cannot be written" in capsys.readouterr().err


def test_export_to_a_path_that_cannot_be_written_is_a_message(tmp_path, capsys, fixture_geodata):
    from app.export import main as export_main
    assert export_main(["geojson", str(tmp_path / "missing" / "out.geojson"), "--geodata", str(fixture_geodata)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "No such file or directory" in err and "Traceback" not in err


def test_export_of_geodata_with_a_list_for_kind_is_a_message(tmp_path, capsys, fixture_geodata):
    from app.export import main as export_main
    bad = ROOT / "tests" / "fixtures" / "hostile" / "geodata" / "kind_list.geojson"
    assert export_main(["geojson", str(tmp_path / "out.geojson"), "--geodata", str(bad)]) == 2
    assert "'kind' must be text, not a list" in capsys.readouterr().err
