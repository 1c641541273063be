"""Records-lifecycle commands: retention report, legal holds, disposition, audits, paper originals."""

from __future__ import annotations

import dataclasses
import getpass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.catalog.sqlite import utc_now
from pipeline.lifecycle import audits, disposition, holds, physical
from pipeline.lifecycle.reports import emit
from pipeline.lifecycle.retention import due_records
from pipeline.workspace import Workspace

out = Console()
retention_app = typer.Typer(help="The retention schedule applied to the records.", no_args_is_help=True)
hold_app = typer.Typer(help="Legal holds: records that may not be disposed of or changed.", no_args_is_help=True)
dispose_app = typer.Typer(help="Disposition batches: propose, approve or reject, certificate.", no_args_is_help=True)
audit_app = typer.Typer(help="Audits: trail integrity, fixity, consistency, classification sample.",
                        no_args_is_help=True)
ActorOption = Annotated[str, typer.Option("--by", help="Who acts (audit log). Default: your login name.")]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv, json or html.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")]


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")
    app.add_typer(hold_app, name="hold")
    app.add_typer(dispose_app, name="dispose")
    app.add_typer(audit_app, name="audit")
    for command in (location, charge_out, charge_in):
        app.command()(command)


def _open(ctx: typer.Context) -> Workspace:
    return Workspace.open(ctx.obj)


def _report(rows: list[dict], fmt: str, title: str, summary: str, output: Path | None) -> None:
    if fmt == "table":
        out.print(f"[bold]{escape(title)}[/]: {escape(summary)}")
        if rows:
            table = Table(*rows[0].keys())
            for row in rows:
                table.add_row(*[escape("" if v is None else str(v)) for v in row.values()])
            out.print(table)
        return
    if fmt not in ("csv", "json", "html"):
        raise typer.BadParameter("use table, csv, json or html", param_hint="--format")
    text = emit(rows, fmt, title, summary, utc_now(), output)
    if text is not None:
        print(text)
    else:
        out.print(f"{title} written to {output}")


@retention_app.command("report")
def retention_report(ctx: typer.Context, due_before: Annotated[str | None, typer.Option(
        "--due-before", help="List records due on or before this date (default: today).")] = None,
        fmt: FormatOption = "table", output: OutputOption = None) -> None:
    """Records due for disposition, grouped by class, with the action and authority of their schedule."""
    as_of = date.fromisoformat(due_before) if due_before else date.today()
    with _open(ctx) as workspace:
        rows = [dataclasses.asdict(d) | {"holds": ", ".join(d.holds)}
                for d in due_records(workspace.catalog, workspace.file_plan, as_of)]
    _report(rows, fmt, f"Records due on or before {as_of}", f"{len(rows)} record(s) due", output)


@hold_app.command("create")
def hold_create(ctx: typer.Context, name: str,
                reason: Annotated[str, typer.Option("--reason", help="Matter, case or authority.")] = "",
                query: Annotated[str | None, typer.Option(
                    "--query", help="Hold every record this search finds.")] = None,
                records: Annotated[str | None, typer.Option("--records", help="Comma-separated record ids.")] = None,
                by: ActorOption = "") -> None:
    """Place a legal hold on records found by a query and/or listed by id."""
    ids = [r.strip() for r in records.split(",") if r.strip()] if records else None
    with _open(ctx) as workspace:
        hold = holds.create_hold(workspace.catalog, workspace.index, name, reason, by or getpass.getuser(),
                                 query, ids)
    out.print(f"Hold '{escape(hold.name)}' placed on {len(hold.records)} record(s)")


@hold_app.command("release")
def hold_release(ctx: typer.Context, name: str, reason: Annotated[str, typer.Option("--reason")] = "",
                 by: ActorOption = "") -> None:
    """Release a legal hold; its records follow their retention schedule again."""
    with _open(ctx) as workspace:
        hold = holds.release_hold(workspace.catalog, name, by or getpass.getuser(), reason)
    out.print(f"Hold '{escape(hold.name)}' released ({len(hold.records)} record(s))")


@hold_app.command("list")
def hold_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """Every hold, active and released."""
    with _open(ctx) as workspace:
        rows = [dataclasses.asdict(h) | {"records": len(h.records)} for h in holds.list_holds(workspace.catalog)]
    _report(rows, fmt, "Legal holds", f"{sum(not r['released_at'] for r in rows)} active", None)


@dispose_app.command("propose")
def dispose_propose(ctx: typer.Context, as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Records due on or before this date (default: today).")] = None,
        class_code: Annotated[str | None, typer.Option("--class")] = None, by: ActorOption = "") -> None:
    """Build a batch of due, unheld records for a records manager to approve or reject."""
    with _open(ctx) as workspace:
        batch = disposition.propose(workspace, date.fromisoformat(as_of) if as_of else date.today(),
                                    by or getpass.getuser(), class_code)
    out.print(f"Batch {batch.id} proposed with {len(batch.items)} record(s). Review with "
              f"'recordkeeper dispose show {batch.id}', then approve or reject it.")


