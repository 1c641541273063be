"""The search query language shared by every index backend.

    invoice acme            both terms (AND)
    "amount due"            a phrase
    purch*                  a prefix
    -draft  -"old copy"     exclude a term or phrase
    invoice OR receipt      either side
    class:FIN-AP  from:2024-01-01  to:2024-12-31   filters

Parsing yields a small tree that each backend translates into its own engine's syntax, so users meet
one language and one set of error messages whatever the backend. The parser also bounds what a query may
cost: its length and its number of distinct terms (`QueryLimits`, from the `[search]` settings); the same
term written twice is searched once, since repeating it changes no result but multiplies the work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import regex

from pipeline.errors import QueryError

_TOKEN = re.compile(r'\s*(?P<neg>-?)(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))')
_FILTER = re.compile(r"^(?P<field>class|from|to):(?P<value>.+)$", re.IGNORECASE)
# Letters, digits and the marks written on letters (Arabic short vowels, Devanagari vowel signs): "scan_2024"
# is two words, "حَبيبي" one.
_WORD_CHARS = regex.compile(r"[\p{L}\p{N}\p{M}]+")


@dataclass(frozen=True)
class QueryLimits:
    """How long a query may be and how many distinct terms (included and excluded) it may hold."""

    max_chars: int = 1000
    max_terms: int = 32


DEFAULT_LIMITS = QueryLimits()


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass
class ParsedQuery:
    # All groups must match; within a group any term may match (OR).
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    class_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def parse_query(text: str, limits: QueryLimits = DEFAULT_LIMITS) -> ParsedQuery:
    """Parse a user query; raise QueryError with a precise reason when it is malformed or too costly."""
    query = parse_terms_and_filters(text, limits)
    if not query.groups:
        raise QueryError("the query has no term to search for" if not query.excluded else
                         "a query needs at least one term to include, not only -exclusions")
    return query


def parse_terms_and_filters(text: str, limits: QueryLimits = DEFAULT_LIMITS) -> ParsedQuery:
    """Parse a query that may hold only filters (`class:FIN from:2025-01-01`): a listing rather than a search."""
    if len(text) > limits.max_chars:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {limits.max_chars}",
                         "Search for fewer, more distinctive words, or narrow with class:, from: and to:")
    if text.count('"') % 2:
        raise QueryError("the query has an unmatched double quote (\")")
    query = ParsedQuery()
    pending_or = False
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing white space is left
            break
        position = match.end()
        negated, phrase, word = bool(match["neg"]), match["phrase"], match["word"]
        if word == "OR" and not negated:
            if not query.groups or pending_or:
                raise QueryError("OR must stand between two terms")
            pending_or = True
            continue
        if word is not None and not negated and _apply_filter(query, word):
            continue
        term = _make_term(phrase, word)
        if term is None:
            continue
        if negated:
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
            pending_or = False
        else:
            query.groups.append([term])
    if pending_or:
        raise QueryError("OR must stand between two terms")
    _drop_repeats(query)
    _check_term_count(query, limits)
    return query


def _drop_repeats(query: ParsedQuery) -> None:
    """The same term, alternative or exclusion written twice changes no result, only the cost."""
    groups: list[list[Term]] = []
    for group in query.groups:
        unique = list(dict.fromkeys(group))
        if not any(set(unique) == set(kept) for kept in groups):
            groups.append(unique)
    query.groups = groups
    query.excluded = list(dict.fromkeys(query.excluded))


def _check_term_count(query: ParsedQuery, limits: QueryLimits) -> None:
    count = len(query.terms) + len(query.excluded)
    if count > limits.max_terms:
        raise QueryError(f"the query has {count} different terms; the limit is {limits.max_terms}",
                         "Search for fewer, more distinctive words, or narrow with class:, from: and to:")


def _make_term(phrase: str | None, word: str | None) -> Term | None:
    if phrase is not None:
        words = _WORD_CHARS.findall(phrase)
        return Term(" ".join(words), phrase=True) if words else None
    if word is None:
        return None
    prefix = word.endswith("*")
    words = _WORD_CHARS.findall(word.rstrip("*"))
    if not words:
        if prefix:
            raise QueryError(f"'{word}' is a wildcard with no letters before the *")
        return None
    if len(words) > 1:  # an identifier such as INV-2024-0012 is searched as a phrase
        return Term(" ".join(words), phrase=True, prefix=prefix)
    return Term(words[0], prefix=prefix)


def _apply_filter(query: ParsedQuery, word: str) -> bool:
    match = _FILTER.match(word)
    if match is None:
        return False
    name, value = match["field"].lower(), match["value"]
    if name == "class":
        query.class_code = value.upper()
    else:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"'{word}': dates are written YYYY-MM-DD") from None
        if name == "from":
            query.date_from = parsed
        else:
            query.date_to = parsed
    return True
