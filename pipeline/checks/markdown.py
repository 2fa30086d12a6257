"""Structure and safety checks: the translation, parsed as inline Markdown, against its source.

Each check takes an Entry and returns a message, or None when the translation passes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.checks.entry import Entry, describe, difference
from pipeline.checks.skeleton import FOOTNOTE, HEADING_ID, facts, skeleton
from pipeline.checks.splicing import HTML, STRUCTURE, URL, Spliced, safe_translation, unsafe_url

# `[text][label]`: without the document's definitions, inline parsing leaves it as text.
REFERENCE = re.compile(r"\]\[([^\]\n]+)\]")
UNSAFE_ATTRIBUTE = re.compile(
    r"""(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):""",
    re.IGNORECASE,
)


def check_links(entry: Entry) -> str | None:
    """Link targets kept (or localized per allowed_url_patterns)."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    labels = [f"[{label.lower()}]" for label in REFERENCE.findall(source.text)]
    found = [f"[{label.lower()}]" for label in REFERENCE.findall(translation.text)]
    return _targets(
        "link target", (*source.links, *labels), (*translation.links, *found), entry.url_patterns
    )


def check_images(entry: Entry) -> str | None:
    """Image sources kept (or localized likewise)."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    return _targets("image", source.images, translation.images, entry.url_patterns)


def _targets(
    what: str,
    source: Sequence[str],
    translation: Sequence[str],
    patterns: Sequence[re.Pattern[str]],
) -> str | None:
    """Targets must stay; one matching an allowed pattern may stand in for a missing one (in
    order), but not be added where the source has no target to localize."""
    missing, added = difference(source, translation)
    for url in [url for url in added if any(p.fullmatch(url) for p in patterns)]:
        if missing:
            missing.pop(0)
            added.remove(url)
    return describe(what, missing, added)


def check_code(entry: Entry) -> str | None:
    """Inline code spans kept verbatim."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    missing, added = difference(source.code, translation.code)
    return describe("code", [f"`{c}`" for c in missing], [f"`{c}`" for c in added])


def check_footnotes(entry: Entry) -> str | None:
    """Footnote references [^label] kept."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    missing, added = difference(FOOTNOTE.findall(source.text), FOOTNOTE.findall(translation.text))
    return describe("footnote reference", missing, added)


def check_emphasis(entry: Entry) -> str | None:
    """No emphasis marker (`**`, `_`, `~~`) left as text."""
    extra = facts(entry.translation).literals - facts(entry.source).literals
    if not extra:
        return None
    runs = ", ".join(f"`{run}`" for run in sorted(extra, key=lambda r: (-len(r), r)))
    return (
        f"emphasis marker {runs} shows as literal text: it does not open or close (a marker "
        "between a letter and punctuation does not count: move the punctuation outside it)"
    )


def check_emphasis_count(entry: Entry) -> str | None:
    """As many bold, italic and strikethrough spans as the source."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    if facts(entry.translation).literals - facts(entry.source).literals:
        return None  # `emphasis` already says why
    kinds = sorted(set(source.spans) | set(translation.spans))
    differ = [k for k in kinds if source.spans[k] != translation.spans[k]]
    return (
        "; ".join(
            f"{kind}: {source.spans[kind]} in the source, {translation.spans[kind]} here"
            for kind in differ
        )
        or None
    )


def check_hard_breaks(entry: Entry) -> str | None:
    """No hard line break added or lost."""
    source = skeleton(entry.source).hard_breaks
    translation = skeleton(entry.translation).hard_breaks
    if source == translation:
        return None
    return f"{translation} hard line break(s), the source has {source}"


def check_heading_id(entry: Entry) -> str | None:
    """Heading ids `{#id}` kept where the source has them."""
    wanted = HEADING_ID.findall(skeleton(entry.source).text)
    if not wanted or entry.kind not in ("heading", ""):  # "": a catalog without `#.` comments
        return None
    missing, added = difference(wanted, HEADING_ID.findall(skeleton(entry.translation).text))
    return describe("heading id", missing, added)


def check_html(entry: Entry) -> str | None:
    """No raw HTML that the source does not have."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    _, added = difference(source.html, translation.html)
    if not added:
        return _escaped(entry, HTML)
    fragments = ", ".join(dict.fromkeys(added))
    return f"raw HTML that the source does not have: {fragments} (the bundle shows it as text)"


def check_unsafe_url(entry: Entry) -> str | None:
    """No javascript:, vbscript:, data: or file: URL added."""
    source, translation = skeleton(entry.source), skeleton(entry.translation)
    trusted = {*source.links, *source.images, *source.html}
    found = [
        url
        for url in (*translation.links, *translation.images)
        if url not in trusted and unsafe_url(url)
    ]
    found += [
        html for html in translation.html if html not in trusted and UNSAFE_ATTRIBUTE.search(html)
    ]
    if not found:
        return _escaped(entry, URL)
    urls = ", ".join(dict.fromkeys(found))
    return f"unsafe URL the source does not have: {urls} (it can run script or fetch files)"


def check_structure(entry: Entry) -> str | None:
    """The source's block kind kept: no leading `#`, `-`, `1.`, indent, fence... (escaped)."""
    return _escaped(entry, STRUCTURE)


def _spliced(entry: Entry) -> Spliced:
    return safe_translation(entry.kind or "paragraph", entry.source, entry.translation)


def _escaped(entry: Entry, check: str) -> str | None:
    """What the localized Markdown had to escape for this check, if anything."""
    said = _spliced(entry).messages(check)
    if not said:
        return None
    return "; ".join(said) + " in the localized Markdown (the bundle escapes it)"
