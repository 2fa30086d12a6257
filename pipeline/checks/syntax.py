"""Site syntax check: shortcodes, Liquid tags, JSX elements and attribute lists kept, in order.

A translator moves words, never the generator's syntax: a dropped or edited shortcode breaks the
page, and a reordered pair (`{{% a %}}...{{% /a %}}`) can nest wrongly.
"""

from __future__ import annotations

import re

from pipeline.checks.entry import Entry, describe, difference
from pipeline.checks.skeleton import HEADING_ID
from pipeline.extract.profiles import syntax_tokens
from pipeline.text_cache import text_cache

# Lower-case tags are HTML, which the `html` check covers; JSX components are capitalized.
HTML_TAG = re.compile(r"</?[a-z]")


def check_syntax(entry: Entry) -> str | None:
    """Site syntax (shortcodes, Liquid, JSX, attribute lists) kept verbatim and in order."""
    source = _tokens(entry.source)
    if not source and "{" not in entry.translation and "<" not in entry.translation:
        return None
    translation = _tokens(entry.translation)
    if source == translation:
        return None
    missing, added = difference(source, translation)
    found = describe("site syntax", [f"`{t}`" for t in missing], [f"`{t}`" for t in added])
    return found or "site syntax is reordered: keep " + " … ".join(f"`{t}`" for t in source)


@text_cache(4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Site syntax but HTML tags and heading ids, which the `html` and `heading-id` checks cover
    (cached: a msgid is read once for all its locales)."""
    return tuple(
        token
        for token in syntax_tokens(text)
        if not HTML_TAG.match(token) and not HEADING_ID.fullmatch(token)
    )
