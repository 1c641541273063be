"""The retention schedule applied to the catalog: which records are due for disposition, and when.

A record is due on its disposition date, computed from its class's rule when it was filed or last
changed (document date, or a trigger such as end_of_employment once someone records it). Permanent
records and records whose trigger has not happened have no date and are never due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.catalog.sqlite import Catalog
from pipeline.file_plan import FilePlan


@dataclass(frozen=True)
class DueRecord:
    record_id: str
    class_code: str
    title: str
    document_date: str | None
    disposition_date: str
    action: str  # destroy, transfer or review, from the class's schedule
    authority: str
    holds: list[str]


def due_records(catalog: Catalog, file_plan: FilePlan, as_of: date, class_code: str | None = None) -> list[DueRecord]:
    """Records whose disposition date is on or before `as_of`, by class then date; held ones included."""
    sql = ("SELECT r.id, r.class_code, r.title, r.document_date, r.disposition_date, "
           "(SELECT group_concat(h.name, ', ') FROM record_holds rh JOIN holds h ON h.id = rh.hold_id "
           " WHERE rh.record_id = r.id AND h.released_at IS NULL) "
           "FROM records r WHERE r.disposition_date IS NOT NULL AND r.disposition_date <= ?")
    params: list[object] = [as_of.isoformat()]
    if class_code:
        sql += " AND r.class_code = ?"
        params.append(class_code)
    rows = catalog.connection.execute(sql + " ORDER BY r.class_code, r.disposition_date, r.id", params)
    due = []
    for row in rows:
        record_class = file_plan.get(row[1])
        due.append(DueRecord(row[0], row[1], row[2], row[3], row[4], record_class.retention_action,
                             record_class.retention_authority, row[5].split(", ") if row[5] else []))
    return due
