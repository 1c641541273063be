"""HTTP API under /api/v1 for scripts and other systems. Same rules as the pages: clearance on every
read, roles on every change, optimistic concurrency on edits (a stale version gets 409)."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from pipeline.catalog.accounts import Role, User
from pipeline.errors import InvalidChange, QueryError, RecordOnHold, VersionConflict
from pipeline.intake.jobs import JobQueue
from pipeline.intake.quarantine import safe_file_name
from pipeline.lifecycle.corrections import Corrections
from pipeline.web import views
from pipeline.web.security import api_user, require, visible_record, workspace
from pipeline.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["records"])
Ws = Annotated[Workspace, Depends(workspace)]
CurrentUser = Annotated[User, Depends(api_user)]


class Reclassification(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=2, description="The class code to file the record under, e.g. HR-PER")
    version: int = Field(ge=1, description="The record version the change is based on (409 if stale)")
    reason: str = ""


class Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    changes: dict[str, str] = Field(min_length=1, description="field: value; title, document_date, "
                                    "access_level, language, or any metadata name")
    version: int = Field(ge=1)
    reason: str = ""


@router.get("/search", summary="Full-text search within your clearance")
def search(ws: Ws, user: CurrentUser, q: Annotated[str, Query(min_length=1, description="Query language")],
           class_code: Annotated[str | None, Query(alias="class")] = None,
           date_from: Annotated[date | None, Query(alias="from")] = None,
           date_to: Annotated[date | None, Query(alias="to")] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 20, offset: Annotated[int, Query(ge=0)] = 0,
           sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
           station: str | None = None) -> dict:
    try:
        results = views.search(ws, user, q, class_code, date_from, date_to, limit, offset, sort=sort, facets=True,
                               station=station)
    except QueryError as exc:
        raise HTTPException(422, exc.reason) from None
    return {"query": q, "total": results.total, "facets": results.facets, "hits": [
        {"record_id": h.record_id, "class_code": h.class_code, "title": h.title, "score": h.score,
         "document_date": h.document_date.isoformat() if h.document_date else None,
         "snippet": str(views.highlighted(h.snippet))} for h in results.hits]}


@router.get("/records/{record_id}", summary="One record with its metadata, text and history")
def get_record(record_id: str, ws: Ws, user: CurrentUser) -> dict[str, Any]:
    return views.record_detail(ws, visible_record(ws, user, record_id))


@router.post("/records/{record_id}/reclassify", summary="File a record in another class (technician)")
def reclassify(record_id: str, body: Reclassification, ws: Ws, user: CurrentUser) -> dict[str, Any]:
    require(user, Role.technician)
    visible_record(ws, user, record_id)
    return _change(ws, lambda c: c.reclassify(record_id, body.code.upper(), user.username, body.reason,
                                               body.version))


@router.patch("/records/{record_id}", summary="Correct a record's metadata (technician)")
def edit(record_id: str, body: Edit, ws: Ws, user: CurrentUser) -> dict[str, Any]:
    require(user, Role.technician)
    visible_record(ws, user, record_id)
    if "access_level" in body.changes:
        require(user, Role.records_manager)
    return _change(ws, lambda c: c.edit(record_id, body.changes, user.username, body.reason, body.version))


def _change(ws: Workspace, action) -> dict[str, Any]:
    try:
        return action(Corrections(ws)).to_json()
    except VersionConflict as exc:
        raise HTTPException(409, exc.reason) from None
    except RecordOnHold as exc:
        raise HTTPException(423, exc.reason) from None
    except InvalidChange as exc:
        raise HTTPException(422, exc.reason) from None


@router.get("/review", summary="The review queue (technician)")
def review(ws: Ws, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict]:
    require(user, Role.technician)
    return [{"record_id": r.id, "class_code": r.class_code, "confidence": r.confidence, "title": r.title,
             "explanation": r.explanation, "version": r.version}
            for r in ws.catalog.review_queue(limit) if r.access_level <= user.clearance]


@router.post("/upload", status_code=202, summary="Drop a file into the web inbox (technician)")
async def upload(ws: Ws, user: CurrentUser, file: Annotated[UploadFile, File(description="The document")]) -> dict:
    require(user, Role.technician)
    settings = ws.settings
    if not settings.inbox:
        raise HTTPException(503, "no inbox is configured to receive uploads")
    inbox = settings.inbox[0].path
    inbox.mkdir(parents=True, exist_ok=True)
    name = safe_file_name(file.filename or "upload")
    limit = int(settings.limits.max_file_mb * 1_048_576)
    # A hidden temporary name first: the inbox ignores dot-files until the rename makes it whole.
    partial = inbox / f".upload-{secrets.token_hex(8)}"
    size = 0
    with partial.open("wb") as out:
        while chunk := await file.read(1 << 20):
            size += len(chunk)
            if size > limit:
                out.close()
                partial.unlink()
                raise HTTPException(413, f"the file is over the {settings.limits.max_file_mb:g} MB limit")
            out.write(chunk)
    target = _free_name(inbox, name)
    os.replace(partial, target)
    with ws.catalog.transaction():
        ws.catalog.audit("uploaded", None, {"file": target.name, "bytes": size}, actor=user.username)
    return {"file": target.name, "bytes": size, "station": settings.inbox[0].station,
            "status": "queued for intake by the watch service"}


@router.get("/status", summary="Intake queue and catalog counts")
def status(ws: Ws, user: CurrentUser) -> dict:
    if user.can(Role.technician):
        classes = dict(ws.catalog.connection.execute(
            "SELECT class_code, COUNT(*) FROM records WHERE access_level <= ? GROUP BY class_code ORDER BY 1",
            (int(user.clearance),)))
        return {**ws.catalog.status(), "classes": classes, **JobQueue(ws.catalog).status()}
    visible = ws.catalog.connection.execute("SELECT COUNT(*) FROM records WHERE access_level <= ?",
                                            (int(user.clearance),)).fetchone()[0]
    return {"records": visible}


def _free_name(folder: Path, name: str) -> Path:
    candidate, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 1
    while candidate.exists():
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate
