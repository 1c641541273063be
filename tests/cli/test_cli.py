"""The `recordkeeper` command as a user runs it: a real subprocess on a temporary data home."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, load_manifest, make_text_pdf

RK = [sys.executable, "-m", "pipeline"]


def run(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([*RK, "--home", str(home), *args], capture_output=True, text=True, env=environment,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def small_batch(tmp_path_factory) -> tuple[Path, Path, list]:
    """A home with one sample of each kind ingested, plus two bad files."""
    home = tmp_path_factory.mktemp("home")
    inbox = tmp_path_factory.mktemp("inbox")
    chosen = {}
    for sample in load_manifest():
        chosen.setdefault(sample.kind, sample)
    for sample in chosen.values():
        shutil.copy(sample.path, inbox / sample.path.name)
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "notes.pdf").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = run(home, "ingest", str(inbox), "--json", "--workers", "2")
    return home, inbox, [chosen, result]


def test_ingest_reports_each_file_and_goes_on_after_failures(small_batch):
    _home, _inbox, (chosen, result) = small_batch
    assert result.returncode == 1, result.stderr  # some files failed
    summary = json.loads(result.stdout)
    assert summary["indexed"] == len(chosen) and summary["failed"] == 2
    failed = {Path(f["source"]).name: f for f in summary["files"] if f["status"] == "failed"}
    assert failed["empty.pdf"]["error_code"] == "RK101"
    assert "application/zip" in failed["notes.pdf"]["reason"]
    assert "Traceback" not in result.stderr


def test_scanned_sample_is_found_by_a_phrase_from_its_text(small_batch):
    home, _inbox, (chosen, _result) = small_batch
    scan = chosen["scan_clean"]
    words = scan.text.split()
    phrase = " ".join(words[len(words) // 2 : len(words) // 2 + 4])
    result = run(home, "search", f'"{phrase}"', "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert hits, f"no hit for {phrase!r}"
    shown = json.loads(run(home, "show", hits[0]["record_id"], "--json").stdout)
    assert shown["original_name"] == scan.path.name
    assert "«" in hits[0]["snippet"] and "»" in hits[0]["snippet"]


def test_second_ingest_indexes_nothing_twice(small_batch):
    home, inbox, (chosen, _result) = small_batch
    result = run(home, "ingest", str(inbox), "--json")
    summary = json.loads(result.stdout)
    assert (summary["indexed"], summary["duplicate"]) == (0, len(chosen))
    status = json.loads(run(home, "status", "--json").stdout)
    assert status["records"] == len(chosen)


def test_show_text_and_status(small_batch):
    home = small_batch[0]
    hits = json.loads(run(home, "search", "a* OR the OR e*", "--json", "--limit", "50").stdout)["hits"]
    record_id = hits[0]["record_id"]
    detail = json.loads(run(home, "show", record_id, "--json", "--text").stdout)
    assert detail["id"] == record_id and detail["pages"] and detail["history"][0]["action"] == "indexed"
    assert run(home, "show", record_id).returncode == 0
    status = json.loads(run(home, "status", "--json").stdout)
    assert status["jobs"]["failed"] >= 2 and sum(status["classes"].values()) == status["records"]


def test_errors_are_one_clear_line_with_an_exit_code(small_batch, tmp_path):
    home = small_batch[0]
    bad_query = run(home, "search", '"unclosed phrase')
    assert bad_query.returncode == 2 and "unmatched double quote" in bad_query.stderr
    missing = run(home, "show", "FIN-AP-1999-999999")
    assert missing.returncode == 3 and "no record" in missing.stderr
    no_catalog = run(tmp_path / "nowhere", "search", "invoice")
    assert no_catalog.returncode == 4 and "recordkeeper init" in no_catalog.stderr
    bad_setting = run(home, "status", env={"RECORDKEEPER_REVIEW_THRESHOLD": "high"})
    assert bad_setting.returncode == 2 and "review_threshold" in bad_setting.stderr
    for result in (bad_query, missing, no_catalog, bad_setting):
        assert "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = subprocess.run([*RK, "--help"], capture_output=True, text=True, check=True)
    for command in ("init", "ingest", "search", "show", "status"):
        assert command in result.stdout


@pytest.mark.slow
def test_all_samples_ingest_and_scans_are_searchable(tmp_path):
    """The `make run` journey: every sample filed, each scanned one found by its own words."""
    folders = [str(SAMPLES / name) for name in ("born_digital", "scans", "text")]
    result = run(tmp_path / "home", "ingest", *folders, "--json")
    summary = json.loads(result.stdout)
    manifest = load_manifest()
    assert (summary["indexed"], summary["failed"]) == (len(manifest), 0), result.stdout[-2000:]
    for sample in manifest:
        if not sample.kind.startswith("scan") or sample.kind == "scan_noisy":
            continue
        words = [w for w in sample.text.split() if w.isalpha() and len(w) > 3]
        query = " ".join(words[5:10])
        hits = json.loads(run(tmp_path / "home", "search", query, "--json").stdout)["hits"]
        names = [json.loads(run(tmp_path / "home", "show", h["record_id"], "--json").stdout)["original_name"]
                 for h in hits[:3]]
        assert sample.path.name in names, (sample.path.name, query)


def test_ingest_of_a_single_file_by_path(tmp_path):
    pdf = make_text_pdf(tmp_path / "letter.pdf", ["Dear Mr Patel,", "Thank you for your letter.", "Sincerely"])
    result = run(tmp_path / "home", "ingest", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "1 indexed" in result.stdout


@pytest.fixture(scope="module")
def review_home(tmp_path_factory) -> Path:
    """A home whose review queue holds a record no rule matched and one the rules were unsure of."""
    home = tmp_path_factory.mktemp("review-home")
    inbox = tmp_path_factory.mktemp("review-inbox")
    make_text_pdf(inbox / "unmatched.pdf", ["Lorem ipsum dolor sit amet"])
    make_text_pdf(inbox / "ambiguous.pdf", ["Attached: the invoice, the report and the contract."])
    result = run(home, "ingest", str(inbox), "--json")
    assert result.returncode == 0, result.stderr
    return home


def _review_queue(home: Path) -> list[dict]:
    return json.loads(run(home, "review", "--json").stdout)


def _unwrapped(text: str) -> str:
    # The console wraps long error lines at the terminal width.
    return " ".join(text.split())


def test_review_table_shows_whole_record_ids_at_80_columns(review_home):
    queued = _review_queue(review_home)
    assert {entry["class_code"] for entry in queued} >= {"REV", "FIN-AP"}
    table = run(review_home, "review", env={"COLUMNS": "80"})
    assert table.returncode == 0, table.stderr
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    for entry in queued:
        assert entry["record_id"] in table.stdout, table.stdout
    # The reason wraps onto more lines rather than being cut off.
    assert "…" not in table.stdout and "0.5" in table.stdout, table.stdout


def test_review_reason_is_not_repeated_when_the_explanation_says_it(review_home):
    unmatched = next(entry for entry in _review_queue(review_home) if entry["class_code"] == "REV")
    assert unmatched["explanation"].count("no file-plan rule matched") == 1, unmatched["explanation"]


def test_reclassify_into_an_unknown_class_names_the_classes_to_choose_from(review_home):
    record_id = _review_queue(review_home)[0]["record_id"]
    result = run(review_home, "reclassify", record_id, "LEG-JDU")
    message = _unwrapped(result.stderr)
    assert result.returncode == 2 and "RK013" in message
    assert "'LEG-JDU' is not a class of the file plan (FIN-AP" in message
    assert "class codes listed" in message and "edit --help" not in message, message


def test_edit_keeps_its_hint_about_field_names(review_home):
    record_id = _review_queue(review_home)[0]["record_id"]
    result = run(review_home, "edit", record_id, "no-equals-sign")
    assert result.returncode == 2 and "edit --help lists them" in _unwrapped(result.stderr), result.stderr


def test_train_help_shows_setting_names_in_brackets():
    result = subprocess.run([*RK, "train", "--help"], capture_output=True, text=True, check=True,
                            env={**os.environ, "COLUMNS": "200"})
    assert "[review] max_auto_error" in result.stdout, result.stdout


def test_a_hold_mistake_does_not_point_at_edit(review_home):
    result = run(review_home, "hold", "create", "Audit 2026", "--reason", "audit")
    message = _unwrapped(result.stderr)
    assert result.returncode == 2 and "--query or --records" in message, message
    assert "edit --help" not in message, message


def test_ingest_shows_where_each_file_was_filed_and_what_awaits_review(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    samples = list(load_manifest())[:2]
    for sample in samples:
        shutil.copy(sample.path, inbox / sample.path.name)
    (inbox / "recipe.txt").write_text("Pancakes. Whisk two eggs with flour and milk; fry in butter.")
    result = run(tmp_path / "home", "ingest", str(inbox), env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for sample in samples:
        row = next(line for line in lines if sample.path.name in line)
        assert sample.class_code in row, row
    assert "REV" in next(line for line in lines if "recipe.txt" in line)
    assert re.search(r"3 indexed \(\d to review\)", result.stdout), result.stdout
