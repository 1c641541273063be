"""`recordkeeper quarantine`: the files that could not be filed, why, and another try."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.errors import RecordNotFound, is_retryable
from pipeline.intake.jobs import Job, JobQueue, spool_path_for
from pipeline.intake.quarantine import read_reason, take_back
from pipeline.settings import Settings
from pipeline.workspace import Workspace

app = typer.Typer(help="Files that could not be filed: list, show the reason, retry.", no_args_is_help=True)
out = Console()


@app.command("list")
def list_quarantine(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every quarantined file with its reason."""
    with Workspace.open(ctx.obj) as workspace:
        jobs = JobQueue(workspace.catalog).in_state("failed")
    if as_json:
        print(json.dumps([_job_json(job) for job in jobs], indent=2, ensure_ascii=False))
        return
    if not jobs:
        out.print("Quarantine is empty.")
        return
    table = Table("job", "file", "code", "reason", title=f"{len(jobs)} quarantined file(s)")
    for job in jobs:
        table.add_row(str(job.id), escape(job.name), job.error_code or "", escape(job.error_reason or ""))
    out.print(table)


@app.command()
def show(ctx: typer.Context, job_id: int, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """One quarantined file: where it came from, what is wrong and what to do."""
    settings: Settings = ctx.obj
    with Workspace.open(settings) as workspace:
        job = _failed_job(JobQueue(workspace.catalog), job_id)
    detail = {**_job_json(job), **read_reason(settings.quarantine_dir, job.id)}
    if as_json:
        print(json.dumps(detail, indent=2, ensure_ascii=False))
        return
    for key in ("job_id", "file", "source_path", "code", "reason", "action", "quarantined_at", "attempts"):
        out.print(f"[bold]{key}:[/] {escape(str(detail.get(key, '')))}")


@app.command()
def retry(
    ctx: typer.Context,
    job_id: Annotated[int | None, typer.Argument(help="Job to retry.")] = None,
    retry_all: Annotated[bool, typer.Option("--all", help="Retry every quarantined file a retry can help.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Retry even files whose fault is in the file itself "
                                                        "(e.g. after an upgrade that reads a new format).")] = False,
) -> None:
    """Put quarantined files back in the queue (the watch service processes them).

    A file refused for what it is (empty, corrupt, encrypted, unsupported, too large) fails again the same
    way, so it is only retried with --force."""
    if (job_id is None) == (not retry_all):
        raise typer.BadParameter("give a job id or --all (not both)")
    settings: Settings = ctx.obj
    with Workspace.open(settings) as workspace:
        queue = JobQueue(workspace.catalog)
        jobs = queue.in_state("failed") if retry_all else [_failed_job(queue, job_id)]
        hopeless = [job for job in jobs if not force and not is_retryable(job.error_code)]
        for job in hopeless:
            out.print(f"job {job.id} ({escape(job.name)}) not retried: {escape(job.error_reason or '')} "
                      "— a retry would fail the same way (--force to retry anyway)")
        if hopeless and not retry_all:
            raise typer.Exit(1)
        for job in (job for job in jobs if job not in hopeless):
            spool = Path(job.spool_path) if job.spool_path else spool_path_for(settings.spool_dir, job.id, job.name)
            take_back(settings.quarantine_dir, job.id, spool)
            queue.retry(job.id, spool, actor="cli")
            out.print(f"job {job.id} ({escape(job.name)}) queued again")


def _failed_job(queue: JobQueue, job_id: int) -> Job:
    try:
        job = queue.get(job_id)
    except KeyError:
        job = None
    if job is None or job.state != "failed":
        raise RecordNotFound(f"no quarantined file for job {job_id}", "List them with 'recordkeeper quarantine list'")
    return job


def _job_json(job: Job) -> dict:
    return {"job_id": job.id, "file": job.name, "source_path": job.source_path, "station": job.station,
            "code": job.error_code, "reason": job.error_reason, "attempts": job.attempts,
            "received_at": job.created_at}
