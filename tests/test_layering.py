"""The package layering in pyproject.toml is enforced: lint-imports passes here and bites on a violation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=120)


def copy_of_project(tmp_path: Path) -> Path:
    tree = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "templates", "static")
    for package in ("pipeline", "classifiers"):
        shutil.copytree(REPO / package, tree / package, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_project_keeps_its_layers(tmp_path):
    result = lint_imports(copy_of_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "bad_import", "contract"), [
    ("search/sqlite/fts_index.py", "import pipeline.cli.main", "Packages keep their layers"),
    ("search/elasticsearch/mapping.py", "import pipeline.web.app", "Packages keep their layers"),
    ("extract/pdf.py", "import pipeline.catalog.sqlite", "Worker-side stages"),
    ("catalog/archive.py", "import elasticsearch", "Only the Elasticsearch adapter"),
    ("records.py", "import pipeline.search.port", "vocabulary"),
])
def test_an_import_against_the_layers_is_refused(tmp_path, module, bad_import, contract):
    tree = copy_of_project(tmp_path)
    target = tree / "pipeline" / module
    target.write_text(target.read_text() + f"\n{bad_import}  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), result.stdout
