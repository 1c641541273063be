"""Bounds on every number a request can carry, checked where it enters (FastAPI/pydantic constraints).

SQLite integers are 64-bit: a bigger number would overflow deep inside a query and break the connection,
so ids and versions stop at the largest it stores. Paging stops well before that (see [search] max_offset).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_INT64 = 2**63 - 1
# The most a setting may allow ([search] max_offset); the setting itself is checked by the search.
MAX_OFFSET = 1_000_000
MAX_PAGE_NUMBER = 100_000

RECORD_VERSION = Annotated[int, Field(ge=1, le=MAX_INT64)]
ROW_ID = Annotated[int, Field(ge=1, le=MAX_INT64)]
