"""The search query language shared by every index backend.

    invoice acme            both terms (AND)
    "amount due"            a phrase
    purch*                  a prefix
    -draft  -"old copy"     exclude a term or phrase
    invoice OR receipt      either side
    class:FIN-AP  from:2024-01-01  to:2024-12-31   filters

Parsing yields a small tree that each backend translates into its own engine's syntax, so users meet
one language and one set of error messages whatever the backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pipeline.errors import QueryError

_TOKEN = re.compile(r'\s*(?P<neg>-?)(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))')
_FILTER = re.compile(r"^(?P<field>class|from|to):(?P<value>.+)$", re.IGNORECASE)
_WORD_CHARS = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits: "scan_2024" is two words


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


def parse_query(text: str) -> ParsedQuery:
    """Parse a user query; raise QueryError with a precise reason when it is malformed."""
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
    if not query.groups:
        raise QueryError("the query has no term to search for" if not query.excluded else
                         "a query needs at least one term to include, not only -exclusions")
    return query


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
