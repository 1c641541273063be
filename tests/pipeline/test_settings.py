from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import load_settings
from tests.conftest import CONFIG


def test_environment_overrides_file_and_nested_keys():
    settings = load_settings(CONFIG, environ={"RECORDKEEPER_HOME": "/srv/records",
                                              "RECORDKEEPER_OCR_LANGUAGES": "eng, fra",
                                              "RECORDKEEPER_LIMITS_MAX_PAGES": "50"})
    assert settings.home == Path("/srv/records")
    assert settings.ocr.languages == ["eng", "fra"]
    assert settings.limits.max_pages == 50


def test_explicit_home_wins_over_environment(tmp_path):
    settings = load_settings(CONFIG, environ={"RECORDKEEPER_HOME": "/srv/records"}, home=tmp_path)
    assert settings.home == tmp_path


def test_file_plan_path_is_relative_to_the_config_file():
    assert load_settings(CONFIG, environ={}).file_plan == CONFIG.parent / "file_plan.toml"


def test_invalid_value_names_the_key_in_one_line():
    with pytest.raises(ConfigError) as caught:
        load_settings(CONFIG, environ={"RECORDKEEPER_LIMITS_MAX_PAGES": "lots"})
    message = str(caught.value)
    assert "limits.max_pages" in message and "'lots'" in message and "\n" not in message


def test_unknown_key_is_refused(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[ocr]\nlanguage = ["eng"]\n')
    with pytest.raises(ConfigError, match=r"ocr\.language"):
        load_settings(config, environ={})


def test_broken_toml_is_reported_with_the_file(tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text("home = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config, environ={})
