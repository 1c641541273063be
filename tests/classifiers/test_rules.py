from classifiers.base import ClassifiableDocument
from classifiers.rules import RulesClassifier
from pipeline.file_plan import load_file_plan
from tests.conftest import REPO

RULES = RulesClassifier(load_file_plan(REPO / "config" / "file_plan.toml"))


def test_clear_invoice_is_filed_with_high_confidence_and_reasons():
    prediction = RULES.predict(ClassifiableDocument("INVOICE\nInvoice number INV-2025-0412\nBill to: Acme\n"
                                                    "Subtotal $100\nAmount due $113\nPayment terms: net 30"))
    assert prediction.code == "FIN-AP" and prediction.confidence >= 0.7 and prediction.source == "rule"
    assert "'amount due'" in prediction.explanation


def test_ambiguous_text_gets_low_confidence():
    prediction = RULES.predict(ClassifiableDocument("Attached: the invoice, the report and the contract."))
    assert prediction.confidence < 0.5


def test_nothing_matched_goes_to_the_unfiled_class():
    prediction = RULES.predict(ClassifiableDocument("Lorem ipsum dolor sit amet"))
    assert (prediction.code, prediction.confidence) == ("REV", 0.0)


def test_file_name_patterns_count():
    text = "Scanned page with little text"
    assert RULES.predict(ClassifiableDocument(text, filename="minutes_2025-03.pdf")).code == "GOV-MIN"
