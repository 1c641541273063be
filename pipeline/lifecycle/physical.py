"""Paper originals: where a record's physical copy is kept and who has it charged out."""

from __future__ import annotations

from datetime import date

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import InvalidChange

LOCATION_FIELDS = ("site", "room", "shelf", "box")


def custody(catalog: Catalog, record_id: str) -> dict | None:
    row = catalog.connection.execute("SELECT * FROM physical_custody WHERE record_id = ?", (record_id,)).fetchone()
    return {key: row[key] for key in row.keys() if key != "record_id"} if row else None


def set_location(catalog: Catalog, record_id: str, location: dict[str, str | None], actor: str) -> dict:
    catalog.get_record(record_id)
    values = {key: location.get(key) for key in LOCATION_FIELDS}
    with catalog.transaction():
        catalog.connection.execute(
            "INSERT INTO physical_custody(record_id, site, room, shelf, box) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(record_id) DO UPDATE SET site = excluded.site, room = excluded.room, "
            "shelf = excluded.shelf, box = excluded.box",
            (record_id, *values.values()))
        catalog.audit("location set", record_id, values, actor=actor)
    return custody(catalog, record_id)


def charge_out(catalog: Catalog, record_id: str, to: str, due_back: date, actor: str) -> dict:
    current = custody(catalog, record_id)
    if current is None:
        raise InvalidChange(f"record {record_id} has no physical location; set one with 'recordkeeper location'")
    if current["charged_to"]:
        raise InvalidChange(f"the paper original of {record_id} is already charged out to {current['charged_to']}")
    with catalog.transaction():
        catalog.connection.execute(
            "UPDATE physical_custody SET charged_to = ?, charged_since = ?, due_back = ? WHERE record_id = ?",
            (to, utc_now(), due_back.isoformat(), record_id))
        catalog.audit("charged out", record_id, {"to": to, "due_back": due_back.isoformat()}, actor=actor)
    return custody(catalog, record_id)


def charge_in(catalog: Catalog, record_id: str, actor: str) -> dict:
    current = custody(catalog, record_id)
    if current is None or not current["charged_to"]:
        raise InvalidChange(f"the paper original of {record_id} is not charged out")
    with catalog.transaction():
        catalog.connection.execute(
            "UPDATE physical_custody SET charged_to = NULL, charged_since = NULL, due_back = NULL "
            "WHERE record_id = ?", (record_id,))
        catalog.audit("returned", record_id, {"from": current["charged_to"]}, actor=actor)
    return custody(catalog, record_id)
