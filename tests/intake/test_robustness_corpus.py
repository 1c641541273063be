"""The whole corpus of unusual and hostile files (every `tests/corpus/*_cases.py`) through a real watch service:
each file is filed with its text or quarantined with its reason, and none is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.discover import all_cases, case_modules
from tests.corpus.intake_run import run_through_watch

pytestmark = pytest.mark.slow


def test_every_case_module_is_discovered():
    assert "format_cases" in case_modules()


def test_corpus_is_filed_or_quarantined_as_each_case_expects_and_nothing_is_lost(tmp_path: Path):
    cases = all_cases(tmp_path / "cases")
    run = run_through_watch(cases, tmp_path / "run")
    assert len(run.results) == len(cases)
    lost = [result.case.path.name for result in run.results if result.outcome == "lost"]
    assert lost == []
    wrong = [f"{result.case.kind} ({result.case.path.name}): {result.outcome}, expected {result.case.expected} "
             f"with {result.case.must_contain!r}; got {' '.join(result.text.split())[:300]!r}"
             for result in run.results if not result.as_expected]
    assert wrong == []
