"""The page templates and how a page is answered, shared by every group of page routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from pipeline.catalog.accounts import Session
from pipeline.web import views
from pipeline.web.explain import readable_explanation

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["highlighted"] = views.highlighted
templates.env.filters["explained"] = readable_explanation


def page(request: Request, name: str, session: Session | None, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"session": session, **context}, status_code=status_code)


def safe_back(target: str, fallback: str) -> str:
    """A same-site path to return to after a form; anything else (another site, '//host') goes to `fallback`."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else fallback
