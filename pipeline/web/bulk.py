"""Changes to several records at once, chosen in the search results: accept, reclassify, or add to a hold.

Each record goes through the same checks as its single action (role, clearance, CSRF, the version the
person saw, legal holds) and gets its own audit entry; one refused record does not stop the others, and
the answer lists what happened to each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from pipeline.catalog.accounts import Role, Session
from pipeline.errors import RecordkeeperError
from pipeline.lifecycle.corrections import Corrections
from pipeline.lifecycle.holds import add_to_hold, get_hold
from pipeline.web.rendering import page, safe_back
from pipeline.web.security import authority, check_csrf, page_session, visible_record, workspace
from pipeline.workspace import Workspace

router = APIRouter(include_in_schema=False)
Ws = Annotated[Workspace, Depends(workspace)]
CurrentSession = Annotated[Session, Depends(page_session)]
# One page of results can be selected at a time; the bound keeps a forged form from asking for thousands.
MAX_RECORDS = 100
ACTIONS = ("accept", "reclassify", "hold")


@router.post("/records/bulk")
def bulk(request: Request, ws: Ws, session: CurrentSession, csrf: Annotated[str, Form(max_length=200)],
         action: Annotated[str, Form(max_length=20)], record: Annotated[list[str], Form(max_length=MAX_RECORDS)],
         code: Annotated[str, Form(max_length=64)] = "", reason: Annotated[str, Form(max_length=2000)] = "",
         hold: Annotated[str, Form(max_length=200)] = "", back: Annotated[str, Form(max_length=2000)] = "/"
         ) -> HTMLResponse:
    check_csrf(session, csrf)
    if action not in ACTIONS:
        raise HTTPException(422, f"action must be one of {', '.join(ACTIONS)}")
    needed = Role.records_manager if action == "hold" else Role.technician
    if not session.user.can(needed):
        raise HTTPException(403, f"{'holds' if action == 'hold' else 'corrections'} need the "
                                 f"{needed.name.replace('_', ' ')} role")
    chosen = [_parse_choice(value) for value in record]
    if not chosen:
        raise HTTPException(422, "choose at least one record")
    if action == "hold":
        outcomes = _hold(ws, session, hold.strip(), chosen)
    else:
        outcomes = [_correct(ws, session, action, record_id, version, code.strip().upper(), reason)
                    for record_id, version in chosen]
    return page(request, "bulk.html", session, action=action, outcomes=outcomes, back=safe_back(back, "/"))


def _parse_choice(value: str) -> tuple[str, int]:
    """A checkbox's value, 'RECORD-ID@VERSION': the version the person saw when choosing it."""
    record_id, _, version = value.rpartition("@")
    if not record_id or not version.isdigit() or len(version) > 18 or len(record_id) > 64:
        raise HTTPException(422, "each record is sent as ID@VERSION")
    return record_id, int(version)


def _correct(ws: Workspace, session: Session, action: str, record_id: str, version: int, code: str,
             reason: str) -> dict:
    try:
        visible_record(ws, session.user, record_id, purpose=None)
    except HTTPException:
        return {"record": record_id, "ok": False, "message": "no such record"}
    corrections = Corrections(ws, authority(session.user))
    try:
        if action == "accept":
            corrections.accept(record_id, session.user.username, version)
            return {"record": record_id, "ok": True, "message": "accepted"}
        corrections.reclassify(record_id, code, session.user.username, reason, version)
        return {"record": record_id, "ok": True, "message": f"reclassified as {code}"}
    except RecordkeeperError as exc:
        return {"record": record_id, "ok": False, "message": exc.reason}


def _hold(ws: Workspace, session: Session, name: str, chosen: list[tuple[str, int]]) -> list[dict]:
    if not name:
        raise HTTPException(422, "name the hold to add the records to")
    try:
        get_hold(ws.catalog, name)
    except RecordkeeperError as exc:
        raise HTTPException(404, exc.reason) from None
    outcomes, visible = [], []
    for record_id, _version in chosen:
        try:
            visible_record(ws, session.user, record_id, purpose=None)
            visible.append(record_id)
        except HTTPException:
            outcomes.append({"record": record_id, "ok": False, "message": "no such record"})
    try:
        added = add_to_hold(ws.catalog, name, visible, session.user.username)
    except RecordkeeperError as exc:
        return outcomes + [{"record": record_id, "ok": False, "message": exc.reason} for record_id in visible]
    return outcomes + [{"record": record_id, "ok": True,
                        "message": f"placed under hold {name}" if record_id in added else f"already under hold {name}"}
                       for record_id in visible]
