"""Real documentation built with its real generator, in English and pseudo-localized (en-XA).

Helpers for test_syntax_sites.py: each `build_*` copies a set of tests/data/realdocs into a
site, builds it with the generator from the venv, and returns the rendered article pages;
`measure` counts the visible words of the articles that are pseudo-localized.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html  # type: ignore[import-untyped]

from pipeline.bundles.pseudo import ACCENTED, render_pseudo_document
from pipeline.extract.documents import SOURCE_SUFFIXES, parse_document
from pipeline.extract.profiles import SHORTCODE, features
from pipeline.extract.segments import build_segments
from pipeline.extract.sources import Source

REALDOCS = Path(__file__).parent / "data" / "realdocs"
BIN = Path(sys.executable).parent
KEYS = ("title", "description", "summary", "linkTitle")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
PSEUDO_CHARS = frozenset(ACCENTED)
# Shortcodes whose inner text Hugo passes raw: the stubs show it as code, as the real ones do.
RAW_SHORTCODES = ("code-toggle", "highlight", "hl", "css", "qr", "math", "code", "datatable")
# Alerts as a theme renders them: the type is a class, the title (if any) shows.
BLOCKQUOTE_HOOK = (
    '{{ if eq .Type "alert" }}<blockquote class="alert alert-{{ .AlertType }}">'
    "{{ with .AlertTitle }}<p>{{ . }}</p>{{ end }}{{ .Text }}</blockquote>"
    "{{ else }}<blockquote>{{ .Text }}</blockquote>{{ end }}"
)
# Not prose a reader sees: code (and code blocks' file names), comments, scripts, icons.
HIDDEN = (
    ".//pre|.//code|.//script|.//style|.//comment()|.//svg|.//*[contains(@class,'headerlink')]"
    "|.//*[contains(@class,'filename')]"
)
PROSE = ("title", "alt", "caption", "summary", "description", "label")


@dataclass(frozen=True, slots=True)
class Measure:
    words: int
    pseudo: int
    untouched: tuple[str, ...]

    @property
    def percent(self) -> float:
        return 100 * self.pseudo / self.words if self.words else 100.0


def write_pages(
    names: list[str], target: Path, profiles: tuple[str, ...], pseudo: bool
) -> list[Path]:
    """Copy (or pseudo-localize) every page of the sets into `target`, same relative paths."""
    written = []
    for name in names:
        for page in sorted(p for s in SOURCE_SUFFIXES for p in (REALDOCS / name).rglob(f"*{s}")):
            if page.name.startswith("LICENSE"):
                continue
            out = target / name / page.relative_to(REALDOCS / name)
            out.parent.mkdir(parents=True, exist_ok=True)
            data = page.read_bytes()
            if pseudo:
                document = parse_document(data, page, page.stem, page.name)
                segments = tuple(build_segments(document, KEYS, features(profiles)))
                data = render_pseudo_document(Source(document, segments)).encode("utf-8")
            out.write_bytes(data)
            written.append(out)
    return written


def run(command: list[str], cwd: Path) -> str:
    """Run a generator; any error line or a non-zero exit fails with its output."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    errors = [line for line in output.splitlines() if re.search(r"\bERROR\b|^Error", line)]
    if done.returncode or errors:
        raise AssertionError(f"{command[0]} failed ({done.returncode}):\n{output[-4000:]}")
    return output


def hugo_site(root: Path, names: list[str], profiles: tuple[str, ...], pseudo: bool) -> Path:
    """A Hugo site of the sets, with stub templates for every shortcode they call."""
    write_pages(names, root / "content", profiles, pseudo)
    (root / "hugo.toml").write_text(
        'baseURL = "http://localhost/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\nenableEmoji = true\n'
        "[markup.goldmark.parser.attribute]\nblock = true\ntitle = true\n"
        "[markup.goldmark.renderer]\nunsafe = true\n",
        "utf-8",
    )
    page = (
        "<!doctype html><html><body><nav>menu</nav><article><h1>{{ .Title }}</h1>"
        "{{ .Content }}</article></body></html>"
    )
    for kind in ("single", "list", "home"):
        _write(root / "layouts" / f"{kind}.html", page)
    _write(root / "layouts" / "_markup" / "render-blockquote.html", BLOCKQUOTE_HOOK)
    for name, paired in sorted(_shortcode_names(names).items()):
        _write(root / "layouts" / "_shortcodes" / f"{name}.html", _stub(name, paired))
    run([str(BIN / "hugo")], root)
    return root / "public"