@dispose_app.command("show")
def dispose_show(ctx: typer.Context, batch_id: int, fmt: FormatOption = "table") -> None:
    """The records in a batch and what happened to each."""
    with _open(ctx) as workspace:
        batch = disposition.get_batch(workspace, batch_id)
    _report(batch.items, fmt, f"Batch {batch.id} ({batch.state})",
            f"proposed by {batch.created_by} for records due by {batch.as_of}", None)


@dispose_app.command("list")
def dispose_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """Every disposition batch."""
    with _open(ctx) as workspace:
        rows = [dataclasses.asdict(b) | {"items": len(b.items)} for b in disposition.list_batches(workspace)]
    _report(rows, fmt, "Disposition batches", f"{len(rows)} batch(es)", None)


@dispose_app.command("approve")
def dispose_approve(ctx: typer.Context, batch_id: int, by: ActorOption = "") -> None:
    """Approve a batch: transfer or destroy its records and produce the certificate (CSV and PDF)."""
    with _open(ctx) as workspace:
        batch, csv_path, pdf_path = disposition.approve(workspace, batch_id, by or getpass.getuser())
    outcomes = [item["outcome"] for item in batch.items]
    out.print(f"Batch {batch.id}: {outcomes.count('destroyed')} destroyed, {outcomes.count('transferred')} "
              f"transferred, {len(outcomes) - outcomes.count('destroyed') - outcomes.count('transferred')} kept.")
    out.print(f"Certificate: {pdf_path} and {csv_path}")


@dispose_app.command("reject")
def dispose_reject(ctx: typer.Context, batch_id: int, reason: Annotated[str, typer.Option("--reason")] = "",
                   by: ActorOption = "") -> None:
    """Reject a batch: its records are kept."""
    with _open(ctx) as workspace:
        disposition.reject(workspace, batch_id, by or getpass.getuser(), reason)
    out.print(f"Batch {batch_id} rejected; its records are kept.")


@audit_app.command("fixity")
def audit_fixity(ctx: typer.Context, fmt: FormatOption = "table", output: OutputOption = None) -> None:
    """Re-hash every archived original; exit code 1 when any is missing or altered."""
    _run_check(ctx, audits.fixity, "Fixity audit", fmt, output)


@audit_app.command("consistency")
def audit_consistency(ctx: typer.Context, fmt: FormatOption = "table", output: OutputOption = None) -> None:
    """Records without files, files without records, and catalog/index mismatches."""
    _run_check(ctx, audits.consistency, "Consistency audit", fmt, output)


def _run_check(ctx: typer.Context, check, title: str, fmt: str, output: Path | None) -> None:
    with _open(ctx) as workspace:
        checked, findings = check(workspace)
    rows = [dataclasses.asdict(finding) for finding in findings]
    _report(rows, fmt, title, f"{checked} record(s) checked, {len(rows)} problem(s)", output)
    if rows:
        raise typer.Exit(1)


@audit_app.command("sample")
def audit_sample(ctx: typer.Context, n: Annotated[int, typer.Option("--n", min=1)] = 50,
                 seed: Annotated[int | None, typer.Option(help="Repeatable draw.")] = None,
                 fmt: FormatOption = "table", output: OutputOption = None) -> None:
    """A random sample of records for a classification-accuracy review (fill in correct_class)."""
    with _open(ctx) as workspace:
        rows = audits.sample(workspace, n, seed)
    _report(rows, fmt, "Classification review sample", f"{len(rows)} record(s) drawn", output)


def location(ctx: typer.Context, record_id: str, site: Annotated[str | None, typer.Option()] = None,
             room: Annotated[str | None, typer.Option()] = None, shelf: Annotated[str | None, typer.Option()] = None,
             box: Annotated[str | None, typer.Option()] = None, by: ActorOption = "") -> None:
    """Record where a record's paper original is kept."""
    with _open(ctx) as workspace:
        where = physical.set_location(workspace.catalog, record_id, {"site": site, "room": room, "shelf": shelf,
                                                                      "box": box}, by or getpass.getuser())
    out.print(f"{record_id}: " + ", ".join(f"{k} {v}" for k, v in where.items() if v and k in physical.LOCATION_FIELDS))


def charge_out(ctx: typer.Context, record_id: str, to: Annotated[str, typer.Option("--to", help="Who takes it.")],
               due: Annotated[str, typer.Option("--due", help="Due back (YYYY-MM-DD).")], by: ActorOption = "") -> None:
    """Charge out a paper original to a person until a due date."""
    with _open(ctx) as workspace:
        physical.charge_out(workspace.catalog, record_id, to, date.fromisoformat(due), by or getpass.getuser())
    out.print(f"{record_id} charged out to {escape(to)}, due back {due}")


def charge_in(ctx: typer.Context, record_id: str, by: ActorOption = "") -> None:
    """Record that a charged-out paper original came back."""
    with _open(ctx) as workspace:
        physical.charge_in(workspace.catalog, record_id, by or getpass.getuser())
    out.print(f"{record_id} returned")
