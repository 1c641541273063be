"""The supported Elasticsearch client range: declared once in pyproject.toml, tested at both ends.

`make test` runs the adapter's tests with the newest 8.x client in the venv, then again with the lowest one
pyproject.toml allows (Makefile ES_FLOOR, installed with `pip install --target`), telling this module which
client it expects through RK_EXPECT_ES_CLIENT.
"""

from __future__ import annotations

import os
import re
import tomllib

import pytest

from tests.conftest import REPO

elasticsearch = pytest.importorskip("elasticsearch", reason="the Elasticsearch client is not installed")


def declared_range() -> tuple[str, str]:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for requirements in (extras["elasticsearch"], extras["dev"]):
        specifier, = [r for r in requirements if r.startswith("elasticsearch")]
        low, high = re.fullmatch(r"elasticsearch>=([\d.]+),<([\d.]+)", specifier).groups()
        yield low, high


def test_the_extra_and_the_test_tools_declare_one_range_whose_floor_ci_tests():
    (low, high), = set(declared_range())
    floor = re.search(r"^ES_FLOOR := ([\d.]+)$", (REPO / "Makefile").read_text(), re.MULTILINE)[1]
    assert tuple(int(p) for p in floor.split(".")) == tuple(int(p) for p in f"{low}.0.0".split(".")[:3])
    assert high == "9"  # a 9.x client asks 8.x servers for a compatibility mode they refuse


def test_the_client_under_test_is_the_one_this_run_expects():
    expected = os.environ.get("RK_EXPECT_ES_CLIENT")
    if expected is None:
        pytest.skip("RK_EXPECT_ES_CLIENT is set by `make test-es-floor`")
    assert elasticsearch.__versionstr__ == expected
