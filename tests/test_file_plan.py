from datetime import date

import pytest

from pipeline.errors import ConfigError
from pipeline.file_plan import AccessLevel, RetentionRule, load_file_plan
from tests.conftest import REPO


def test_shipped_file_plan_has_real_record_classes():
    plan = load_file_plan(REPO / "config" / "file_plan.toml")
    filed = [c for c in plan.classes if c.code != plan.unfiled_class]
    assert len(filed) >= 8
    assert {"FIN-AP", "FIN-PO", "LEG-CON", "COR-GEN", "HR-PER", "MED-HF", "LEG-CRT", "GOV-MIN", "ADM-RPT"} <= set(
        plan.codes
    )
    assert all(c.description and c.retention and c.keywords for c in filed)
    assert plan.get("MED-HF").access is AccessLevel.restricted


@pytest.mark.parametrize(
    ("rule", "triggers", "expected"),
    [
        ("7y after document_date", {"document_date": date(2024, 2, 29)}, date(2031, 2, 28)),
        ("1y 6m after document_date", {"document_date": date(2025, 1, 15)}, date(2026, 7, 15)),
        ("6y after end_of_employment", {"document_date": date(2025, 1, 1)}, None),
        ("6y after end_of_employment", {"end_of_employment": date(2025, 1, 1)}, date(2031, 1, 1)),
        ("permanent", {"document_date": date(2025, 1, 1)}, None),
    ],
)
def test_retention_rules_give_disposition_dates(rule, triggers, expected):
    assert RetentionRule.parse(rule).disposition_date(triggers) == expected


def test_bad_retention_rule_is_a_config_error(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('unfiled_class = "REV"\n[[class]]\ncode = "REV"\ntitle = "t"\ndescription = "d"\n'
                    'retention = "forever-ish"\n')
    with pytest.raises(ConfigError, match="retention"):
        load_file_plan(plan)


def test_a_plan_missing_several_fields_names_them_all_and_says_to_fix_the_plan(tmp_path):
    plan = tmp_path / "file_plan.toml"
    plan.write_text('version = 1\n[[class]]\ncode = "LEG-AGR"\ntitle = "Agreements"\nretention = "permanent"\n'
                    'access = "internal"\n')
    with pytest.raises(ConfigError) as error:
        load_file_plan(plan)
    message = str(error.value)
    assert "unfiled_class" in message and "class 1 (LEG-AGR): 'description'" in message
    assert "file plan" in error.value.action and "config file or environment" not in error.value.action


def test_a_plan_without_its_unfiled_class_says_how_to_add_it(tmp_path):
    plan = tmp_path / "file_plan.toml"
    plan.write_text('version = 1\nunfiled_class = "REV"\n[[class]]\ncode = "LEG-AGR"\ntitle = "Agreements"\n'
                    'description = "x"\nretention = "permanent"\naccess = "internal"\n')
    with pytest.raises(ConfigError, match=r"add a \[\[class\]\] with code = \"REV\""):
        load_file_plan(plan)
