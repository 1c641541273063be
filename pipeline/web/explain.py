"""Why a record was classified, in words a technician reads at a glance.

Explanations are stored as the classifier wrote them, with the regular expressions of the file plan that
matched (`pattern (?i)^(inv|invoice|bill)[-_ ]`). Those are for whoever maintains the file plan; people
deciding a record see what kind of thing matched instead."""

from __future__ import annotations

import re

_RULES = re.compile(r"rules for (?P<code>\S+) matched: (?P<hits>[^;]*)")


def readable_explanation(explanation: str | None) -> str:
    """`explanation` with every matched pattern named by kind, never shown as a regular expression."""
    if not explanation:
        return ""
    return _RULES.sub(_rewrite_hits, explanation)


def _rewrite_hits(match: re.Match[str]) -> str:
    # Items are "'keyword'" or "pattern <regex>"; a regex may hold commas, but never ", '" or ", pattern ".
    words, patterns, file_name = [], 0, False
    for item in re.split(r", (?='|pattern )", match["hits"]):
        if item.startswith("pattern file name "):
            file_name = True
        elif item.startswith("pattern "):
            patterns += 1
        elif item.strip():
            words.append(item.strip())
    if patterns:
        words.append("a pattern of the class" if patterns == 1 else f"{patterns} patterns of the class")
    if file_name:
        words.append("the file name")
    return f"rules for {match['code']} matched: {', '.join(words) or 'nothing shown'}"