def _shortcode_names(names: list[str]) -> dict[str, bool]:
    """Every shortcode the pages call, and whether it is ever paired (Hugo wants .Inner then)."""
    found: dict[str, bool] = {}
    for name in names:
        for page in (REALDOCS / name).rglob("*.md"):
            for match in SHORTCODE.finditer(page.read_text("utf-8")):
                key = match.group("name")
                found[key] = found.get(key, False) or bool(
                    match.group("closing") or match.group("selfclosing")
                )
    return found


def _stub(name: str, paired: bool) -> str:
    params = "".join(
        f'{{{{ with .Get "{key}" }}}}<p class="param-{key}">{{{{ . }}}}</p>{{{{ end }}}}'
        for key in PROSE
    )
    inner = "<pre>{{ .Inner }}</pre>" if name in RAW_SHORTCODES else "{{ .Inner }}"
    inner = inner if paired else ""
    if name in ("ref", "relref", "eturl"):
        return "#"  # these stand for URLs, inside a link's destination
    return f'<span class="sc-{name}">{{{{ if .IsNamedParams }}}}{params}{{{{ end }}}}{inner}</span>'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def articles(public: Path, selector: str) -> dict[str, lxml_html.HtmlElement]:
    """The article element of every rendered page, by path."""
    found = {}
    for page in sorted(public.rglob("*.html")):
        tree = lxml_html.fromstring(page.read_text("utf-8"))
        matches = tree.xpath(selector)
        if matches:
            found[page.relative_to(public).as_posix()] = matches[0]
    return found


def visible_words(article: lxml_html.HtmlElement) -> list[str]:
    """Words a reader sees in the article: no code, scripts, styles or hidden permalinks."""
    for hidden in article.xpath(HIDDEN):
        if hidden.getparent() is not None:
            hidden.drop_tree()
    return WORD.findall(" ".join(article.itertext()))


def measure(
    pseudo: dict[str, lxml_html.HtmlElement], english: dict[str, lxml_html.HtmlElement]
) -> Measure:
    """Pseudo-localized words of the pseudo pages, out of the visible words of the English
    ones (text that a broken page no longer shows as prose, code say, counts as missed)."""
    total = sum(len(visible_words(english[page])) for page in pseudo)
    words = [word for article in pseudo.values() for word in visible_words(article)]
    untouched = tuple(word for word in words if not PSEUDO_CHARS.intersection(word))
    return Measure(total, min(total, len(words) - len(untouched)), untouched)


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)


# Classes that mark what shortcodes, alerts, admonitions, tabs, footnotes and buttons rendered.
STRUCTURE = re.compile(
    r"\b(?:sc-[\w-]+|alert-\w+|admonition|tabbed-set|footnote|md-button|twemoji)\b"
)


def structure(article: lxml_html.HtmlElement) -> list[str]:
    """What the site syntax rendered, in order: classes that mark it, and details elements."""
    found = []
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        found += STRUCTURE.findall(element.get("class") or "")
        if element.tag in ("details", "summary"):
            found.append(element.tag)
    return found


MKDOCS_CONFIG = """site_name: Real docs
docs_dir: docs
theme:
  name: material
  custom_dir: overrides
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.mark
  - pymdownx.caret
  - pymdownx.tilde
  - pymdownx.tasklist
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, default: true, name: English, build: true}
        - {locale: en-XA, name: Pseudo, build: true}
"""
# Material has no en-XA strings: the pseudo locale borrows the English ones.
MATERIAL_LANGUAGE = (
    '{% import "partials/languages/en.html" as en %}{% macro t(key) %}{{ en.t(key) }}{% endmacro %}'
)


def mkdocs_site(root: Path, names: list[str], profiles: tuple[str, ...]) -> Path:
    """An MkDocs Material site with mkdocs-static-i18n: English and en-XA side by side."""
    write_pages(names, root / "docs" / "en", profiles, pseudo=False)
    write_pages(names, root / "docs" / "en-XA", profiles, pseudo=True)
    _write(root / "overrides" / "partials" / "languages" / "en-XA.html", MATERIAL_LANGUAGE)
    _write(root / "mkdocs.yml", MKDOCS_CONFIG)
    run([str(BIN / "mkdocs"), "build", "--quiet"], root)
    return root / "site"


