"""Settings sections that bound what one person can cost the service or try against its accounts.

`[search]`: how long and how many-termed a query may be and how long the engine may work on it.
`[accounts]`: log-in throttling and lockout, session and API-token lifetimes, the password policy.
Part of `Settings` (pipeline/settings.py); read once like every other section.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A query's cost grows with its length and terms; ordinary searches use a handful of words.
    max_query_chars: int = Field(1000, ge=10, le=100_000)
    max_query_terms: int = Field(32, ge=1, le=1024)
    # A query still running after this is stopped and answered with an error, freeing the worker.
    time_budget_seconds: float = Field(5.0, gt=0, le=600)
    # Deep paging costs as much as the pages skipped; nobody reads past the first few hundred hits.
    max_offset: int = Field(10_000, ge=0, le=1_000_000)


class AccountSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Failed log-ins counted over the window: per user name, and per client address (password spraying).
    max_failures_per_user: int = Field(5, ge=1)
    max_failures_per_address: int = Field(20, ge=1)
    failure_window_minutes: float = Field(15.0, gt=0)
    # After too many failures the account (or address) is refused, even the right password, this long.
    lockout_minutes: float = Field(15.0, gt=0)
    session_hours: float = Field(12.0, gt=0, le=24 * 30)
    # API tokens expire; 0 would be "never", which a records office should not want, so it is not offered.
    token_days: int = Field(90, ge=1, le=3650)
    min_password_length: int = Field(12, ge=8, le=128)
    # zxcvbn's estimate, 0 (guessed at once) to 4 (very hard to guess).
    min_password_score: int = Field(3, ge=0, le=4)
