"""How the CLI shows results: Rich tables for people, stable JSON for scripts (documented in README)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

from pipeline.file_plan import FilePlan
from pipeline.intake.ingest import IngestOutcome
from pipeline.records import Record
from pipeline.search.port import HIGHLIGHT_END, HIGHLIGHT_START, SearchResults

__all__ = ["escape"]
JSON_MARK_START, JSON_MARK_END = "«", "»"
# A batch up to this size is listed file by file; a bigger one would scroll the summary away.
_FILED_ROWS = 30


def ingest_summary_json(outcomes: list[IngestOutcome]) -> dict[str, Any]:
    counts = Counter(outcome.status for outcome in outcomes)
    return {
        "indexed": counts["indexed"],
        "duplicate": counts["duplicate"],
        "failed": counts["failed"],
        "files": [
            {"source": o.source, "status": o.status, "record_id": o.record_id, "class_code": o.class_code,
             "error_code": o.error_code, "reason": o.reason, "needs_review": o.needs_review}
            for o in outcomes
        ],
    }


def print_ingest_summary(console: Console, outcomes: list[IngestOutcome]) -> None:
    counts = Counter(outcome.status for outcome in outcomes)
    filed = [o for o in outcomes if o.status == "indexed"]
    waiting = sum(bool(o.needs_review) for o in filed)
    console.print(f"[green]{counts['indexed']} indexed[/green] ({waiting} to review), {counts['duplicate']} duplicate, "
                  f"[{'red' if counts['failed'] else 'green'}]{counts['failed']} failed[/]")
    if filed and len(filed) <= _FILED_ROWS:
        table = Table("file", Column("record", no_wrap=True), Column("class", no_wrap=True), "to review",
                      title="Filed")
        for outcome in filed:
            table.add_row(escape(outcome.source), outcome.record_id or "", outcome.class_code or "",
                          "yes" if outcome.needs_review else "")
        console.print(table)
    elif filed:
        console.print("'recordkeeper review' lists the records waiting for a person; --json lists every file.")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        table = Table("file", "problem", title="Quarantined (see 'quarantine' folder in the data home)")
        for outcome in failed:
            table.add_row(escape(outcome.source), escape(outcome.reason or ""))
        console.print(table)


def search_json(query: str, results: SearchResults) -> dict[str, Any]:
    return {
        "query": query,
        "total": results.total,
        "hits": [
            {"record_id": h.record_id, "class_code": h.class_code, "title": h.title,
             "document_date": h.document_date.isoformat() if h.document_date else None,
             "score": h.score,
             "snippet": h.snippet.replace(HIGHLIGHT_START, JSON_MARK_START).replace(HIGHLIGHT_END, JSON_MARK_END)}
            for h in results.hits
        ],
        "facets": results.facets,
    }


def print_search(console: Console, query: str, results: SearchResults) -> None:
    if not results.hits:
        console.print(f"No records match {escape(query)!r}.")
        return
    console.print(f"{results.total} record(s) match; showing {len(results.hits)}.")
    for hit in results.hits:
        when = hit.document_date.isoformat() if hit.document_date else "no date"
        console.print(f"[bold cyan]{hit.record_id}[/]  {escape(hit.title)}  [dim]{when}[/]")
        snippet = escape(" ".join(hit.snippet.split()))
        console.print("   " + snippet.replace(HIGHLIGHT_START, "[bold yellow]").replace(HIGHLIGHT_END, "[/]"))
    for name, counts in results.facets.items():
        if counts:
            shown = ", ".join(f"{value} {count}" for value, count in counts.items())
            console.print(f"[dim]{name}:[/dim] {escape(shown)}")


def record_json(record: Record, sources: list[dict], history: list[dict], pages: list[dict] | None) -> dict:
    detail = {**record.to_json(), "sources": sources, "history": history}
    if pages is not None:
        detail["pages"] = pages
    return detail


def print_record(console: Console, detail: dict[str, Any], file_plan: FilePlan) -> None:
    table = Table(show_header=False, title=f"Record {detail['id']}", title_justify="left")
    record_class = file_plan.get(detail["class_code"]) if detail["class_code"] in file_plan.codes else None
    shown = {
        "title": detail["title"],
        "class": f"{detail['class_code']} {record_class.title if record_class else ''}".strip(),
        "classified by": f"{detail['class_source']} ({detail['confidence']:.2f}): {detail['explanation']}",
        "needs review": "yes" if detail["needs_review"] else "no",
        "document date": detail["document_date"] or "not found",
        "access level": detail["access_level"],
        "retention": f"{detail['retention_rule']} -> disposition {detail['disposition_date'] or 'not scheduled'}",
        "pages": f"{detail['page_count']} ({', '.join(detail['text_methods'])})",
        "OCR confidence": "" if detail["ocr_confidence"] is None else f"{detail['ocr_confidence']:.1f}",
        "language": detail["language"] or "",
        "organisations": ", ".join(detail["entities"].get("organisations", [])[:5]),
        "people": ", ".join(detail["entities"].get("people", [])[:5]),
        "identifiers": "; ".join(f"{k}: {', '.join(v)}" for k, v in detail["entities"].get("identifiers", {}).items()),
        "personal information": ", ".join(f"{kind} ({n})" for kind, n in detail["pii_flags"].items()) or "none found",
        "metadata": ", ".join(f"{k}={v}" for k, v in detail["metadata"].items()),
        "version": detail["version"],
        "legal holds": ", ".join(detail.get("holds", [])) or "none",
        "paper original": ", ".join(f"{k} {v}" for k, v in (detail.get("physical") or {}).items() if v) or "none",
        "original": detail["original_name"],
        "archived at": detail["archive_path"],
        "sha256": detail["sha256"],
        "received": detail["received_at"],
    }
    for key, value in shown.items():
        table.add_row(key, escape(str(value)))
    console.print(table)
    for page in detail.get("pages", []):
        console.rule(f"page {page['number']} ({page['method']})")
        console.print(escape(page["text"]))


def print_status(console: Console, summary: dict[str, Any]) -> None:
    console.print(f"Data home: {escape(summary['home'])}")
    console.print(f"Records: {summary['records']} ({summary['needs_review']} awaiting review)")
    console.print("Jobs: " + ", ".join(f"{state} {count}" for state, count in summary["jobs"].items()))
    if summary["oldest_queued_age_seconds"] is not None:
        console.print(f"Oldest waiting job: {summary['oldest_queued_age_seconds']:.0f} s")
    console.print(f"Throughput: {summary['files_per_minute_last_5_min']} files/min over the last 5 minutes")
    index = summary["index"]
    if index["pending"]:
        console.print(f"Search index ({index['backend']}): [yellow]{index['pending']} record(s) waiting[/], oldest "
                      f"{index['oldest_pending_age_seconds']:.0f} s; last error: {escape(index['last_error'] or '-')}")
    else:
        console.print(f"Search index ({index['backend']}): up to date")
    if index.get("rebuild_running_since"):
        console.print(f"Search index rebuild running since {index['rebuild_running_since']}")
    for dead in index.get("dead_letter", []):
        console.print(f"[red]Not searchable[/] {dead['record_id']} (refused by the search engine since "
                      f"{dead['since']}: {escape(dead['error'] or '-')}); fix the record, or see the log")
    print_classifier_status(console, summary["classifier"])
    if summary["classes"]:
        table = Table("class", "records")
        for code, count in summary["classes"].items():
            table.add_row(code, str(count))
        console.print(table)


def print_classifier_status(console: Console, classifier: dict[str, Any]) -> None:
    if classifier["model"] is None:
        console.print("Classifier: file-plan rules only (no trained model; run 'recordkeeper train')")
        return
    console.print(
        f"Classifier: model {classifier['model']} trained on {classifier['training_records']} labelled records "
        f"({classifier['office_labels']} yours); {classifier['decisions_since_training']} decision(s) since")
    if classifier["estimated_auto_filed_error"] is not None:
        console.print(
            f"  estimated on {escape(classifier['evaluated_on'])}: {classifier['estimated_auto_filed_error']:.1%} "
            f"of records filed without review wrong (target {classifier['max_auto_error']:.0%}), "
            f"{classifier['estimated_review_rate']:.0%} sent to review")
