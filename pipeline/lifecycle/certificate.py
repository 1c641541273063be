"""Certificate of destruction (and transfer): a CSV for systems and a PDF for the file, listing each record."""

from __future__ import annotations

import csv
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

COLUMNS = ["record_id", "class_code", "sha256", "document_date", "disposition_date", "action", "approved_by",
           "disposed_at"]


def write_certificate(folder: Path, batch, tombstones: list[dict]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"certificate-batch-{batch.id:05d}"
    csv_path, pdf_path = stem.with_suffix(".csv"), stem.with_suffix(".pdf")
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(tombstones)
    styles = getSampleStyleSheet()
    rows = [["Record", "Class", "SHA-256", "Doc. date", "Due", "Action", "Disposed at"]]
    rows += [[t["record_id"], t["class_code"], t["sha256"], t["document_date"] or "", t["disposition_date"] or "",
              t["action"], t["disposed_at"]] for t in tombstones]
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 6.5),
                               ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
                               ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    destroyed = sum(t["action"] == "destroy" for t in tombstones)
    story = [
        Paragraph(f"Certificate of disposition — batch {batch.id}", styles["Title"]),
        Paragraph(f"Approved by {batch.decided_by} on {batch.decided_at}. Proposed by {batch.created_by} on "
                  f"{batch.created_at} for records due on or before {batch.as_of}.", styles["Normal"]),
        Paragraph(f"{destroyed} record(s) destroyed (catalog entry, text, index entry and archived file "
                  f"overwritten and deleted); {len(tombstones) - destroyed} transferred with their metadata. "
                  "Checksums are the SHA-256 of each original as received.", styles["Normal"]),
        Spacer(1, 12), table,
    ]
    SimpleDocTemplate(str(pdf_path), pagesize=landscape(letter), title=f"Certificate batch {batch.id}",
                      invariant=1).build(story)
    return csv_path, pdf_path
