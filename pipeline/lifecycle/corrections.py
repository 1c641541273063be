"""Technicians' corrections: reclassify, accept, edit metadata, and re-run classification.

Every change re-derives what follows from the record's class and metadata (access level, retention,
disposition date), re-indexes the record, bumps its version and writes an audit entry with who, when,
why and the values before and after, all in one transaction. A change made against a stale version
is refused (optimistic concurrency). A human decision is final: automatic runs never overwrite it.

Access levels only go down by the act of someone allowed to lower them (`Authority.may_lower_access`, a
records manager or the server's own operator). Anyone else's change, and every automatic run, keeps the
higher of the old and the new level, pinned as the record's `access_floor` until a records manager sets
the access level; a change that would lift a record above the changer's own clearance is refused.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from classifiers.base import ClassifiableDocument, Classifier
from pipeline.enrich.metadata import derive_access, derive_disposition
from pipeline.errors import EDIT_HINT, AccessDenied, InvalidChange, RecordOnHold
from pipeline.file_plan import AccessLevel
from pipeline.lifecycle.holds import active_holds
from pipeline.records import Record
from pipeline.search.index_queue import Indexer
from pipeline.titles import MAX_TITLE_CHARS, record_title
from pipeline.workspace import Workspace

EDITABLE_FIELDS = ("title", "document_date", "access_level", "language")
ACCESS_OVERRIDE = "access_override"
ACCESS_FLOOR = "access_floor"  # the level a change by someone who may not lower it had to keep
PROTECTED_METADATA = (ACCESS_OVERRIDE, ACCESS_FLOOR)
# What an undo of a decision puts back (what follows from them is derived again).
_UNDOABLE = ("accepted", "reclassified")
_RESTORED_ON_UNDO = ("class_code", "class_source", "confidence", "explanation", "title", "retention_rule")
# Set when a person writes the title: from then on a new class no longer re-titles the record.
TITLE_SET_BY = "title_set_by"


@dataclass(frozen=True)
class Authority:
    """What the person making corrections may do with access levels. The default is the server's operator."""

    may_lower_access: bool = True
    clearance: AccessLevel = AccessLevel.restricted


