"""A data home opened for work: settings, catalog, search index and log file, wired together once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog import Catalog
from pipeline.file_plan import FilePlan, load_file_plan
from pipeline.index_sqlite import SqliteFtsIndex
from pipeline.search_index import SearchIndex
from pipeline.settings import Settings


@dataclass
class Workspace:
    settings: Settings
    catalog: Catalog
    index: SearchIndex
    file_plan: FilePlan

    @classmethod
    def open(cls, settings: Settings, create: bool = False) -> Workspace:
        file_plan = load_file_plan(settings.file_plan)
        if create:
            for folder in (settings.home, settings.archive_dir, settings.quarantine_dir, settings.log_dir):
                folder.mkdir(parents=True, exist_ok=True)
        catalog = Catalog.open(settings.catalog_path, create=create)
        index = SqliteFtsIndex(catalog.connection)
        if create:
            with catalog.transaction():
                index.create()
        _log_to_file(settings.log_dir)
        return cls(settings=settings, catalog=catalog, index=index, file_plan=file_plan)

    def close(self) -> None:
        self.catalog.close()


def _log_to_file(log_dir: Path) -> None:
    root = logging.getLogger()
    if any(isinstance(h, logging.FileHandler) for h in root.handlers) or not log_dir.is_dir():
        return
    handler = logging.FileHandler(log_dir / "recordkeeper.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
