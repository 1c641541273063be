from datetime import date

import pytest

from pipeline.enrich.metadata import detect_language, find_document_date

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Northwind Ltd\nMarch 3, 2025\nDear Ms Lee", date(2025, 3, 3)),
        ("Invoice date: 2025-04-17\nDue date: 2025-05-17", date(2025, 4, 17)),
        ("Minutes of the meeting held on 3 March 2024", date(2024, 3, 3)),
        ("Signed this 12th day of June, 2023", date(2023, 6, 12)),
        ("Date: 04/05/2025", date(2025, 4, 5)),
    ],
)
def test_document_date_in_common_formats(text, expected):
    assert find_document_date(text, "MDY", TODAY) == expected


def test_labelled_date_wins_over_an_earlier_one():
    text = "Reference period 2024-01-01\nDate: January 9, 2025"
    assert find_document_date(text, "MDY", TODAY) == date(2025, 1, 9)


def test_date_of_birth_is_not_the_document_date():
    text = "Patient: A. Smith\nDate of birth: 1980-02-14\nVisit: 2025-10-02"
    assert find_document_date(text, "MDY", TODAY) == date(2025, 10, 2)


def test_day_first_order_is_configurable():
    assert find_document_date("Dated 04/05/2025", "DMY", TODAY) == date(2025, 5, 4)


def test_implausible_dates_are_ignored():
    assert find_document_date("Part no. 2099-12-31 and 1850-01-01", "MDY", TODAY) is None


def test_language():
    assert detect_language("Please find enclosed the signed agreement for the services described.") == "en"
    assert detect_language("Veuillez trouver ci-joint le contrat signé pour les services décrits.") == "fr"
    assert detect_language("12 34") is None
