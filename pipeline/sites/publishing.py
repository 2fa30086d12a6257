"""What a site publishes: which pages, in which language, with which front matter keys.

Shared by every generator: a translated pair is published in its language; a pair below the
threshold is either left out (`fallback: omit`: the generator's own fallback shows English) or
published as the English text labelled `lang: en` (`fallback: english`). Links go to the
target in the reader's language when it is translated there, else to the English page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from pipeline.extract.segments import FRONT_MATTER
from pipeline.locales import LocaleInfo
from pipeline.sites.pages import ENGLISH, Page, SiteData, Source

OMIT, ENGLISH_TEXT = "omit", "english"
FALLBACKS = (OMIT, ENGLISH_TEXT)
OUTDATED_ENGLISH, OUTDATED_PREVIOUS = "english", "previous"
OUTDATED_CHOICES = (OUTDATED_ENGLISH, OUTDATED_PREVIOUS)


@dataclass(frozen=True, slots=True)
class Published:
    """One file-to-be: a page in the language folder it is published under."""

    page: Page
    folder: LocaleInfo
    """The language whose part of the site holds the page (English text may sit under `ko`)."""
    alternates: tuple[LocaleInfo, ...]
    """Languages the document is translated into on this site, English first."""


def publish(data: SiteData, fallback: str, outdated: str) -> dict[tuple[str, str], Published]:
    """(doc id, locale id) -> what is published there, in document then language order."""
    out: dict[tuple[str, str], Published] = {}
    for source in data.sources:
        doc_id = source.document.doc_id
        pages = [data.pages[(doc_id, info.id)] for info in data.languages]
        pages = [_outdated(page, outdated) for page in pages]
        alternates = tuple(p.locale for p in pages if p.translated or p.locale is ENGLISH)
        for page in pages:
            if page.translated or page.locale is ENGLISH:
                out[(doc_id, page.locale.id)] = Published(page, page.locale, alternates)
            elif fallback == ENGLISH_TEXT:
                english = replace(page, texts=(None,) * len(page.texts), previous=())
                out[(doc_id, page.locale.id)] = Published(english, page.locale, alternates)
    return out


def _outdated(page: Page, outdated: str) -> Page:
    """Previous translations are kept only when the site asks for them."""
    if outdated == OUTDATED_PREVIOUS or not any(page.previous):
        return page
    texts = tuple(
        None if old else text for text, old in zip(page.texts, page.previous, strict=True)
    )
    return replace(page, texts=texts, previous=())


def site_codes(
    codes: Mapping[str, str], default: Callable[[LocaleInfo], str]
) -> Callable[[LocaleInfo], str]:
    """A language's code on a site: the one `pipeline.yaml` gives it, else the generator's."""

    def code(info: LocaleInfo) -> str:
        return codes.get(info.id) or default(info)

    return code


def content_language(item: Published) -> LocaleInfo:
    """The language the page's text is in: its own when translated, else English."""
    return item.page.locale if item.page.translated else ENGLISH


def notice(page: Page) -> str:
    """The notice a theme shows: `fallback`, `outdated`, `partial`, or "" for none."""
    if page.status == "source":
        return ""
    if page.status == "fallback":
        return "fallback"
    if page.outdated or any(page.previous):
        return "outdated"
    return "partial" if page.status != "complete" or page.withheld else ""


def review(page: Page) -> str:
    """The review note a theme shows on a translation: `not-reviewed`, `partly-reviewed`, or ""
    (reviewed, or no translation shown: English pages and fallbacks)."""
    if not page.translated or page.reviewed is None or page.reviewed >= 100:
        return ""
    return "partly-reviewed" if page.reviewed > 0 else "not-reviewed"


def front_matter(item: Published, codes: Callable[[LocaleInfo], str]) -> dict[str, object]:
    """Keys every site gets: the text's language and direction, and the translation's state."""
    page = item.page
    language = content_language(item)
    state: dict[str, object] = {
        "status": page.status,
        "notice": notice(page),
        "coverage": page.coverage,
        "outdated": page.outdated,
        "withheld": page.withheld,
        "source_sha256": page.source_sha256,
        "alternates": [codes(info) for info in item.alternates],
    }
    if page.reviewed is not None:  # once bundles carry review state
        state["reviewed"] = page.reviewed
    state["review"] = review(page)
    return {"lang": language.tag, "dir": language.direction, "translation": state}


def linker_for(
    published: Mapping[tuple[str, str], Published],
    folder: LocaleInfo,
    target: Callable[[str, LocaleInfo, str], str],
) -> Callable[[str, str], str | None]:
    """Links from a page in `folder`: to the target there when translated, else in English."""

    def link(doc_id: str, anchor: str) -> str | None:
        if (doc_id, ENGLISH.id) not in published:
            return None
        there = published.get((doc_id, folder.id))
        language = folder if there is not None and there.page.translated else ENGLISH
        return target(doc_id, language, anchor)

    return link


def title(source: Source, page: Page) -> str:
    """The page's title in use: its `title` front matter, else its document id."""
    for segment, text in zip(source.segments, page.texts, strict=True):
        if segment.kind == FRONT_MATTER and segment.key == "title":
            return segment.text if text is None else text
    return source.document.doc_id


def index_entries(
    published: Mapping[tuple[str, str], Published],
    sources: Mapping[str, Source],
    folder: LocaleInfo,
) -> list[tuple[str, str]]:
    """(doc id, title) of each page published under `folder`, for its index page."""
    return [
        (doc_id, title(sources[doc_id], item.page))
        for (doc_id, locale), item in published.items()
        if locale == folder.id
    ]
