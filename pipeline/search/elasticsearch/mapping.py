"""The Elasticsearch index layout: a versioned index template, the alias every request goes through, and
the names of the indices behind it.

    <prefix>-records                      alias: all searches and writes (writes require the alias)
    <prefix>-records-v<N>-<UTC time>      the index behind it, made from index template <prefix>-records

Any change to SETTINGS or MAPPINGS bumps MAPPING_VERSION: `recordkeeper reindex` then builds an index with
the new layout beside the old one and moves the alias over in one atomic step. Plain data, so it is
tested without a cluster and imported without the client.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pipeline.search.folding import ARABIC_LETTER_VARIANTS, ARABIC_MARKS, CHARACTER_WORDS
from pipeline.search.port import SearchDocument

# 3: Chinese and Japanese characters searched one by one; Arabic without short-vowel marks.
MAPPING_VERSION = 3
ANALYZER = "recordkeeper_english"
# Above the built-in templates (100) and Fleet's (up to 200): a prefix such as "logs" must still get ours.
TEMPLATE_PRIORITY = 501

SETTINGS: dict[str, Any] = {
    # One shard holds millions of records and keeps facet counts exact (terms counts from several shards
    # are estimates); one replica where a second node exists, none on a single node (which stays green).
    "number_of_shards": 1,
    "auto_expand_replicas": "0-1",
    "analysis": {
        # The same words and stems as the embedded index (FTS5 'porter unicode61 remove_diacritics'), so a
        # query finds the same records on either backend: split on anything but letters and digits, fold
        # case and accents, Porter-stem. No stop-word list: every word a user types is searchable.
        "tokenizer": {"recordkeeper_words": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}},
        # As `folding.fold` does for the embedded index: each Chinese or Japanese character a word of its
        # own (character filters of the core, so a cluster without the ICU or smartcn plugins serves it),
        # Arabic short vowels and tatweel dropped before the words are cut, Arabic letter variants folded.
        "char_filter": {
            "recordkeeper_character_words": {"type": "pattern_replace", "pattern": f"([{CHARACTER_WORDS}])",
                                             "replacement": " $1 "},
            "recordkeeper_arabic_marks": {"type": "pattern_replace", "pattern": f"[{ARABIC_MARKS}]",
                                          "replacement": ""},
            "recordkeeper_arabic_letters": {"type": "mapping", "mappings": [
                f"{variant} => {letter}" for variant, letter in ARABIC_LETTER_VARIANTS.items()]},
        },
        "analyzer": {
            ANALYZER: {"type": "custom", "tokenizer": "recordkeeper_words",
                       "char_filter": ["recordkeeper_character_words", "recordkeeper_arabic_marks",
                                       "recordkeeper_arabic_letters"],
                       "filter": ["lowercase", "asciifolding", "porter_stem"]},
        },
    },
}

MAPPINGS: dict[str, Any] = {
    # A field the code does not know is an error, not a silently guessed mapping.
    "dynamic": "strict",
    "_meta": {"mapping_version": MAPPING_VERSION},
    "properties": {
        "record_id": {"type": "keyword"},
        "title": {"type": "text", "analyzer": ANALYZER, "index_options": "offsets",
                  "fields": {"keyword": {"type": "keyword", "ignore_above": 512}}},
        # One value per page. No gap between pages: a phrase continued on the next page is found, as in the
        # embedded index. Offsets in the postings let the highlighter find matches without analysing the
        # text again, so a record of any length is highlighted (re-analysis stops at
        # index.highlight.max_analyzed_offset, 1,000,000 characters, and fails the whole search).
        "pages": {"type": "text", "analyzer": ANALYZER, "position_increment_gap": 0, "index_options": "offsets"},
        "class_code": {"type": "keyword"},
        "access_level": {"type": "keyword"},
        "document_date": {"type": "date", "format": "strict_date"},
        "station": {"type": "keyword"},
        "language": {"type": "keyword"},
        "parties": {"type": "keyword", "ignore_above": 256},
        "version": {"type": "long"},
    },
}


def alias_name(prefix: str) -> str:
    return f"{prefix}-records"


def new_index_name(prefix: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{alias_name(prefix)}-v{MAPPING_VERSION}-{now:%Y%m%d%H%M%S%f}"


def index_pattern(prefix: str) -> str:
    """The names of every index this prefix's rebuilds make (and only those)."""
    return f"{alias_name(prefix)}-v*"


def index_body() -> dict[str, Any]:
    """Settings and mappings sent with every index created: they win over any other template that matches
    the name (a user template of higher priority on `<prefix>-records-*` cannot replace them)."""
    return {"settings": SETTINGS, "mappings": MAPPINGS}


def index_template(prefix: str) -> dict[str, Any]:
    """Arguments of `indices.put_index_template` for this prefix."""
    return {
        "name": alias_name(prefix),
        "index_patterns": [f"{alias_name(prefix)}-*"],
        "template": {"settings": SETTINGS, "mappings": MAPPINGS},
        "priority": TEMPLATE_PRIORITY,
        "version": MAPPING_VERSION,
        "meta": {"description": "Recordkeeper search documents", "mapping_version": MAPPING_VERSION},
    }


def source(document: SearchDocument) -> dict[str, Any]:
    """The stored document (`_source`) of a record."""
    return {
        "record_id": document.record_id,
        "title": document.title,
        "pages": document.body.split("\f"),
        "class_code": document.class_code,
        "access_level": document.access_level.name,
        "document_date": document.document_date.isoformat() if document.document_date else None,
        "station": document.station,
        "language": document.language,
        "parties": list(document.parties),
        "version": document.version,
    }
