"""The annotation pipeline and its command line."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.annotate import FIELDS, annotate_document, annotate_paths, annotate_text, main
from app.corpus import Document, read_document, unknown_meta
from app.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures"
GAZ = FIX / "gaz"
CORPUS = FIX / "corpus"


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load(GAZ / "names.json", GAZ / "features.geojson", GAZ / "actors.json")


def doc(text, name="t.txt", lang=None, date=None):
    meta = unknown_meta(name)
    if date:
        meta["published"] = {"date": date, "precision": "month", "basis": "stated", "note": None}
    return Document(name=name, path=None, text=text, meta=meta, lang=lang)


def check_rows(rows, text):
    """Every row has exactly the DATA.md fields and consistent offsets."""
    for r in rows:
        assert tuple(r) == FIELDS
        assert r["text"] == text[r["start"]:r["end"]]
        assert r["sentence"] == text[r["sentence_start"]:r["sentence_end"]]
        assert r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"]
        json.dumps(r)  # JSON-serialisable
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_rows_for_places_actors_and_dates(gaz):
    text = ("Russia's envoy went to Baku in May 2023. NATO was not invited.\n"
            "The Lachin corridor was closed on 15 June.")
    rows = annotate_document(doc(text, lang="en", date="2023-07"), gaz)
    check_rows(rows, text)
    got = [(r["kind"], r["id"], r["text"]) for r in rows]
    assert got == [("place", "russia", "Russia"), ("place", "baku", "Baku"),
                   ("date", None, "May 2023"), ("actor", "nato", "NATO"),
                   ("place", "lachin_corridor", "Lachin corridor"), ("date", None, "15 June")]
    may, june = [r for r in rows if r["kind"] == "date"]
    assert (may["date"], may["precision"], may["inferred"], may["calendar"]) == \
        ("2023-05", "month", False, "gregorian")
    # the year of "15 June" comes from the document's date
    assert (june["date"], june["precision"], june["inferred"]) == ("2023-06-15", "day", True)
    assert rows[0]["sentence"] == "Russia's envoy went to Baku in May 2023."
    assert all(r["lang"] == "en" for r in rows)
    place = rows[0]
    assert place["date"] is None and place["inferred"] is False and place["ambiguous"] is None


def test_ambiguous_row_has_null_id_and_candidates(gaz):
    text = "Astara is a small town on the coast."
    (row,) = annotate_document(doc(text, lang="en"), gaz)
    assert row["id"] is None and sorted(row["ambiguous"]) == ["astara_az", "astara_ir"]
    assert row["kind"] == "place"


def test_language_per_sentence(gaz):
    text = ("Officials in Baku and Yerevan said on Tuesday that the talks about the border would "
            "continue next week in Moscow, and that a peace treaty was close.\n"
            "Ryssland och Azerbajdzjan har länge samarbetat inom energisektorn och "
            "transporterna över Kaspiska havet, säger flera bedömare.")
    rows = annotate_document(doc(text, lang="en"), gaz)
    check_rows(rows, text)
    langs = {r["text"]: r["lang"] for r in rows}
    assert langs["Baku"] == "en"
    assert langs["Ryssland"] == "sv" and langs["Kaspiska havet"] == "sv"


def test_arabic_document_rows(gaz):
    text = "انتهت الحرب بين أرمينيا وأذربيجان في 10 نوفمبر 2020، وقال الناتو إنه يراقب."
    rows = annotate_document(doc(text, lang="ar"), gaz)
    check_rows(rows, text)
    assert [(r["kind"], r["id"]) for r in rows] == [
        ("place", "armenia"), ("place", "azerbaijan"), ("date", None), ("actor", "nato")]
    assert rows[2]["date"] == "2020-11-10"
    assert all(r["lang"] == "ar" for r in rows)


def test_html_text_is_kept_verbatim_in_rows(gaz):
    d = read_document(CORPUS / "script.md")
    rows = annotate_document(d, gaz)
    check_rows(rows, d.text)
    assert [r["id"] for r in rows] == ["baku"]
    assert rows[0]["sentence"] == "<b>Baku</b> &amp; Yerevan <img src=x onerror=alert(1)>"


def test_empty_document_has_no_rows(gaz):
    assert annotate_document(doc(""), gaz) == []
    assert annotate_document(doc("Nothing to see here."), gaz) == []


def test_annotate_paths_reports_bad_inputs_and_keeps_others():
    rows, errors = annotate_paths([CORPUS / "listed.txt", CORPUS / "empty.txt",
                                   CORPUS / "utf8_bom.txt"])
    assert {r["doc"] for r in rows} == {"listed.txt", "utf8_bom.txt"}
    assert len(errors) == 1 and "empty.txt" in errors[0] and "empty" in errors[0]


def test_annotate_text_uses_meta_date():
    rows = annotate_text("u.txt", "Talks resumed on 19 May.",
                         {"language": "en", "published": {"date": "2023-06", "precision": "month",
                                                          "basis": "inferred"}})
    (d,) = [r for r in rows if r["kind"] == "date"]
    assert (d["date"], d["inferred"], d["doc"]) == ("2023-05-19", True, "u.txt")


# ----------------------------------------------------------------------------- CLI


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "app.annotate", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_jsonl_and_error_exit_after_processing_others():
    p = run_cli(CORPUS / "listed.txt", CORPUS / "binary.txt", CORPUS / "utf8_bom.txt")
    assert p.returncode == 2
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert rows and all(tuple(r) == FIELDS for r in rows)
    assert {r["doc"] for r in rows} == {"listed.txt", "utf8_bom.txt"}
    assert any(r["kind"] == "date" and r["date"] == "2023-06" for r in rows)
    assert "binary.txt" in p.stderr and "binary data" in p.stderr
    assert p.stderr.startswith("error: ")


def test_cli_csv_and_parquet(tmp_path, capsys):
    # in-process (main() is what ``python -m app.annotate`` runs) to keep the test fast
    assert main([str(CORPUS / "listed.txt"), "--format", "csv", "--no-progress"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and tuple(rows[0]) == FIELDS
    assert [r["id"] for r in rows if r["kind"] != "date"] == ["lachin_corridor"]
    assert any(r["kind"] == "date" and r["date"] == "2023-06" for r in rows)
    pq_out = tmp_path / "rows.parquet"
    assert main([str(CORPUS / "listed.txt"), "--format", "parquet", "--out", str(pq_out)]) == 0
    import pyarrow.parquet as pq
    table = pq.read_table(pq_out)
    assert tuple(table.column_names) == FIELDS
    assert table.num_rows == len(rows)
    assert table.column("text").to_pylist() == [r["text"] for r in rows]


def test_cli_csv_header_even_without_rows(tmp_path, capsys):
    out = tmp_path / "none.csv"
    assert main([str(CORPUS / "empty.txt"), "--format", "csv", "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8").splitlines() == [",".join(FIELDS)]
    assert "empty.txt: the file is empty" in capsys.readouterr().err


def test_cli_missing_path_is_an_error():
    p = run_cli(CORPUS / "nope.txt")
    assert p.returncode == 2
    assert "nope.txt: no such file or folder" in p.stderr
    assert p.stdout == ""


def test_cli_jsonl_is_exactly_json_dumps_of_the_rows(tmp_path, capsys):
    # the CLI writes JSON Lines from the pipeline's columns, not from row dicts: same bytes
    text = ('Officials in "Baku" and Yerevan met on 3 March 2021; ارمنستان و آذربایجان.\n'
            "Astara\u2028is a small town on the coast.\x01 Aliyev came on 5 May.\n")
    src = tmp_path / "100% \"odd\" name.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    assert main([str(src), "--format", "jsonl", "--out", str(out), "--no-progress"]) == 0
    rows = annotate_document(read_document(src))   # the CLI's gazetteer: Gazetteer.load()
    assert any(r["ambiguous"] for r in rows) and any(r["kind"] == "date" for r in rows)
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    assert out.read_text(encoding="utf-8") == expected
    capsys.readouterr()
    assert main([str(src), "--no-progress"]) == 0          # to stdout (written as UTF-8 bytes)
    assert capsys.readouterr().out == expected


def test_document_date_reaches_the_gazetteer(gaz):
    rows = annotate_document(doc("Aliyev visited Moscow.", lang="en", date="1998-05"), gaz)
    assert [(r["text"], r["id"], r["ambiguous"]) for r in rows] == [("Aliyev", "heydar_aliyev", None)]
    rows = annotate_document(doc("Aliyev visited Baku.", lang="en", date="2024"), gaz)
    assert [(r["text"], r["id"]) for r in rows] == [("Aliyev", "ilham_aliyev"), ("Baku", "baku")]


def test_jsonl_output_is_exactly_json_dumps_of_each_row(gaz):
    from app.annotate import write_rows

    text = ('Officials in "Baku" and Yerevan met on 3 March 2021; ارمنستان و آذربایجان.\n'
            "Astara\u2028is a small town on the coast.\x01")
    rows = annotate_document(doc(text, lang="en"), gaz)
    assert any(r["ambiguous"] for r in rows) and any(r["kind"] == "date" for r in rows)
    odd = [dict(rows[0], start=True), dict(rows[0], id=5), {"a": 1.5, "b": [1, None]}]
    out = io.StringIO()
    assert write_rows(rows + odd, "jsonl", out) == len(rows) + 3
    assert out.getvalue() == "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                     for r in rows + odd)
