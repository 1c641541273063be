"""The file plan: the record classes an office keeps, with their rules, retention and access level."""

from __future__ import annotations

import re
import string
import tomllib
from datetime import date
from enum import IntEnum
from pathlib import Path

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import ConfigError

_RETENTION = re.compile(r"^(?:permanent|(?P<years>\d+)y(?:\s*(?P<months>\d+)m)?\s+after\s+(?P<trigger>[a-z_]+))$")
_CODE = re.compile(r"^[A-Z]{2,5}(?:-[A-Z]{2,5})?$")


class AccessLevel(IntEnum):
    """Ordered so that a higher value needs more clearance."""

    public = 0
    internal = 1
    confidential = 2
    restricted = 3


class RetentionRule(BaseModel):
    """`7y after document_date`, `6y after end_of_employment`, or `permanent`."""

    model_config = ConfigDict(frozen=True)
    text: str
    years: int = 0
    months: int = 0
    trigger: str | None = None

    @classmethod
    def parse(cls, text: str) -> RetentionRule:
        match = _RETENTION.match(text.strip())
        if not match:
            raise ValueError(f"retention '{text}' is not 'permanent' or like '7y after document_date'")
        if match["trigger"] is None:
            return cls(text=text.strip())
        return cls(
            text=text.strip(),
            years=int(match["years"]),
            months=int(match["months"] or 0),
            trigger=match["trigger"],
        )

    @property
    def permanent(self) -> bool:
        return self.trigger is None

    def disposition_date(self, trigger_dates: dict[str, date]) -> date | None:
        """When the record may be disposed of; None if permanent or its trigger has not happened."""
        if self.trigger is None or self.trigger not in trigger_dates:
            return None
        return trigger_dates[self.trigger] + relativedelta(years=self.years, months=self.months)


class RecordClass(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    title: str
    description: str
    retention: RetentionRule
    retention_action: str = "destroy"
    retention_authority: str = ""
    access: AccessLevel = AccessLevel.internal
    keywords: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    filename_patterns: list[str] = Field(default_factory=list)
    # Named identifiers this class's records carry (invoice_number = 'INV-\d{4}-\d{4}').
    identifiers: dict[str, str] = Field(default_factory=dict)
    # How records of this class are titled, filled from enrichment (pipeline/titles.py), e.g.
    # "Invoice {invoice_number} — {party} — {date}"; empty: the first line of text that reads as words.
    record_title: str = Field("", max_length=300)

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError(f"class code '{value}' must look like 'FIN-AP' (2-5 capitals, optional '-' part)")
        return value

    @field_validator("retention", mode="before")
    @classmethod
    def _parse_retention(cls, value: object) -> object:
        return RetentionRule.parse(value) if isinstance(value, str) else value

    @field_validator("identifiers")
    @classmethod
    def _identifiers_compile(cls, value: dict[str, str]) -> dict[str, str]:
        for name, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"identifier {name} pattern {pattern!r} is not valid: {exc}") from None
        return value

    @field_validator("record_title")
    @classmethod
    def _title_pattern_parses(cls, value: str) -> str:
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as exc:
            raise ValueError(f"record_title {value!r} is not a valid pattern: {exc}") from None
        for name in names:
            if not name.isidentifier():
                raise ValueError(f"record_title {value!r}: '{{{name}}}' must name a field, like {{invoice_number}}")
        return value

    @field_validator("access", mode="before")
    @classmethod
    def _parse_access(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return AccessLevel[value]
            except KeyError:
                raise ValueError(f"access '{value}' must be one of {[a.name for a in AccessLevel]}") from None
        return value

    @field_validator("patterns", "filename_patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
        return value


class FilePlan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int = 1
    unfiled_class: str
    classes: list[RecordClass]

    def get(self, code: str) -> RecordClass:
        for record_class in self.classes:
            if record_class.code == code:
                return record_class
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [record_class.code for record_class in self.classes]


_FIX_PLAN = "Fix the file plan (config/file_plan.toml shows every field of a class) and run the command again"


def load_file_plan(path: Path) -> FilePlan:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"file plan {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"file plan {path} is not valid TOML: {exc}", _FIX_PLAN) from None
    raw["classes"] = raw.pop("class", [])
    try:
        plan = FilePlan.model_validate(raw)
    except ValidationError as exc:
        # Every problem at once: a records manager writing a first plan should not fix it field by field.
        problems = "; ".join(_where(error["loc"], raw["classes"]) + f": {error['msg']}" for error in exc.errors()[:10])
        raise ConfigError(f"file plan {path}: {problems}", _FIX_PLAN) from None
    codes = plan.codes
    if len(set(codes)) != len(codes):
        raise ConfigError(f"file plan {path}: class codes must be unique", _FIX_PLAN)
    if plan.unfiled_class not in codes:
        raise ConfigError(f"file plan {path}: unfiled_class '{plan.unfiled_class}' is not a class",
                          f'add a [[class]] with code = "{plan.unfiled_class}" for records awaiting review '
                          "(config/file_plan.toml has one to copy)")
    return plan


def _where(location: tuple, classes: list) -> str:
    """'class 2 (LEG-AGR): 'description'' rather than pydantic's 'classes.1.description'."""
    if len(location) > 1 and location[0] == "classes" and isinstance(location[1], int):
        entry = classes[location[1]] if location[1] < len(classes) else {}
        code = entry.get("code") if isinstance(entry, dict) else None
        field = ".".join(str(part) for part in location[2:])
        return f"class {location[1] + 1}" + (f" ({code})" if code else "") + (f": '{field}'" if field else "")
    return "'" + ".".join(str(part) for part in location) + "'"
