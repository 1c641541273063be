"""Elastic's published API specification as a test oracle: `../shared/es-spec/validate.py` beside the repository.

Every request the fake node records is checked against the 8.0, 8.13 and 8.19 specifications (endpoint,
parameters, every body field) and the checker's hand-coded rules (names, mapping cross-references, the
result window, compatibility headers). The checker is maintained outside this repository and read where
it lies; without it the check is skipped with that reason.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.conftest import REPO

SPEC_DIR = REPO.parent / "shared" / "es-spec"
SKIP_REASON = f"the Elasticsearch API specification checker is not at {SPEC_DIR} (../shared/es-spec)"


def available() -> bool:
    return (SPEC_DIR / "validate.py").is_file()


@cache
def _checker() -> tuple[ModuleType, dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("es_spec_validate", SPEC_DIR / "validate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module, {version: module.Spec(path, version) for version, path in module.SPECS.items() if path.exists()}


def problems(requests: list[dict[str, Any]], context: list[dict[str, Any]] = ()) -> list[str]:
    """One line per request the checker judges INVALID, with its own rules: the 8.19 specification (which
    marks when each endpoint and field appeared, so anything newer than 8.0 is an error) plus the hand
    rules; a failure against only an older specification is that specification's omission, reported as
    UNCERTAIN. `context` requests (the index template) come first so mapping cross-references can be
    checked; they are checked too."""
    module, specs = _checker()
    ctx = module.Context()
    found = []
    for request in [*context, *requests]:
        result = module.Result(request)
        for version, spec in specs.items():
            result.per_version[version] = module.validate_against(spec, request, result,
                                                                  record_findings=version == module.PRIMARY)
        result.findings += module.hand_checks(request, result.endpoint, ctx)
        if result.verdict == "INVALID":
            errors = "; ".join(str(f) for f in result.findings if f.level == "ERROR")
            found.append(f"{request['method']} {request['path']} ({request.get('label')}): {errors}")
    return found


def run_checker(requests: list[dict[str, Any]], folder: Path) -> subprocess.CompletedProcess:
    """The checker's own command line on a JSON-lines file, as an operator would run it."""
    path = folder / "requests.jsonl"
    path.write_text("".join(json.dumps(request) + "\n" for request in requests))
    return subprocess.run([sys.executable, str(SPEC_DIR / "validate.py"), str(path)], capture_output=True,
                          text=True, timeout=300, check=False)
