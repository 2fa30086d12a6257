"""Built sites in headless Chromium: `<html lang dir>`, hreflang, English marks, notices, fonts,
links, anchors.

What each page must show comes from our own output (`publish`): its URL on the generator,
the language of its text, and the languages it is translated into. `check_site` loads every
such page, then every internal link target, and returns one line per problem. Run as
`python -m tests.site_checks` (from `make sites`) it checks the four example sites and writes
one screenshot per language and site under examples/screenshots/.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlparse

from pipeline.config import Config, Site, read_config
from pipeline.sites import docusaurus, hugo, mkdocs, starlight
from pipeline.sites.pages import ENGLISH, read_site_data
from pipeline.sites.publishing import content_language, publish, review
from tests.chromium import Browser, browser, serve
from tests.site_fixture import ANCHOR, CONFIG, LINKED

CODES = {
    "hugo": hugo.default_code,
    "mkdocs": mkdocs.default_code,
    "docusaurus": docusaurus.default_code,
    "starlight": starlight.default_code,
}
PUBLIC = {"hugo": "public", "mkdocs": "site", "docusaurus": "build", "starlight": "dist"}
# The fonts the README names for each script (fonts-noto-core, fonts-noto-cjk), by page language.
FONTS = {
    "en": "Noto Sans",
    "ko": "Noto Sans CJK KR",
    "zh-Hans": "Noto Sans CJK SC",
    "ta": "Noto Sans Tamil",
    "ml": "Noto Sans Malayalam",
    "ja": "Noto Sans CJK JP",
}
# A paragraph of the article's own text (notices and English blocks carry a lang of their own).
TEXT = "main p:not([lang]), article p:not([lang]), .md-content p:not([lang])"
# Read once the page is hydrated (Docusaurus re-renders its <head> then), as a reader sees it.
# A block's language: its own, or, when one `<span lang>` holds all its text (the MDX sites'
# English paragraphs), the span's.
READ_PAGE = """new Promise(resolve => {
  const language = e => {
    const only = e.children.length === 1 && e.children[0].matches('[lang]')
      && e.children[0].textContent.trim() === e.textContent.trim();
    return (only ? e.children[0] : e.closest('[lang]')).lang;
  };
  const read = () => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir || 'ltr',
    hreflang: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => l.hreflang),
    links: [...document.querySelectorAll('main a[href], article a[href], .md-content a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    english: [...document.querySelectorAll('main p, main li, article p, article li, .md-content p, .md-content li')]
      .filter(e => e.textContent.trim() && e.closest('[lang]'))
      .map(e => [e.textContent.trim().slice(0, 40), language(e)]),
    review: [...document.querySelectorAll('[data-review]')]
      .filter(e => e.getClientRects().length && e.innerText.trim())
      .map(e => e.dataset.review),
  });
  let tries = 0;
  const wait = () => {
    if (document.documentElement.dataset.hasHydrated === 'false' && tries++ < 100) {
      setTimeout(wait, 50);
    } else {
      setTimeout(() => resolve(read()), 100);
    }
  };
  wait();
})"""


@dataclass(frozen=True, slots=True)
class Expected:
    url: str
    lang: str
    direction: str
    alternates: frozenset[str]
    english: tuple[str, ...]
    """Starts of English paragraphs a translated page must mark `lang="en"`."""
    review: str
    """The review note the page must show (`not-reviewed`, ...), "" for none."""


def expectations(config: Config, site: Site) -> list[Expected]:
    data = read_site_data(config)
    codes = CODES[site.generator]
    out = []
    for (doc_id, _), item in publish(data, site.fallback, site.outdated).items():
        language = content_language(item)
        prefix = (
            ""
            if item.folder is ENGLISH
            else "/" + (site.codes.get(item.folder.id) or codes(item.folder))
        )
        source = next(s for s in data.sources if s.document.doc_id == doc_id)
        english = tuple(
            s.text[:20]
            for s, text in zip(source.segments, item.page.texts, strict=True)
            if text is None
            and item.page.translated
            and s.kind == "paragraph"
            and "[" not in s.text[:20]
        )
        out.append(
            Expected(
                f"{prefix}/{doc_id.lower() if site.generator == 'starlight' else doc_id}/",
                language.tag,
                language.direction,
                frozenset(info.tag for info in item.alternates) | {"x-default"},
                english,
                review(item.page),
            )
        )
    return out


def check_site(
    public: Path,
    expected: list[Expected],
    chrome: Browser,
    *,
    shots: Path | None = None,
) -> list[str]:
    problems: list[str] = []
    pages: dict[str, dict[str, Any]] = {}
    shot_langs: set[str] = set()
    with serve(public) as base:
        for item in expected:
            chrome.load(base + item.url)
            page = chrome.evaluate(READ_PAGE)
            pages[item.url] = page
            if page["lang"] != item.lang or page["dir"] != item.direction:
                problems.append(
                    f"{item.url}: <html lang={page['lang']} dir={page['dir']}>, expected {item.lang} {item.direction}"
                )
            hreflang = set(page["hreflang"])
            if hreflang != item.alternates:
                problems.append(
                    f"{item.url}: hreflang {sorted(hreflang)}, expected {sorted(item.alternates)}"
                )
            marked = {text[:20]: lang for text, lang in page["english"]}
            for start in item.english:
                if marked.get(start) != "en":
                    problems.append(f"{item.url}: English block {start!r} not inside lang=en")
            if page["review"] != ([item.review] if item.review else []):
                problems.append(
                    f"{item.url}: review notes {page['review']}, expected {item.review!r}"
                )
            if item.lang not in shot_langs:
                shot_langs.add(item.lang)
                problems += _font_problems(chrome, item)
                if shots is not None:
                    shots.mkdir(parents=True, exist_ok=True)
                    chrome.screenshot(shots / f"{item.lang}.png")
        for url, page in list(pages.items()):
            for link in page["links"]:
                parsed = urlparse(link)
                if not link.startswith(base):
                    continue
                target = urldefrag(parsed.path)[0]
                target_page = pages.get(target)
                if target_page is None:
                    chrome.load(base + target)
                    target_page = chrome.evaluate(READ_PAGE)
                    pages[target] = target_page
                    if chrome.evaluate("document.title").startswith(("404", "Page Not Found")):
                        problems.append(f"{url}: broken link {target}")
                        continue
                if not (public / target.lstrip("/")).exists():
                    problems.append(f"{url}: broken link {target}")
                elif parsed.fragment and unquote(parsed.fragment) not in target_page["ids"]:
                    problems.append(f"{url}: link to missing anchor {target}#{parsed.fragment}")
    return problems


def _font_problems(chrome: Browser, item: Expected) -> list[str]:
    """The page's text is drawn with the font the README names for its script, and names,
    numbers and other Latin text with it or with Noto Sans: no other font at all."""
    fonts = chrome.fonts(TEXT)
    wanted = FONTS[item.lang]
    if wanted not in fonts or not set(fonts) <= {wanted, FONTS["en"]}:
        return [f"{item.url}: text drawn in {fonts}, expected {wanted!r}"]
    return []


def cross_link_problems(public: Path, expected: list[Expected], chrome: Browser) -> list[str]:
    """Each page of the fixture's linked article links to the heading of the other article
    in its own language (check_site has checked that the anchor is there)."""
    problems = []
    linked = f"/{LINKED.removesuffix('.md')}/"
    with serve(public) as base:
        for item in (e for e in expected if e.url.lower().endswith(linked)):
            chrome.load(base + item.url)
            wanted = (item.url[: -len(linked)] + f"/{ANCHOR[0]}/", ANCHOR[1])
            links = [urlparse(link) for link in chrome.evaluate(READ_PAGE)["links"]]
            found = {(link.path.rstrip("/") + "/", link.fragment) for link in links}
            if wanted not in found:
                problems.append(f"{item.url}: no link to {wanted[0]}#{wanted[1]}")
    return problems


def main() -> int:
    """Check the four example sites (built by `make sites` from the project of
    tests/site_fixture.py); screenshots for people to see."""
    config = read_config(CONFIG)
    problems = []
    with browser() as chrome:
        for site in config.sites:
            public = site.output / PUBLIC[site.generator]
            found = check_site(
                public,
                expectations(config, site),
                chrome,
                shots=site.output.parent / "screenshots" / site.name,
            )
            found += cross_link_problems(public, expectations(config, site), chrome)
            print(f"{site.name}: {len(found)} problems")
            problems += [f"{site.name}: {line}" for line in found]
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
