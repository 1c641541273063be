"""Integrity commands: `audit verify`, `audit checkpoint`, `backup` and `restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from pipeline.catalog.audit_checkpoints import record_checkpoint
from pipeline.catalog.sqlite import utc_now
from pipeline.cli.lifecycle import audit_app
from pipeline.lifecycle import audits
from pipeline.lifecycle import backup as backups
from pipeline.settings import Settings
from pipeline.workspace import Workspace

out = Console()


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, checkpoint: Annotated[list[Path] | None, typer.Option(
        "--checkpoint", help="Also check against an exported checkpoint file (repeatable).")] = None) -> None:
    """Check the audit trail: hash chain, seals and sealed head (with the audit key), append-only
    triggers, schema, and the checkpoints kept outside the catalog. Exit code 1 on any problem."""
    with Workspace.open(ctx.obj) as workspace:
        report = audits.verify_audit_trail(workspace, tuple(checkpoint or ()))
    for line in report.checks:
        out.print(f"checked: {escape(line)}")
    if not report.problems:
        out.print(f"[green]Audit trail intact[/]: {report.entries} entries, chain, seals and checkpoints verified.")
        return
    for problem in report.problems:
        where = problem.entry_id if problem.entry_id is not None else "-"
        out.print(f"[red]entry {where}[/]: {escape(problem.problem)}")
    raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint(ctx: typer.Context, output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also append it to this file (to keep away from the server).")] = None) -> None:
    """Seal the trail's newest entry and append it to the checkpoint file (audit.checkpoint_file)."""
    settings: Settings = ctx.obj
    with Workspace.open(settings) as workspace:
        paths = [settings.audit_checkpoint_file, *([output] if output else [])]
        made = record_checkpoint(workspace.catalog.connection, workspace.catalog.audit_key, utc_now(), paths)
    print(made.to_line())
    out.print(f"Checkpoint of entry {made.entry} written to {', '.join(str(p) for p in paths)}")


def backup(ctx: typer.Context, destination: Annotated[Path, typer.Argument(
        help="A new or empty folder; it becomes a complete data home.")]) -> None:
    """Back up the data home while it runs: a consistent catalog snapshot, every archived file it names
    (re-hashed), certificates, transfers, models and quarantine, and a sealed manifest."""
    with Workspace.open(ctx.obj) as workspace:
        report = backups.backup(workspace, destination.absolute())
    out.print(f"Backed up {report.records} record(s): {report.files} file(s), {report.bytes:,} bytes, to "
              f"{report.destination}; audit trail through entry {report.head.entry} "
              f"(checkpoint {report.head.hash[:12]}).")


def restore(ctx: typer.Context, source: Annotated[Path, typer.Argument(
        help="A folder made by 'recordkeeper backup'.", exists=True, file_okay=False)]) -> None:
    """Restore a backup into the data home (which must be new or empty), then verify the audit trail,
    fixity and consistency before reporting success. Exit code 1 when any check fails."""
    report = backups.restore(ctx.obj, source.absolute())
    for line in report.checks:
        out.print(f"checked: {escape(line)}")
    if report.problems:
        for problem in report.problems:
            out.print(f"[red]problem[/]: {escape(problem)}")
        out.print(f"[red]Restore NOT verified[/]: {len(report.problems)} problem(s); the restored files are left "
                  f"at {report.home} for inspection.")
        raise typer.Exit(1)
    out.print(f"[green]Restored and verified[/]: {report.files} file(s), {report.records} record(s), "
              f"{report.entries} audit entries, into {report.home}.")
