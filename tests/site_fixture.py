"""`make sites`' project: the seed articles plus one link from one to a heading of the other.

The seeds link to no heading of each other, and the sites must show that such a link works in
every language (stable anchors, links kept in the reader's language). This fixture, which is
not in source/, writes a project whose root is examples/ (so its site outputs are the four
skeletons): a copy of the sources with one paragraph added to the second article, the
repository's catalogs and glossaries, and a pipeline.yaml with the repository's settings. The added paragraph
has no translation, so each translated page also shows an English block marked `lang="en"`.
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
    config = (REPO / "pipeline.yaml").read_text("utf-8")
    config = config.replace("\nsource: source\n", "\nsource: seeds\n", 1)
    CONFIG.write_text(config.replace("output: examples/", "output: "), "utf-8")
    return CONFIG


if __name__ == "__main__":
    print(write_fixture().relative_to(REPO))
