"""The `recordkeeper` command line: init, ingest, search, show, status."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline.cli import index as cli_index
from pipeline.cli import integrity as cli_integrity
from pipeline.cli import lifecycle as cli_lifecycle
from pipeline.cli import models as cli_models
from pipeline.cli import quarantine as cli_quarantine
from pipeline.cli import records as cli_records
from pipeline.cli import render
from pipeline.cli import web as cli_web
from pipeline.errors import RecordkeeperError
from pipeline.intake.ingest import Ingestor, IngestOutcome
from pipeline.intake.jobs import JobQueue
from pipeline.lifecycle.holds import active_holds
from pipeline.lifecycle.physical import custody
from pipeline.lifecycle.teaching import classifier_status
from pipeline.search.index_queue import Indexer
from pipeline.search.port import SORT_ORDERS, SearchRequest
from pipeline.settings import Settings, load_settings
from pipeline.workspace import Workspace

app = typer.Typer(
    help="Recordkeeper: file, classify, archive and search an organisation's records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)
log = logging.getLogger("recordkeeper")

app.add_typer(cli_quarantine.app, name="quarantine")
cli_records.register(app)
cli_lifecycle.register(app)
cli_web.register(app)
cli_models.register(app)
cli_index.register(app)
cli_integrity.register(app)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON (format in README).")]
SortOption = Annotated[str, typer.Option(help=f"{' or '.join(SORT_ORDERS)}: best match, or newest document first.")]
FacetsOption = Annotated[bool, typer.Option("--facets", help="Count the matches by class, year, station and party.")]


@app.callback()
def _global_options(
    ctx: typer.Context,
    home: Annotated[Path | None, typer.Option(help="Data home (catalog, archive, quarantine). "
                                              "Default: setting 'home', env RECORDKEEPER_HOME, else ./data.")] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file (TOML). "
                                                "Default: config/recordkeeper.toml.")] = None,
) -> None:
    ctx.obj = load_settings(config_path=config, home=home)


def _workspace(ctx: typer.Context, create: bool = False) -> Workspace:
    settings: Settings = ctx.obj
    return Workspace.open(settings, create=create)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the data home: catalog, search index, archive, quarantine and log folders.

    With Elasticsearch it also deletes indices of this prefix that an interrupted `reindex` left behind."""
    with _workspace(ctx, create=True) as workspace:
        if workspace.index_problem is not None:
            raise workspace.index_problem
        removed = Indexer(workspace.catalog, workspace.index).remove_unfinished()
    for name in removed:
        out.print(f"Deleted index {name}, left by an interrupted rebuild")
    out.print(f"Initialised data home at {workspace.settings.home}")
    key = workspace.catalog.audit_key
    if key is not None:
        out.print(f"Audit trail sealed with key {key.fingerprint} from {key.source}: keep a copy of the key apart "
                  "from the data home and its backups.")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", exists=True)],
    station: Annotated[str | None, typer.Option(help="Scanning station or source to record.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: setting 'workers').")] = None,
    ocr: Annotated[str | None, typer.Option(
        help="auto: OCR pages without a usable text layer; force: every page; skip: none "
             "(default: setting ocr.mode).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest files once: extract text (OCR when needed), classify, archive and index them.

    Files already in the catalog (same SHA-256) are linked, not indexed twice. A file that cannot be
    read is quarantined with its reason and the batch goes on. Exit code 1 when any file failed.
    """
    settings: Settings = ctx.obj
    if workers is not None:
        settings = settings.model_copy(update={"workers": workers})
    if ocr is not None:
        if ocr not in ("auto", "force", "skip"):
            raise typer.BadParameter("use auto, force or skip", param_hint="--ocr")
        settings = settings.model_copy(update={"ocr": settings.ocr.model_copy(update={"mode": ocr})})
    files = sorted(_expand(paths))
    with Workspace.open(settings, create=True) as workspace:
        ingestor = Ingestor(settings, workspace.catalog, workspace.index)
        outcomes = _ingest_with_progress(ingestor, files, station, quiet=as_json)
    if as_json:
        print(json.dumps(render.ingest_summary_json(outcomes), indent=2))
    else:
        render.print_ingest_summary(out, outcomes)
    if any(outcome.status == "failed" for outcome in outcomes):
        raise typer.Exit(1)


def _ingest_with_progress(ingestor: Ingestor, files: list[Path], station: str | None,
                          quiet: bool) -> list[IngestOutcome]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.fields[current]}"))
    with Progress(*columns, console=err, disable=quiet or not err.is_terminal, transient=False) as progress:
        task = progress.add_task("Ingesting", total=len(files), current="")

        def advance(outcome: IngestOutcome) -> None:
            progress.update(task, advance=1, current=Path(outcome.source).name[:40])

        return ingestor.ingest(files, station=station, on_outcome=advance)


def _expand(paths: list[Path]):
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                # Hidden files are editor/scanner temporaries, not records.
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Terms, "phrases", prefix*, -exclude, OR, class:CODE, from:/to:DATE.')],
    class_code: Annotated[str | None, typer.Option("--class", help="Only this class (or series, e.g. FIN).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Document date on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Document date on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Results to show.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many results (paging).")] = 0,
    station: Annotated[str | None, typer.Option(help="Only records from this scanning station.")] = None,
    sort: SortOption = "relevance",
    facets: FacetsOption = False,
    as_json: JsonOption = False,
) -> None:
    """Full-text search of the records, best matches first."""
    request = SearchRequest(query=query, class_code=class_code, date_from=_date(date_from, "--from"),
                            date_to=_date(date_to, "--to"), limit=limit, offset=offset, station=station,
                            sort=sort, facets=facets)
    with _workspace(ctx) as workspace:
        results = workspace.index.search(request)
    if as_json:
        print(json.dumps(render.search_json(query, results), indent=2, ensure_ascii=False))
    else:
        render.print_search(out, query, results)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2025-03-31", param_hint=option) from None


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(help="Record id, e.g. FIN-AP-2026-000001.")],
    text: Annotated[bool, typer.Option("--text", help="Include the text of every page.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one record: class, dates, retention, archive location, sources and history."""
    with _workspace(ctx) as workspace:
        catalog = workspace.catalog
        record = catalog.get_record(record_id)
        detail = render.record_json(record, catalog.get_sources(record_id), catalog.audit_entries(record_id),
                                    catalog.get_pages(record_id) if text else None)
        detail["holds"] = active_holds(catalog, record_id)
        detail["physical"] = custody(catalog, record_id)
    if as_json:
        print(json.dumps(detail, indent=2, ensure_ascii=False))
    else:
        render.print_record(out, detail, workspace.file_plan)


@app.command()
def watch(
    ctx: typer.Context,
    exit_when_idle: Annotated[bool, typer.Option("--exit-when-idle",
                              help="Stop once the inboxes are empty and every job is done (for batch runs).")] = False,
    serve: Annotated[bool, typer.Option("--serve", help="Also serve the web UI and API.")] = False,
    host: Annotated[str, typer.Option(help="With --serve: address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="With --serve: port.")] = 8080,
) -> None:
    """Watch the configured inboxes and file everything dropped there (runs until stopped).

    Files are taken once they stop changing, moved into the spool, and processed by a pool of worker
    processes. SIGTERM or Ctrl-C stops after the jobs in hand; a second signal stops at once. Both are
    safe: the next start resumes every unfinished job.
    """
    from pipeline.intake.service import WatchService
    from pipeline.lifecycle.teaching import BackgroundRetraining

    settings: Settings = ctx.obj
    if not settings.inbox:
        raise typer.BadParameter("no [[inbox]] is configured in the settings file")
    server = None
    if serve:
        import multiprocessing

        # The web server runs in its own process so the service keeps its signal handling and workers.
        server = multiprocessing.get_context("spawn").Process(
            target=cli_web.run_server, args=(settings, host, port), name="recordkeeper-web", daemon=True)
        server.start()
    try:
        retraining = BackgroundRetraining(settings, report=lambda line: err.print(line))
        WatchService(settings, report=lambda line: err.print(line), housekeeping=retraining.when_due
                     ).run(exit_when_idle=exit_when_idle)
    finally:
        if server is not None:
            server.terminate()
            server.join(timeout=10)


@app.command()
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Counts of records and intake jobs, by state and by class."""
    with _workspace(ctx) as workspace:
        summary = {"home": str(workspace.settings.home), **workspace.catalog.status(),
                   **JobQueue(workspace.catalog).status(),
                   "index": {"backend": workspace.settings.index.backend,
                             **Indexer(workspace.catalog, workspace.index).status()},
                   "classifier": classifier_status(workspace)}
    if as_json:
        print(json.dumps(summary, indent=2))
    else:
        render.print_status(out, summary)


def main() -> None:
    """Console entry point: errors become one readable line and an exit code, never a traceback."""
    try:
        app()
    except RecordkeeperError as exc:
        err.print(f"[red]error:[/red] {render.escape(str(exc))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        log.exception("unexpected error")
        err.print(f"[red]error:[/red] unexpected {type(exc).__name__}: {render.escape(str(exc))} "
                  "(details in the log file under the data home)")
        sys.exit(70)
