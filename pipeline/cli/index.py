"""The `reindex` command: rebuild the search index from the catalog, or send what waits in the index queue."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from pipeline.errors import IndexUnavailable
from pipeline.search.index_queue import Indexer
from pipeline.workspace import Workspace

out = Console()


def register(app: typer.Typer) -> None:
    app.command()(reindex)


def reindex(
    ctx: typer.Context,
    pending: Annotated[bool, typer.Option(
        "--pending", help="Only send the records waiting in the index queue (after a search-cluster outage).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Build the search index again from the catalog, then switch searches over to it.

    Searches keep working from the old index until the new one is complete. Run it after changing the
    index backend, after an upgrade that changes the index mapping, or whenever the index is in doubt.
    Exit code 6 when the search engine could not take every record (they stay queued).
    """
    with Workspace.open(ctx.obj) as workspace:
        indexer = Indexer(workspace.catalog, workspace.index, max_attempts=workspace.settings.index.max_attempts)
        rebuilt = None if pending else indexer.rebuild()
        report = indexer.flush_pending()
    left_out = rebuilt.left_out if rebuilt else []
    if as_json:
        print(json.dumps({"rebuilt": rebuilt.indexed if rebuilt else None, "left_out": left_out,
                          "sent": report.sent, "acknowledged": report.acknowledged,
                          "still_pending": report.still_pending, "error": report.error}, indent=2))
    else:
        if rebuilt is not None:
            out.print(f"Search index rebuilt with {rebuilt.indexed} record(s).")
        if left_out:
            out.print(f"[yellow]Left out {len(left_out)} record(s) the search engine refused[/] (dead letter, see "
                      f"'recordkeeper status'): {', '.join(left_out[:10])}{' ...' if len(left_out) > 10 else ''}")
        out.print(f"Index queue: {report.acknowledged} sent, {report.still_pending} still waiting.")
    if report.error:
        raise IndexUnavailable(report.error)
