import re

import pytest

from pipeline.enrich.pii import detect_pii, luhn_valid

HEALTH_CARD = [re.compile(r"\b\d{4}[- ]?\d{3}[- ]?\d{3}[- ]?[A-Z]{2}\b")]


def test_valid_sin_is_flagged_in_any_common_layout():
    for text in ("SIN: 130 692 544", "Social insurance number 130-692-544", "sin 130692544"):
        assert detect_pii(text) == {"sin": 1}, text


@pytest.mark.parametrize("text", ["Reference 123456789", "Order 130 692 545", "PO-130692544-7", "tel 046454286"])
def test_nine_digit_numbers_that_fail_the_checksum_are_not_sins(text):
    assert "sin" not in detect_pii(text)


def test_credit_cards_need_luhn_and_a_card_prefix():
    assert detect_pii("Card 4111 1111 1111 1111 exp 12/27") == {"credit_card": 1}
    assert detect_pii("Card 4111 1111 1111 1112") == {}
    assert detect_pii("Tracking 1234 5678 9012 3452") == {}  # passes Luhn, but no card starts with 1


def test_ssn_needs_a_label_and_valid_parts():
    assert detect_pii("SSN: 123-45-6789") == {"ssn": 1}
    assert "ssn" not in detect_pii("Part 123-45-6789")
    assert "ssn" not in detect_pii("SSN: 666-45-6789")


def test_contact_details_birth_dates_and_configured_health_cards():
    text = ("Contact j.doe@example.org or (416) 555-0199 / 416.555.0142.\nDate of birth: 1980-02-14\n"
            "Health card 1234-567-890-AB")
    assert detect_pii(text, HEALTH_CARD) == {"email": 1, "phone": 2, "date_of_birth": 1, "health_card": 1}


def test_a_plain_date_is_not_a_birth_date():
    assert detect_pii("Invoice date: 2025-03-03") == {}


def test_luhn():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")
