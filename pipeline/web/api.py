"""HTTP API under /api/v1 for scripts and other systems. Same rules as the pages: clearance on every
read, roles on every change, optimistic concurrency on edits (a stale version gets 409). Every error is
an RFC 9457 problem (pipeline/web/problems.py); every number is bounded where it enters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from pipeline.catalog.accounts import Role, User
from pipeline.intake.jobs import JobQueue
from pipeline.lifecycle.corrections import Corrections
from pipeline.web import views
from pipeline.web.bounds import MAX_OFFSET, RECORD_VERSION
from pipeline.web.problems import PROBLEM_RESPONSES
from pipeline.web.security import api_user, authority, job_visibility, require, visible_record, workspace
from pipeline.web.uploads import receive_upload
from pipeline.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["records"], responses=PROBLEM_RESPONSES)
Ws = Annotated[Workspace, Depends(workspace)]
CurrentUser = Annotated[User, Depends(api_user)]


class Reclassification(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=2, max_length=64, description="The class code to file the record under, e.g. HR-PER")
    version: RECORD_VERSION = Field(description="The record version the change is based on (409 if stale)")
    reason: str = Field("", max_length=2000)


class Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    changes: dict[str, Annotated[str, Field(max_length=2000)]] = Field(
        min_length=1, max_length=50, description="field: value; title, document_date, access_level, language, "
                                                 "or any metadata name")
    version: RECORD_VERSION
    reason: str = Field("", max_length=2000)


@router.get("/search", summary="Full-text search within your clearance")
def search(ws: Ws, user: CurrentUser, q: Annotated[str, Query(min_length=1, description="Query language")],
           class_code: Annotated[str | None, Query(alias="class", max_length=64)] = None,
           date_from: Annotated[date | None, Query(alias="from")] = None,
           date_to: Annotated[date | None, Query(alias="to")] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 20, offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
           sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
           station: Annotated[str | None, Query(max_length=200)] = None) -> dict:
    # Query errors (syntax, length, terms, time budget) become 422 problems in the app's handler.
    results = views.search(ws, user, q, class_code, date_from, date_to, limit, offset, sort=sort, facets=True,
                           station=station)
    return {"query": q, "total": results.total, "facets": results.facets, "hits": [
        {"record_id": h.record_id, "class_code": h.class_code, "title": h.title, "score": h.score,
         "document_date": h.document_date.isoformat() if h.document_date else None,
         "snippet": str(views.highlighted(h.snippet))} for h in results.hits]}


@router.get("/records/{record_id}", summary="One record with its metadata, text and history")
def get_record(record_id: str, ws: Ws, user: CurrentUser) -> dict[str, Any]:
    return views.record_detail(ws, visible_record(ws, user, record_id), user)


@router.post("/records/{record_id}/reclassify", summary="File a record in another class (technician)")
def reclassify(record_id: str, body: Reclassification, ws: Ws, user: CurrentUser) -> dict[str, Any]:
    require(user, Role.technician)
    visible_record(ws, user, record_id)
    corrections = Corrections(ws, authority(user))
    return corrections.reclassify(record_id, body.code.upper(), user.username, body.reason, body.version).to_json()


@router.patch("/records/{record_id}", summary="Correct a record's metadata (technician)")
def edit(record_id: str, body: Edit, ws: Ws, user: CurrentUser) -> dict[str, Any]:
    require(user, Role.technician)
    visible_record(ws, user, record_id)
    if "access_level" in body.changes:
        require(user, Role.records_manager)
    corrections = Corrections(ws, authority(user))
    return corrections.edit(record_id, body.changes, user.username, body.reason, body.version).to_json()


@router.get("/review", summary="The review queue (technician)")
def review(ws: Ws, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict]:
    require(user, Role.technician)
    return [{"record_id": r.id, "class_code": r.class_code, "confidence": r.confidence, "title": r.title,
             "explanation": r.explanation, "version": r.version}
            for r in ws.catalog.review_queue(limit) if r.access_level <= user.clearance]


@router.post("/upload", status_code=202, summary="Drop a file into the web inbox (technician)",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["file"],
                 "properties": {"file": {"type": "string", "format": "binary", "description": "The document"}}}}}}})
async def upload(request: Request, ws: Ws, user: CurrentUser) -> dict:
    # No body parameter: the body is streamed only after the credentials and role are checked.
    require(user, Role.technician)
    settings = ws.settings
    if not settings.inbox:
        raise HTTPException(503, "no inbox is configured to receive uploads")
    received = await receive_upload(request, settings.inbox[0].path, int(settings.limits.max_file_mb * 1_048_576))
    with ws.catalog.transaction():
        ws.catalog.audit("uploaded", None, {"file": received.name, "bytes": received.size}, actor=user.username)
    return {"file": received.name, "bytes": received.size, "station": settings.inbox[0].station,
            "status": "queued for intake by the watch service"}


@router.get("/status", summary="Intake queue and catalog counts, within your clearance")
def status(ws: Ws, user: CurrentUser) -> dict:
    jobs = JobQueue(ws.catalog).status(job_visibility(ws, user)) if user.can(Role.technician) else {}
    return views.status(ws, user, jobs)
