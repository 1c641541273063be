"""A filed data home (3 records, a correction in the middle of the trail) copied afresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle.corrections import Corrections
from pipeline.settings import Settings, load_settings
from pipeline.workspace import Workspace
from tests.conftest import CONFIG, make_text_pdf

DOCUMENTS = [["Invoice INV-2024-0042", "Invoice date: 2024-02-01", "Amount due $75.00"],
             ["Minutes of the board meeting", "Held on 2023-05-05", "Motion carried."],
             ["Dear Ms Patel,", "Date: 2022-08-08", "Thank you for your letter. Sincerely"]]


def settings_for(home: Path) -> Settings:
    return load_settings(CONFIG, environ={}, home=home).model_copy(update={"workers": 1})


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pristine")
    settings = settings_for(root / "home")
    files = [make_text_pdf(root / f"doc{n}.pdf", lines) for n, lines in enumerate(DOCUMENTS)]
    with Workspace.open(settings, create=True) as workspace:
        ingestor = Ingestor(settings, workspace.catalog, workspace.index)
        first = ingestor.ingest(files[:1])[0]
        # A correction in the middle of the trail: the entry a tamperer would want gone.
        Corrections(workspace).reclassify(first.record_id, "FIN-AP", actor="tech", reason="an invoice")
        ingestor.ingest(files[1:])
    return root / "home"


@pytest.fixture
def home(pristine, tmp_path) -> Path:
    """A copy of the filed data home at another path, with its key beside it."""
    copy = tmp_path / "home"
    shutil.copytree(pristine, copy)
    shutil.copy2(pristine.with_name("home.audit-key"), tmp_path / "home.audit-key")
    return copy


