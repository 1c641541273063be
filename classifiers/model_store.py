"""Trained models under the data home: versioned, checksummed, written atomically, one of them active.

    models/versions/<version>/   model.pickle (the fitted n-gram model) + model.json (format, checksum,
                                 labels, thresholds, cross-validated evaluation)
    models/active.json           which version classifies new records

A model whose files do not match their checksum, or whose format this code does not read (format 1 was
a spaCy textcat pipeline), is ignored with a warning and classification falls back to the file-plan rules
until a new model is trained. The pickle is only ever read after its checksum matched the one recorded
when it was written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from classifiers.calibration import Thresholds
from classifiers.combined import TrainedModel
from classifiers.ngram_model import ARCHITECTURE, NgramModel

FORMAT_VERSION = 2
_MODEL = "model.pickle"
_META = "model.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelInfo:
    version: str
    format_version: int
    architecture: str
    trained_at: str
    labels: list[str]
    checksum: str
    training_records: int
    metrics: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    office_labels: int = 0  # of training_records, how many are the office's own (corrections, imports)


class ModelStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions = root / "versions"

    def save(self, model: NgramModel, thresholds: Thresholds, training_records: int, office_labels: int,
             metrics: dict[str, Any]) -> ModelInfo:
        self.versions.mkdir(parents=True, exist_ok=True)
        version = datetime.now(UTC).strftime("ng-%Y%m%dT%H%M%S%f")
        staging = Path(tempfile.mkdtemp(dir=self.versions, prefix=".partial-"))
        try:
            (staging / "pipeline").mkdir()
            (staging / "pipeline" / _MODEL).write_bytes(pickle.dumps(model, protocol=5))
            info = ModelInfo(version=version, format_version=FORMAT_VERSION, architecture=ARCHITECTURE,
                             trained_at=datetime.now(UTC).isoformat(timespec="seconds"), labels=model.labels,
                             checksum=_tree_checksum(staging / "pipeline"), training_records=training_records,
                             metrics=metrics, thresholds=asdict(thresholds), office_labels=office_labels)
            _write_atomically(staging / _META, json.dumps(asdict(info), indent=2))
            _fsync_tree(staging)
            os.replace(staging, self.versions / version)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return info

    def activate(self, version: str) -> None:
        _write_atomically(self.root / "active.json", json.dumps({"version": version}))

    def active_version(self) -> str | None:
        try:
            return json.loads((self.root / "active.json").read_text())["version"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            return None

    def info(self, version: str) -> ModelInfo | None:
        try:
            return ModelInfo(**json.loads((self.versions / version / _META).read_text()))
        except (FileNotFoundError, json.JSONDecodeError, TypeError):
            return None

    def load_active(self) -> TrainedModel | None:
        version = self.active_version()
        return self.load(version) if version else None

    def load(self, version: str) -> TrainedModel | None:
        info = self.info(version)
        folder = self.versions / version / "pipeline"
        if info is None or info.format_version != FORMAT_VERSION:
            log.warning("model %s is missing or of an unknown format; using file-plan rules only "
                        "(run 'recordkeeper train')", version)
            return None
        if _tree_checksum(folder) != info.checksum:
            log.warning("model %s does not match its checksum; using file-plan rules only", version)
            return None
        model = pickle.loads((folder / _MODEL).read_bytes())
        return TrainedModel(version, model, Thresholds(**info.thresholds))


def _tree_checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
