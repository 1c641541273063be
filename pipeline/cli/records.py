"""Commands technicians use to correct records: review, accept, reclassify, edit, reprocess."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from pipeline.enrich.analysis import build_classifier
from pipeline.errors import EDIT_HINT, InvalidChange
from pipeline.lifecycle.corrections import EDITABLE_FIELDS, Corrections
from pipeline.records import Record
from pipeline.workspace import Workspace

out = Console()
ActorOption = Annotated[str, typer.Option(
    "--by", help="Who makes the change (recorded in the audit log). Default: your login name.")]
VersionOption = Annotated[int | None, typer.Option(
    "--version", help="Refuse the change if the record is no longer at this version (see 'show').")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (recorded in the audit log).")]


def register(app: typer.Typer) -> None:
    for command in (review, accept, reclassify, edit, reprocess):
        app.command()(command)


def review(ctx: typer.Context, limit: Annotated[int, typer.Option(min=1)] = 50,
           as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The review queue: records classified with low confidence or poor OCR, least certain first."""
    with Workspace.open(ctx.obj) as workspace:
        records = workspace.catalog.review_queue(limit)
    if as_json:
        print(json.dumps([_review_json(r) for r in records], indent=2, ensure_ascii=False))
        return
    if not records:
        out.print("The review queue is empty.")
        return
    out.print(_review_table(records))
    out.print("Accept with 'recordkeeper accept ID' or correct with 'recordkeeper reclassify ID CODE'.")


def _review_table(records: list[Record]) -> Table:
    # Ids are copied into 'accept' and 'reclassify', so they are never shortened: the title and the reason
    # wrap to make room. A terminal too narrow even for that folds the id rather than cutting it.
    id_width = max(len(record.id) for record in records)
    table = Table(Column("record", no_wrap=True, min_width=id_width, overflow="fold"),
                  Column("class", no_wrap=True), Column("confidence", no_wrap=True, justify="right"),
                  Column("title", overflow="fold"), Column("why", overflow="fold"),
                  title=f"{len(records)} record(s) to review")
    for record in records:
        table.add_row(record.id, record.class_code, f"{record.confidence:.2f}", escape(record.title[:50]),
                      escape(record.explanation))
    return table


def accept(ctx: typer.Context, record_id: str, by: ActorOption = "",
           version: VersionOption = None) -> None:
    """Confirm a record's class as it is (it leaves the review queue; reprocessing never changes it)."""
    record = _correct(ctx, lambda c: c.accept(record_id, by or getpass.getuser(), version))
    out.print(f"{record.id} confirmed as {record.class_code} (version {record.version})")


def reclassify(ctx: typer.Context, record_id: str,
               code: Annotated[str, typer.Argument(help="The right class code, e.g. HR-PER.")],
               reason: ReasonOption = "", by: ActorOption = "", version: VersionOption = None) -> None:
    """File a record in another class; access level, retention and disposition follow the new class."""
    record = _correct(ctx, lambda c: c.reclassify(record_id, code.upper(), by or getpass.getuser(), reason, version))
    out.print(f"{record.id} is now {record.class_code}: access {record.access_level.name}, retention "
              f"{record.retention_rule}, disposition {record.disposition_date or 'not scheduled'} "
              f"(version {record.version})")


def edit(ctx: typer.Context, record_id: str,
         changes: Annotated[list[str], typer.Argument(help=f"field=value; fields {', '.join(EDITABLE_FIELDS)}; "
                                                            "any other name is stored as metadata "
                                                            "(e.g. end_of_employment=2025-06-30).")],
         reason: ReasonOption = "", by: ActorOption = "", version: VersionOption = None) -> None:
    """Correct a record's metadata; dates that start a retention period re-schedule its disposition."""
    parsed = {}
    for change in changes:
        field, separator, value = change.partition("=")
        if not separator or not field.strip():
            raise InvalidChange(f"'{change}' is not field=value", EDIT_HINT)
        parsed[field.strip()] = value.strip()
    record = _correct(ctx, lambda c: c.edit(record_id, parsed, by or getpass.getuser(), reason, version))
    out.print(f"{record.id} updated (version {record.version}); disposition "
              f"{record.disposition_date or 'not scheduled'}")


def reprocess(ctx: typer.Context,
              class_code: Annotated[str | None, typer.Option(
                  "--class", help="Only records now in this class.")] = None,
              all_records: Annotated[bool, typer.Option(
                  "--all", help="Every record without a human decision.")] = False) -> None:
    """Classify records again with the current rules and model (text is not re-read or re-OCR'd)."""
    if (class_code is None) == (not all_records):
        raise typer.BadParameter("give --class CODE or --all")
    with Workspace.open(ctx.obj) as workspace:
        from classifiers.model_store import ModelStore

        classifier = build_classifier(workspace.settings, workspace.file_plan, ModelStore(workspace.settings.model_dir))
        counts = Corrections(workspace).reprocess(classifier, class_code.upper() if class_code else None)
    out.print(f"{counts['changed']} record(s) changed, {counts['unchanged']} unchanged "
              "(records with a human decision are never changed)")


def _correct(ctx: typer.Context, action) -> Record:
    with Workspace.open(ctx.obj) as workspace:
        return action(Corrections(workspace))


def _review_json(record: Record) -> dict:
    return {"record_id": record.id, "class_code": record.class_code, "confidence": record.confidence,
            "explanation": record.explanation, "title": record.title, "ocr_confidence": record.ocr_confidence,
            "version": record.version}
