"""Records in Chinese, Arabic and Russian are enriched without errors: their language, the date they bear in
their own way of writing dates, and no names made up by an English NER model."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.enrich.analysis import Analyser
from pipeline.enrich.metadata import find_document_date
from pipeline.settings import load_settings
from tests.conftest import CONFIG

RECEIVED = date(2026, 11, 30)
RECORDS = {
    "zh": ("东北电气发展股份有限公司 2018 年第一季度报告全文\n日期：2018年4月27日\n公司负责人：苏伟国\n"
           "金额：1,234,567.00 元\n", date(2018, 4, 27)),
    "ar": ("فاتورة من شركة الكهرباء الوطنية\nالتاريخ: 15 مارس 2024\nالمبلغ المستحق: 1200 ريال\nالسيد أحمد علي\n",
           date(2024, 3, 15)),
    "ru": ("Счёт № 44 от 12 марта 2024 г.\nПоставщик: ООО «Северный ветер», Москва\nСумма: 12 000 руб.\n",
           date(2024, 3, 12)),
}


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    return Analyser(load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home")))


@pytest.mark.parametrize("language", sorted(RECORDS))
def test_a_text_record_in_another_language_is_enriched_in_that_language(analyser, tmp_path, language):
    text, bears = RECORDS[language]
    path = tmp_path / f"record-{language}.txt"
    path.write_text(text, encoding="utf-8")
    analysis = analyser.analyse(path, None, RECEIVED)
    assert analysis.extraction.text.strip() == text.strip()
    assert (analysis.enrichment.language, analysis.enrichment.document_date) == (language, bears)
    entities = analysis.enrichment.entities
    # The English model would have called "金额：1,234,567.00 元" a person and an Arabic line a company.
    assert entities.people == entities.organisations == []


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("报告日期：2019年12月3日", "zh", date(2019, 12, 3)),
    ("작성일 2021년 7월 9일", "ko", date(2021, 7, 9)),
    ("Rechnung vom 3. März 2025", "de", date(2025, 3, 3)),
    ("Москва, 1 сентября 2023 г.", "ru", date(2023, 9, 1)),
])
def test_dates_written_in_other_languages(text, language, expected):
    assert find_document_date(text, "DMY", RECEIVED, language) == expected


def test_english_records_do_not_take_any_number_and_word_for_a_date():
    assert find_document_date("Delivered 12 units 2024 to the north warehouse", "MDY", RECEIVED, "en") is None
