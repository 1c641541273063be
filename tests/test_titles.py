"""Record titles by the file plan's per-class patterns (pipeline/titles.py)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from pipeline.file_plan import RecordClass
from pipeline.records import Record
from pipeline.titles import fill_title, front_matter_title, record_title, title_from_text

INVOICES = RecordClass(code="FIN-AP", title="Supplier invoice", description="", retention="7y after document_date",
                       record_title="Invoice {invoice_number} — {party} — {date}")


def invoice(**changes) -> Record:
    fields = {"id": "FIN-AP-2025-000412", "sha256": "0" * 64, "class_code": "FIN-AP", "class_source": "rule",
              "confidence": 0.9, "explanation": "", "title": "", "original_name": "scan-0412.pdf",
              "media_type": "application/pdf", "page_count": 1, "received_at": "2025-03-04T09:00:00",
              "access_level": 1, "retention_rule": "7y after document_date", "archive_path": "archive/x",
              "needs_review": False, "document_date": date(2025, 3, 3),
              "entities": {"organisations": ["Northwind Supply"], "identifiers": {"invoice_number": ["INV-2025-0412"]}}}
    return Record(**{**fields, **changes})


def test_the_pattern_is_filled_from_the_enrichment():
    title = record_title(INVOICES, invoice(), "Return-Path: <x@y>")
    assert title == "Invoice INV-2025-0412 — Northwind Supply — 2025-03-03"


def test_a_missing_field_goes_with_its_separator():
    assert record_title(INVOICES, invoice(entities={"organisations": ["Northwind Supply"]}), "") == \
        "Invoice — Northwind Supply — 2025-03-03"
    assert record_title(INVOICES, invoice(document_date=None), "") == "Invoice INV-2025-0412 — Northwind Supply"
    assert fill_title("{party} | {date}", {"date": "2025-01-01"}) == "2025-01-01"


def test_no_field_found_falls_back_to_the_class_and_file_name_never_a_header_line():
    title = record_title(INVOICES, invoice(entities={}, document_date=None), "Return-Path: <billing@x.example>")
    assert title == "Supplier invoice — scan-0412.pdf"


def test_without_a_pattern_the_first_line_that_is_not_a_header():
    text = "Return-Path: <a@b.example>\nReceived: from mx\nQuarterly parking report\n"
    assert title_from_text(text, "fallback.eml") == "Quarterly parking report"


@pytest.mark.parametrize("pattern", ["Invoice {", "Invoice {0}", "Invoice {party.name}"])
def test_a_pattern_that_cannot_be_filled_is_refused_when_the_file_plan_loads(pattern):
    with pytest.raises(ValidationError, match="record_title"):
        RecordClass(code="FIN-AP", title="Supplier invoice", description="", retention="permanent",
                    record_title=pattern)


def test_a_title_the_file_states_is_used_when_no_pattern_field_is_found():
    plain = RecordClass(code="ADM-GEN", title="General", description="", retention="permanent")
    page = "<!DOCTYPE html> is never a title\nQuarterly figures"
    assert record_title(plain, invoice(class_code="ADM-GEN"), page, stated="Board pack, March") == "Board pack, March"
    assert record_title(INVOICES, invoice(entities={}, document_date=None), "", stated="Invoice from Northwind") == \
        "Invoice from Northwind"
    message = invoice(class_code="ADM-GEN", metadata={"subject": "Signed lease"})
    assert record_title(plain, message, "From: dana@example.org") == "Signed lease"


def test_front_matter_keys_are_not_titles():
    text = "---\nredirect_from:\n  - /articles/terms\nversions:\n  fpt: '*'\n---\n## Corporate Terms of Service\n"
    assert title_from_text(text, "terms.md") == "Corporate Terms of Service"


@pytest.mark.parametrize("text", ["---\r\ntitle: \"Records Policy\"\r\n---\r\nbody",
                                  "---\ntitle: Records Policy\n...\n"])
def test_front_matter_title_is_read_with_either_line_ending_or_closing_mark(text):
    assert front_matter_title(text) == "Records Policy"


def test_front_matter_is_only_looked_for_in_the_first_16_kib():
    # A hostile line of 200,000 spaces: the bound is what keeps the pattern cheap, and without it this
    # block would be read as front matter.
    assert front_matter_title("---\n" + " " * 200_000) is None
    assert front_matter_title("---\ntitle: Far\n" + " " * 200_000 + "\n---\nbody") is None
