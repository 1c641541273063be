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


def test_elasticsearch_backend_with_credentials_from_the_environment(tmp_path):
    config = tmp_path / "es.toml"
    config.write_text('[index]\nbackend = "elasticsearch"\nurl = "https://es.example.org:9200"\n'
                      'ca_certs = "certs/ca.crt"\nindex_prefix = "records-office"\n')
    settings = load_settings(config, environ={"RECORDKEEPER_INDEX_API_KEY": "c2VjcmV0"})
    assert settings.index.backend == "elasticsearch" and settings.index.url == "https://es.example.org:9200"
    assert settings.index.ca_certs == tmp_path / "certs" / "ca.crt"
    assert settings.index.api_key.get_secret_value() == "c2VjcmV0"
    assert "c2VjcmV0" not in repr(settings)


@pytest.mark.parametrize("key", ["api_key", "username", "password"])
def test_credentials_in_the_settings_file_are_refused(tmp_path, key):
    config = tmp_path / "leaky.toml"
    config.write_text(f'[index]\nbackend = "elasticsearch"\nurl = "http://es:9200"\n{key} = "hunter2"\n')
    with pytest.raises(ConfigError, match=f"RECORDKEEPER_INDEX_{key.upper()}") as caught:
        load_settings(config, environ={})
    assert "hunter2" not in str(caught.value)


def test_elasticsearch_backend_needs_a_url_and_consistent_credentials():
    with pytest.raises(ConfigError, match=r"index\.url is required"):
        load_settings(CONFIG, environ={"RECORDKEEPER_INDEX_BACKEND": "elasticsearch"})
    with pytest.raises(ConfigError, match="without RECORDKEEPER_INDEX_USERNAME"):
        load_settings(CONFIG, environ={"RECORDKEEPER_INDEX_BACKEND": "elasticsearch",
                                       "RECORDKEEPER_INDEX_URL": "http://es:9200",
                                       "RECORDKEEPER_INDEX_PASSWORD": "pw"})
    with pytest.raises(ConfigError, match=r"index\.index_prefix"):
        load_settings(CONFIG, environ={"RECORDKEEPER_INDEX_INDEX_PREFIX": "Bad Name"})


def test_empty_credential_variables_count_as_unset():
    settings = load_settings(CONFIG, environ={"RECORDKEEPER_INDEX_BACKEND": "elasticsearch",
                                              "RECORDKEEPER_INDEX_URL": "http://elasticsearch:9200",
                                              "RECORDKEEPER_INDEX_API_KEY": "", "RECORDKEEPER_INDEX_USERNAME": "",
                                              "RECORDKEEPER_INDEX_PASSWORD": "", "RECORDKEEPER_INDEX_CA_CERTS": ""})
    index = settings.index
    assert (index.api_key, index.username, index.password, index.ca_certs) == (None, None, None, None)


def test_the_audit_key_and_checkpoints_live_beside_the_data_home_or_where_configured(tmp_path):
    settings = load_settings(CONFIG, environ={}, home=tmp_path / "records")
    assert settings.audit_key_file == tmp_path / "records.audit-key"
    assert settings.audit_checkpoint_file == tmp_path / "records.audit-checkpoints"
    config = tmp_path / "conf" / "rk.toml"
    config.parent.mkdir()
    config.write_text('[audit]\nkey_file = "keys/audit.key"\ncheckpoint_seconds = 60\n')
    settings = load_settings(config, environ={"RECORDKEEPER_AUDIT_CHECKPOINT_FILE": "/var/log/rk/checkpoints"})
    assert settings.audit_key_file == tmp_path / "conf" / "keys" / "audit.key"
    assert settings.audit_checkpoint_file == Path("/var/log/rk/checkpoints")
    assert settings.audit.checkpoint_seconds == 60
