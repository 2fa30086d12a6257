"""`make sites`' project: the seed articles plus one link from one to a heading of the other.

The seeds link to no heading of each other, and the sites must show that such a link works in
every language (stable anchors, links kept in the reader's language). This fixture, which is
not in source/, writes a project whose root is examples/ (so its site outputs are the four
skeletons): a copy of the sources with one paragraph added to the second article, the
repository's catalogs and glossaries, and a pipeline.yaml with the repository's settings. The added paragraph
has no translation, so each translated page also shows an English block marked `lang="en"`.
A third, short document is translated into Korean only, so every site also has pages that fall
back to English (their hreflang must list English and Korean, nothing else).
Run as `python -m tests.site_fixture` (from `make sites`); everything it writes is git-ignored.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CONFIG = EXAMPLES / "pipeline.yaml"
LINKED = "asian-american-coalitions.md"
ANCHOR = ("allyship-actions", "about-awaken")
"""The document and the heading's anchor the added paragraph links to."""
PARTIAL = "reading-list"
"""The document translated into Korean only: English, title, heading, one paragraph."""
PARTIAL_TEXTS = {
    "Reading list": "읽을거리",
    "Where to begin": "어디서 시작할까",
    "A short page that only Korean readers have in their own language.": (
        "한국어 독자만 자기 언어로 읽을 수 있는 짧은 페이지입니다."
    ),
}
LINK = (
    "\nThis fixture links to a heading of the first article: read more"
    " [about Awaken](allyship-actions.md#about-awaken).\n"
)


def write_fixture() -> Path:
    """The fixture project's pipeline.yaml (the project itself beside it, under examples/)."""
    source = EXAMPLES / "seeds"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(REPO / "source", source)
    linked = source / LINKED
    linked.write_text(linked.read_text("utf-8") + LINK, "utf-8")
    for folder in ("locales", "glossary"):
        shutil.rmtree(EXAMPLES / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, EXAMPLES / folder)
    _write_partial(source)
    config = (REPO / "pipeline.yaml").read_text("utf-8")
    config = config.replace("\nsource: source\n", "\nsource: seeds\n", 1)
    CONFIG.write_text(config.replace("output: examples/", "output: "), "utf-8")
    return CONFIG


def _write_partial(source: Path) -> None:
    """The Korean-only document and its Korean catalog (the other locales have none)."""
    title, heading, paragraph = PARTIAL_TEXTS
    text = f"---\ntitle: {title}\n---\n\n## {heading}\n\n{paragraph}\n"
    (source / f"{PARTIAL}.md").write_text(text, "utf-8")
    header = (
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    )
    entries = "".join(f'\nmsgid "{en}"\nmsgstr "{ko}"\n' for en, ko in PARTIAL_TEXTS.items())
    catalog = EXAMPLES / "locales" / "ko" / "LC_MESSAGES" / f"{PARTIAL}.po"
    catalog.write_text(header + entries, "utf-8")


if __name__ == "__main__":
    print(write_fixture().relative_to(REPO))