class Corrections:
    def __init__(self, workspace: Workspace, authority: Authority | None = None) -> None:
        self.workspace = workspace
        self.authority = authority or Authority()
        self.catalog = workspace.catalog
        self.file_plan = workspace.file_plan
        self.settings = workspace.settings
        self.indexer = Indexer(workspace.catalog, workspace.index, workspace.settings.index.retry_pending_seconds,
                               workspace.settings.index.max_attempts)

    def reclassify(self, record_id: str, code: str, actor: str, reason: str = "",
                   expected_version: int | None = None) -> Record:
        if code not in self.file_plan.codes:
            raise InvalidChange(f"'{code}' is not a class of the file plan ({', '.join(self.file_plan.codes)})",
                                "Choose one of the class codes listed")

        def change(record: Record) -> Record:
            changed = dataclasses.replace(record, class_code=code, class_source="human", confidence=1.0,
                                          explanation=f"classified by {actor}" + (f": {reason}" if reason else ""),
                                          needs_review=False, retention_rule=self.file_plan.get(code).retention.text)
            return self._retitled(changed)

        return self._apply(record_id, change, "reclassified", actor, reason, expected_version, held_verb="reclassified")

    def accept(self, record_id: str, actor: str, expected_version: int | None = None) -> Record:
        def change(record: Record) -> Record:
            if record.class_code == self.file_plan.unfiled_class:
                raise InvalidChange(f"record {record_id} is unfiled ({record.class_code}); accepting would leave it "
                                    "unfiled for good", "Reclassify it into a class of the file plan instead")
            return dataclasses.replace(record, class_source="human", needs_review=False,
                                       explanation=f"confirmed by {actor} ({record.explanation})")

        return self._apply(record_id, change, "accepted", actor, "", expected_version)

    def return_to_review(self, record_id: str, actor: str, expected_version: int | None = None) -> Record:
        """Undo the record's latest decision (an accept or a reclassification made by mistake): the fields it
        changed go back to what they were, so the record waits in the review queue again."""
        latest = self.catalog.connection.execute(
            "SELECT action, details FROM audit_log WHERE record_id = ? AND action NOT IN "
            "('viewed', 'page image viewed', 'downloaded') ORDER BY id DESC LIMIT 1", (record_id,)).fetchone()
        if latest is None or latest[0] not in _UNDOABLE:
            raise InvalidChange(f"the latest change to {record_id} is not an accept or a reclassification",
                                "Reclassify it, or correct the field that is wrong")
        before = {name: values[0] for name, values in json.loads(latest[1]).get("changes", {}).items()
                  if name in _RESTORED_ON_UNDO}

        def change(record: Record) -> Record:
            return dataclasses.replace(record, **before, needs_review=True)

        return self._apply(record_id, change, "returned to review", actor, f"undo of {latest[0]}", expected_version,
                           held_verb="changed")

    def edit(self, record_id: str, changes: dict[str, str], actor: str, reason: str = "",
             expected_version: int | None = None) -> Record:
        if not changes:
            raise InvalidChange("no field=value given", EDIT_HINT)
        for protected in PROTECTED_METADATA:
            if protected in changes:
                raise InvalidChange(f"'{protected}' is set through access_level, which needs its own permission")

        def change(record: Record) -> Record:
            updated, metadata = {}, dict(record.metadata)
            for field, value in changes.items():
                if field == "title":
                    updated["title"] = " ".join(value.split())[:MAX_TITLE_CHARS] or record.title
                    metadata[TITLE_SET_BY] = actor
                elif field == "document_date":
                    updated["document_date"] = _parse_date(field, value)
                elif field == "access_level":
                    if value not in AccessLevel.__members__:
                        raise InvalidChange(f"access_level must be one of {', '.join(AccessLevel.__members__)}",
                                            EDIT_HINT)
                    metadata[ACCESS_OVERRIDE] = value
                    metadata.pop(ACCESS_FLOOR, None)
                elif field == "language":
                    updated["language"] = value
                else:
                    if self._is_trigger(field):
                        _parse_date(field, value)
                    metadata[field] = value
            return dataclasses.replace(record, metadata=metadata, **updated)

        alters = set(changes) & {"title", "document_date", "language"} or any(self._is_trigger(f) for f in changes)
        return self._apply(record_id, change, "edited", actor, reason, expected_version,
                           held_verb="edited" if alters else None)

    def reprocess(self, classifier: Classifier, class_code: str | None = None) -> dict[str, int]:
        """Classify again every record without a human decision; returns counts changed/unchanged."""
        counts = {"changed": 0, "unchanged": 0}
        for record_id in self.catalog.records_for_reprocess(class_code):
            if active_holds(self.catalog, record_id):
                counts["unchanged"] += 1
                continue
            record = self.catalog.get_record(record_id)
            prediction = classifier.predict(ClassifiableDocument(self.catalog.record_text(record_id),
                                                                 record.original_name, record.station))
            if (prediction.code, prediction.confidence) == (record.class_code, record.confidence):
                counts["unchanged"] += 1
                continue

            def change(current: Record, prediction=prediction) -> Record:
                return self._retitled(dataclasses.replace(
                    current, class_code=prediction.code, class_source=prediction.source,
                    confidence=prediction.confidence, explanation=prediction.explained,
                    model_version=prediction.model_version,
                    needs_review=prediction.review_reason is not None,
                    retention_rule=self.file_plan.get(prediction.code).retention.text))

            self._apply(record_id, change, "reprocessed", "system", "classification run again", None, automatic=True)
            counts["changed"] += 1
        return counts

    def _retitled(self, record: Record) -> Record:
        """A record in a new class takes that class's title, unless a person wrote its title."""
        if TITLE_SET_BY in record.metadata:
            return record
        title = record_title(self.file_plan.get(record.class_code), record, self.catalog.record_text(record.id))
        return dataclasses.replace(record, title=title)

    def _refuse_if_held(self, record_id: str, verb: str) -> None:
        holds = active_holds(self.catalog, record_id)
        if holds:
            raise RecordOnHold(f"record {record_id} is under legal hold ({', '.join(holds)}) and cannot be {verb}")

    def _is_trigger(self, field: str) -> bool:
        return field.endswith("_date") or any(c.retention.trigger == field for c in self.file_plan.classes)

    def _apply(self, record_id: str, change: Callable[[Record], Record], action: str, actor: str, reason: str,
               expected_version: int | None, held_verb: str | None = None, automatic: bool = False) -> Record:
        with self.indexer.transaction():
            # Checked inside the write lock, so a hold placed a moment ago cannot be slipped past.
            if held_verb:
                self._refuse_if_held(record_id, held_verb)
            before = self.catalog.get_record(record_id)
            version = before.version if expected_version is None else expected_version
            after = self._guard_access(before, self._derive(change(before)), automatic)
            after = dataclasses.replace(after, version=version + 1)
            self.catalog.update_record(after, expected_version=version)
            self.indexer.stage(after, self.catalog.record_text(after.id), expected_version=version)
            self.catalog.audit(action, record_id, {"reason": reason, "changes": _diff(before, after)}, actor=actor)
        return after

    def _guard_access(self, before: Record, after: Record, automatic: bool) -> Record:
        if after.access_level > self.authority.clearance and after.access_level > before.access_level:
            raise AccessDenied(f"as {after.class_code} record {after.id} would be {after.access_level.name}, above "
                               f"your clearance ({self.authority.clearance.name}): you could not see it again")
        if after.access_level < before.access_level and (automatic or not self.authority.may_lower_access):
            # Kept, not refused: the correction stands, only the lowering waits for a records manager.
            metadata = {**after.metadata, ACCESS_FLOOR: before.access_level.name}
            return dataclasses.replace(after, access_level=before.access_level, metadata=metadata)
        return after

    def _derive(self, record: Record) -> Record:
        record_class = self.file_plan.get(record.class_code)
        inbox = self.settings.inbox_for(record.station)
        access = derive_access(record_class, record.pii_flags, inbox.access if inbox else None, self.settings.pii)
        if ACCESS_OVERRIDE in record.metadata:
            access = AccessLevel[record.metadata[ACCESS_OVERRIDE]]
        elif ACCESS_FLOOR in record.metadata:
            access = max(access, AccessLevel[record.metadata[ACCESS_FLOOR]])
        received = date.fromisoformat(record.received_at[:10])
        return dataclasses.replace(
            record, access_level=access,
            disposition_date=derive_disposition(record_class, record.document_date, record.metadata, received))


def _parse_date(field: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidChange(f"{field} must be a date like 2025-06-30, not '{value}'", EDIT_HINT) from None


def _diff(before: Record, after: Record) -> dict[str, list[Any]]:
    old, new = before.to_json(), after.to_json()
    return {key: [old[key], new[key]] for key in new if key != "version" and old[key] != new[key]}
