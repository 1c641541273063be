"""Every case of every `*_cases.py` module in this package, each module writing into its own sub-folder."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import tests.corpus
from tests.corpus import Case


def case_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(tests.corpus.__path__) if info.name.endswith("_cases"))


def all_cases(folder: Path) -> list[Case]:
    made: list[Case] = []
    for name in case_modules():
        module = importlib.import_module(f"tests.corpus.{name}")
        made.extend(module.cases(folder / name))
    return made
