import pytest

from pipeline.enrich.entities import EntityRecogniser, find_amounts, find_identifiers
from pipeline.file_plan import load_file_plan
from pipeline.settings import NlpSettings
from tests.conftest import REPO

PLAN = load_file_plan(REPO / "config" / "file_plan.toml")


def test_amounts_keep_their_currency():
    text = "Subtotal $1,200.00, GST CAD 60.00, shipping 45.50 USD, deposit €300"
    assert find_amounts(text) == [{"amount": "1200.00", "currency": "USD"}, {"amount": "60.00", "currency": "CAD"},
                                  {"amount": "45.50", "currency": "USD"}, {"amount": "300", "currency": "EUR"}]


def test_identifiers_are_the_ones_the_class_declares():
    text = "Invoice INV-2025-0412 for account CUST-47825, re PO-88213"
    assert find_identifiers(text, PLAN.get("FIN-AP")) == {"invoice_number": ["INV-2025-0412"],
                                                         "customer_account": ["CUST-47825"]}
    assert find_identifiers(text, PLAN.get("FIN-PO")) == {"po_number": ["PO-88213"]}
    assert find_identifiers("Court File No. CV-25-00731", PLAN.get("LEG-CRT")) == {
        "court_file_number": ["CV-25-00731"]}


@pytest.fixture(scope="module")
def recogniser():
    return EntityRecogniser(NlpSettings())


def test_parties_and_places_from_a_real_sample_letter(recogniser, manifest):
    sample = next(s for s in manifest if s.path.name == "hr-001.pdf")
    entities = recogniser.recognise(sample.text, PLAN.get("HR-PER"))
    assert "Harbourview Township Municipal Office" in entities.organisations
    assert {"Yuki Fraser", "Claire Anderson"} <= set(entities.people)
    assert "Ottawa" in entities.places
    assert entities.identifiers == {"employee_number": ["EMP-47941"]}


def test_form_labels_are_not_taken_for_organisations(recogniser, manifest):
    sample = next(s for s in manifest if s.path.name == "inv-001.pdf")
    entities = recogniser.recognise(sample.text, PLAN.get("FIN-AP"))
    assert "Harbourview Logistics Inc" in entities.organisations
    assert not {"Invoice Date", "Description Qty Unit", "Phone"} & set(entities.organisations)
