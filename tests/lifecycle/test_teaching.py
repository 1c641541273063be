"""Teaching an office's own file plan through the CLI: labelled folders, honest evaluation, open set."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONFIG

pytestmark = pytest.mark.slow

TOPICS = {
    "FIN-AP": ("Invoice", "invoice amount due remit payment terms subtotal supplier tax total balance account "
                          "net thirty days wire transfer bank details line item quantity price"),
    "HR-PER": ("Personnel file", "employee hired position salary manager performance appraisal department "
                                 "annual leave benefits probation start date job title grade supervisor"),
    "GOV-MIN": ("Minutes of the meeting", "minutes meeting agenda motion carried chair quorum adjourned "
                                          "attendees resolved item apologies seconded vote council next"),
}
PLAN = """version = 1
unfiled_class = "REV"
""" + "".join(f"""
[[class]]
code = "{code}"
title = "{title}"
description = "{title}"
retention = "7y after document_date"
retention_action = "destroy"
retention_authority = "test"
access = "internal"
""" for code, (title, _) in TOPICS.items()) + """
[[class]]
code = "REV"
title = "To review"
description = "Not yet classified"
retention = "permanent"
retention_action = "review"
retention_authority = "test"
access = "internal"
"""


def document(code: str, n: int) -> str:
    title, words = TOPICS[code]
    rng = random.Random(f"{code}-{n}")
    sentences = [" ".join(rng.choices(words.split(), k=12)).capitalize() + "." for _ in range(15)]
    return f"{title} {n}\n\n" + "\n".join(sentences)


@pytest.fixture
def office(tmp_path: Path):
    (tmp_path / "file_plan.toml").write_text(PLAN)
    config = tmp_path / "recordkeeper.toml"
    config.write_text(CONFIG.read_text())
    labelled = tmp_path / "labelled"
    for code in TOPICS:
        (labelled / code).mkdir(parents=True)
        for n in range(5):
            (labelled / code / f"{code.lower()}-{n}.txt").write_text(document(code, n))

    def rk(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipeline", "--home", str(tmp_path / "home"), *args],
                              capture_output=True, text=True, timeout=600, check=False,
                              env={**os.environ, "RECORDKEEPER_CONFIG": str(config)})

    return tmp_path, rk


def test_an_office_teaches_its_own_plan_and_unknown_kinds_go_to_review(office):
    folder, rk = office
    empty_samples = folder / "no-samples"
    empty_samples.mkdir()
    trained = rk("train", "--labelled", str(folder / "labelled"), "--samples", str(empty_samples), "--json")
    assert trained.returncode == 0, trained.stderr
    report = json.loads(trained.stdout)
    assert report["activated"] and report["office_labels"] == 15 and report["bundled_samples"] == 0
    assert report["evaluated_on"] == "your labelled records"
    assert report["results"]["rules + model"]["size"] >= 15  # every record judged out of fold

    inbox = folder / "new"
    inbox.mkdir()
    (inbox / "minutes-77.txt").write_text(document("GOV-MIN", 77))
    (inbox / "recipe.txt").write_text("Pancakes\n\nWhisk two eggs with flour and milk. Fry them in butter until "
                                      "golden and serve with lemon, sugar or jam. Makes eight pancakes.")
    filed = json.loads(rk("ingest", str(inbox / "minutes-77.txt"), str(inbox / "recipe.txt"), "--json").stdout)
    classes = {Path(f["source"]).name: f["class_code"] for f in filed["files"]}
    assert classes == {"minutes-77.txt": "GOV-MIN", "recipe.txt": "REV"}
    queue = json.loads(rk("review", "--json").stdout)
    recipe = [r for r in queue if r["class_code"] == "REV"]
    assert recipe and "unlike every record" in recipe[0]["explanation"]

    status = json.loads(rk("status", "--json").stdout)["classifier"]
    assert status["office_labels"] == 15 and status["estimated_review_rate"] is not None


def test_evaluation_with_too_few_labels_says_so_instead_of_a_perfect_score(office):
    _, rk = office
    assert rk("init").returncode == 0
    evaluated = rk("evaluate")
    assert evaluated.returncode == 0, evaluated.stderr
    assert "too few labelled records" in " ".join(evaluated.stdout.split())


def test_a_labelled_folder_named_by_a_class_the_plan_lacks_is_refused(office):
    folder, rk = office
    (folder / "labelled" / "MED-HF").mkdir()
    refused = rk("train", "--labelled", str(folder / "labelled"))
    assert refused.returncode != 0
    assert "sub-folder MED-HF is not a class of the file plan" in " ".join(refused.stderr.split())


def test_bundled_samples_are_left_out_for_classes_the_office_has_taught_enough(office):
    folder, rk = office
    (folder / "labelled" / "HR-PER" / "hr-per-0.txt").unlink()  # four of its own: samples still help
    trained = rk("train", "--labelled", str(folder / "labelled"), "--json")
    assert trained.returncode == 0, trained.stderr
    report = json.loads(trained.stdout)
    assert report["office_labels"] == 14
    assert report["bundled_by_class"] and set(report["bundled_by_class"]) == {"HR-PER"}


def test_the_report_counts_records_not_judgements_and_names_classes_without_labels(office):
    folder, rk = office
    for name in ("HR-PER",):
        for path in (folder / "labelled" / name).iterdir():
            path.unlink()
        (folder / "labelled" / name).rmdir()
    trained = rk("train", "--labelled", str(folder / "labelled"), "--no-samples")
    assert trained.returncode == 0, trained.stderr
    text = " ".join(trained.stdout.split())
    assert "10 records, each judged by 3 models" in text
    assert "No labelled records for HR-PER" in text
    assert "other classes" not in text
    assert "with 10 labelled records one mistake is 10.0% of them, more than your 2% target ([review]" in text


def test_labelled_folder_problems_are_named(office):
    folder, rk = office
    missing = rk("train", "--labelled", str(folder / "nowhere"))
    assert missing.returncode == 2 and "does not exist" in " ".join(missing.stderr.split())
    (folder / "labelled" / "loose.txt").write_text(document("FIN-AP", 99))
    trained = rk("train", "--labelled", str(folder / "labelled"), "--no-samples")
    assert "labelled/loose.txt" in "".join(trained.stdout.split())
    assert "not in a sub-folder named by class code" in " ".join(trained.stdout.split())


def test_evaluate_with_no_labels_at_all_says_there_is_nothing_to_evaluate(office):
    _, rk = office
    assert rk("init").returncode == 0
    evaluated = rk("evaluate", "--no-samples")
    assert evaluated.returncode == 2
    assert "nothing to evaluate" in evaluated.stderr + evaluated.stdout


def test_evaluate_says_which_bars_are_filing_records(office):
    folder, rk = office
    assert rk("train", "--labelled", str(folder / "labelled"), "--no-samples").returncode == 0
    text = " ".join(rk("evaluate", "--no-samples").stdout.split())
    assert "A model trained now would file without review when" in text
    assert "Active model ng-" in text and "files without review when" in text