STARLIGHT = Path(__file__).parent.parent / "examples" / "starlight"
STARLIGHT_CONFIG = """import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  site: 'http://localhost',
  vite: {
    resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  },
  integrations: [
    starlight({
      title: 'Real docs',
      defaultLocale: 'root',
      locales: { root: { label: 'English', lang: 'en' }, 'en-xa': { label: 'Pseudo', lang: 'en-XA' } },
    }),
  ],
});
"""
STARLIGHT_COLLECTIONS = """import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };
"""
# The site's own components and images that pages import or show (`~` is the site's src/):
# stubs stand in for them, a component rendering its children inside a class that names it.
SITE_FILE = re.compile(
    r"""^import\s+\w+\s+from\s+'(?P<module>(?:~|\.\.?)/[^'?]+)(?:\?raw)?';$"""
    r"""|!\[[^\]]*\]\((?P<image>\.\.?/[^)\s]+\.svg)\)""",
    re.MULTILINE,
)
STUB_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"></svg>\n'
# Pages that need the original site's assets (a splash page's hero image).
STARLIGHT_SKIPPED = ("starlight/index.mdx",)


def _stub_site_files(root: Path, page: Path) -> None:
    for found in SITE_FILE.finditer(page.read_text("utf-8")):
        if found.group("module"):
            module = found.group("module")
            base = root / "src" if module.startswith("~") else page.parent
            target = (base / module.removeprefix("~/")).resolve()
            stub = f'<div class="stub-{target.stem}"><slot /></div>\n'
            _write(target, stub if target.suffix == ".astro" else "{}\n")
        else:
            _write((page.parent / found.group("image")).resolve(), STUB_SVG)


def starlight_site(root: Path, profiles: tuple[str, ...]) -> Path:
    """A Starlight site of the starlight set: English at the root, en-XA under `en-xa/`."""
    docs = root / "src" / "content" / "docs"
    pages = write_pages(["starlight"], docs, profiles, pseudo=False)
    pages += write_pages(["starlight"], docs / "en-xa", profiles, pseudo=True)
    for page in pages:
        if page.relative_to(docs).as_posix().removeprefix("en-xa/") in STARLIGHT_SKIPPED:
            page.unlink()
        else:
            _stub_site_files(root, page)
    _write(root / "astro.config.mjs", STARLIGHT_CONFIG)
    _write(root / "src" / "content.config.ts", STARLIGHT_COLLECTIONS)
    _write(root / "package.json", '{"name": "real-docs", "private": true, "type": "module"}\n')
    # Hard links: Vite resolves a symlinked node_modules to paths outside the site and fails.
    subprocess.run(["cp", "-al", str(STARLIGHT / "node_modules"), str(root)], check=True)
    run([str(STARLIGHT / "node_modules" / ".bin" / "astro"), "build"], root)
    return root / "dist"


# Starlight's own words in an article (permalink labels, pagination): the theme's, not the page's.
STARLIGHT_CHROME = (
    ".//footer|.//*[contains(@class,'sr-only')]|.//*[contains(@class,'sl-anchor-link')]"
)
# Not prose either, though the page's: code frames' file names and FileTree's file names.
STARLIGHT_NAMES = ".//figure[contains(@class,'frame')]//figcaption|.//starlight-file-tree"
SCOPED = re.compile(r"^astro-\w+$")  # Astro's per-component scope classes


def starlight_articles(
    dist: Path,
) -> tuple[dict[str, lxml_html.HtmlElement], dict[str, lxml_html.HtmlElement]]:
    """The `<main>` of every page, theme chrome dropped: English, and en-XA by the same path."""
    pages = articles(dist, "//main")
    for article in pages.values():
        for chrome in article.xpath(STARLIGHT_CHROME):
            chrome.drop_tree()
    english = {k: v for k, v in pages.items() if not k.startswith("en-xa/")}
    pseudo = {k.removeprefix("en-xa/"): v for k, v in pages.items() if k.startswith("en-xa/")}
    return english, pseudo


def rendered_elements(article: lxml_html.HtmlElement) -> list[str]:
    """Every element the page rendered, in order, as tag and classes: what JSX components,
    asides, tabs and steps became (text, ids and links aside, which translation changes).
    A code block is its text: the highlighter's spans vary from one build to the next."""
    found = []
    for element in article.iter():
        if not isinstance(element.tag, str) or any(a.tag == "pre" for a in element.iterancestors()):
            continue
        classes = sorted(c for c in (element.get("class") or "").split() if not SCOPED.match(c))
        found.append(".".join([element.tag, *classes]))
        if element.tag == "pre":
            found.append(element.text_content())
    return found


def starlight_prose(article: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of the article without the file names it shows, for counting words."""
    prose = copy.deepcopy(article)
    for names in prose.xpath(STARLIGHT_NAMES):
        names.drop_tree()
    return prose
