"""Audit and retention reports in three forms: CSV and JSON for systems, a readable HTML page for people."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from jinja2 import Environment

_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #bbb;
padding:.3em .6em;font-size:.9em;text-align:left}th{background:#eee}.ok{color:#175}.bad{color:#a11}</style>
</head><body><h1>{{ title }}</h1><p class="{{ 'bad' if rows else 'ok' }}">{{ summary }}</p>
{% if rows %}<table><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in rows %}<tr>{% for c in columns %}<td>{{ row[c] if row[c] is not none else '' }}</td>{% endfor %}</tr>
{% endfor %}</table>{% endif %}<p><small>Generated {{ generated }}</small></p></body></html>""")


def render(rows: list[dict], fmt: str, title: str, summary: str, generated: str) -> str:
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        return json.dumps({"title": title, "summary": summary, "generated": generated, "rows": rows}, indent=2,
                          ensure_ascii=False, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    return _PAGE.render(title=title, summary=summary, rows=rows, columns=columns, generated=generated)


def emit(rows: list[dict], fmt: str, title: str, summary: str, generated: str, output: Path | None) -> str | None:
    """Write the report to `output`, or return it for printing."""
    text = render(rows, fmt, title, summary, generated)
    if output is None:
        return text
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return None
