"""python -m app.annotate --eval GOLD DIR (issue 13.5): scores per language and kind.

The example gold file and its three documents (written for this test) are in
tests/fixtures/eval/; the gold deliberately lists one place the text only implies
(Georgia) and not the decade the English text mentions, so the scores are not all 1.
"""

import json
from pathlib import Path

from app.annotate import main

EVAL = Path(__file__).parent / "fixtures" / "eval"


def table(out: str) -> dict[tuple[str, str], tuple]:
    lines = out.strip().splitlines()
    assert lines[0].split() == ["language", "kind", "gold", "found", "correct", "precision",
                                "recall"]
    rows = {}
    for line in lines[1:]:
        lang, kind, gold, found, correct, p, r = line.split()
        rows[(lang, kind)] = (int(gold), int(found), int(correct), p, r)
    return rows


def test_example_gold_scores_per_language_and_kind(capsys):
    assert main(["--eval", str(EVAL / "gold.jsonl"), str(EVAL / "docs")]) == 0
    rows = table(capsys.readouterr().out)
    assert rows[("en", "places")] == (8, 7, 7, "1.00", "0.88")      # Georgia is not in the text
    assert rows[("en", "dates")] == (1, 2, 1, "0.50", "1.00")       # the 1990s is not in the gold
    assert rows[("ru", "actors")] == (1, 1, 1, "1.00", "1.00")      # Sergey Lavrov
    assert rows[("fa", "all")] == (5, 5, 5, "1.00", "1.00")
    assert rows[("all", "all")] == (21, 21, 20, "0.95", "0.95")
    assert {lang for lang, _ in rows} == {"en", "ru", "fa", "all"}


def test_a_gold_document_missing_from_the_inputs_counts_as_missed(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    lines = (EVAL / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    extra = {"file": "not_there.txt", "lang": "ru", "ids": ["iran"], "dates": ["2020"]}
    gold.write_text("\n".join(lines + [json.dumps(extra)]) + "\n", encoding="utf-8")
    assert main(["--eval", str(gold), str(EVAL / "docs")]) == 1
    out, err = capsys.readouterr()
    assert "not_there.txt" in err
    rows = table(out)
    assert rows[("ru", "places")] == (5, 4, 4, "1.00", "0.80")
    assert rows[("ru", "dates")] == (2, 1, 1, "1.00", "0.50")


def test_a_broken_gold_file_is_reported(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"file": "en_talks.txt", "ids": []}\n{not json\n', encoding="utf-8")
    assert main(["--eval", str(gold), str(EVAL / "docs")]) == 2
    assert "gold.jsonl:2" in capsys.readouterr().err
