"""Synthetic documents: English Markdown with front matter, its segments, and a 10% edit of it.

A `Document` is a list of blocks kept as data, so the same document renders to Markdown and to
the segments a translator would see (one per heading, paragraph, list item, blockquote
paragraph, table cell and translated front matter key), and an edit is a change to that data.
Everything is drawn from a `random.Random` seeded with the corpus seed and the document's
index, so document 17 is the same at every scale and on every machine.
"""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass, replace

from benchmarks import prose

FRONT_MATTER_KEYS = ("title", "subtitle", "description")
# A text that is one code span has nothing to translate: extraction skips it.
CODE_ONLY = re.compile(r"`[^`]+`")
# Kinds whose texts can be edited; tables and lists are edited per text, never removed.
REMOVABLE = ("paragraph", "quote")


@dataclass(frozen=True, slots=True)
class Block:
    """One Markdown block and the texts a translator sees in it."""

    kind: str
    """heading, paragraph, bullets, ordered, quote, code or table."""
    texts: tuple[str, ...]
    """Translatable texts in source order: table cells row by row, list items in order."""
    depths: tuple[int, ...] = ()
    """For lists, each item's nesting depth (0 = top level)."""
    level: int = 0
    """Heading level, or a table's column count."""
    code: str = ""
    """A code block's language and body, `lang\\nbody`."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable text as extraction would find it."""

    kind: str
    text: str
    heading: str
    """The heading it sits under, for the `#.` comment."""


@dataclass(frozen=True, slots=True)
class Document:
    """A source document: its id, front matter and blocks."""

    name: str
    front_matter: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]


def generate_block(rng: random.Random, kind: str) -> Block:
    """One block of `kind`, drawn from `rng`."""
    if kind == "heading":
        return Block("heading", (prose.title(rng),), level=rng.choice((2, 2, 3)))
    if kind == "paragraph":
        return Block("paragraph", (prose.paragraph(rng),))
    if kind in ("bullets", "ordered"):
        depths = [0]
        for _ in range(rng.randint(2, 6)):
            depths.append(rng.choice((0, 0, min(depths[-1] + 1, 2))))
        texts = tuple(prose.phrase(rng) for _ in depths)
        return Block(kind, texts, depths=tuple(depths))
    if kind == "quote":
        return Block("quote", (prose.paragraph(rng, (1, 3)),))
    if kind == "code":
        language, body = prose.code(rng)
        return Block("code", (), code=f"{language}\n{body}")
    columns = rng.choice((2, 3))
    cells = [prose.title(rng, (1, 2)) for _ in range(columns)]
    for _ in range(rng.randint(2, 3) * columns):
        cells.append(prose.phrase(rng))
    return Block("table", tuple(cells), level=columns)


# One section: a heading, then blocks in a typical order; ~55 segments per document.
SECTION = ("heading", "paragraph", "bullets", "paragraph", "quote", "code", "ordered", "table")


def generate_document(seed: int, index: int) -> Document:
    """Document number `index` of the corpus with `seed`."""
    rng = random.Random(f"{seed}:document:{index}")
    name = f"page-{index:05d}"
    front_matter = (
        ("title", prose.plain_title(rng)),
        ("subtitle", prose.plain_title(rng)),
        ("description", prose.sentence(rng, markup=False)),
        ("date", f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        ("slug", name),
        ("weight", str(index)),
    )
    blocks = [generate_block(rng, "paragraph")]
    for _ in range(rng.randint(3, 5)):
        for kind in SECTION:
            if kind in ("heading", "paragraph") or rng.random() < 0.5:
                blocks.append(generate_block(rng, kind))
    return Document(name, front_matter, tuple(blocks))


def render_text_block(block: Block) -> str:
    if block.kind == "heading":
        return "#" * block.level + " " + block.texts[0]
    if block.kind == "paragraph":
        return textwrap.fill(block.texts[0], 80, break_long_words=False, break_on_hyphens=False)
    if block.kind == "quote":
        body = textwrap.fill(block.texts[0], 76, break_long_words=False, break_on_hyphens=False)
        return "\n".join("> " + line for line in body.splitlines())
    if block.kind == "code":
        language, body = block.code.split("\n", 1)
        return f"```{language}\n{body}\n```"
    if block.kind == "bullets":
        return "\n".join(
            "  " * d + "- " + t for d, t in zip(block.depths, block.texts, strict=True)
        )
    if block.kind == "ordered":
        counters = [0, 0, 0]
        lines = []
        for depth, text in zip(block.depths, block.texts, strict=True):
            counters[depth] += 1
            counters[depth + 1 :] = [0] * (2 - depth)
            lines.append("   " * depth + f"{counters[depth]}. {text}")
        return "\n".join(lines)
    return render_table(block)


def render_table(block: Block) -> str:
    columns = block.level
    rows = [block.texts[i : i + columns] for i in range(0, len(block.texts), columns)]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * columns]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def render_markdown(document: Document) -> str:
    """The document as a Markdown file with YAML front matter."""
    front = "\n".join(f"{key}: {value}" for key, value in document.front_matter)
    body = "\n\n".join(render_text_block(block) for block in document.blocks)
    return f"---\n{front}\n---\n\n{body}\n"


SEGMENT_KINDS = {
    "heading": "heading",
    "paragraph": "paragraph",
    "quote": "blockquote",
    "bullets": "list item",
    "ordered": "list item",
    "table": "table cell",
}


def build_segments(document: Document) -> list[Segment]:
    """The document's translatable texts in source order, duplicates included."""
    segments = [
        Segment(f"front matter: {key}", value, "")
        for key, value in document.front_matter
        if key in FRONT_MATTER_KEYS
    ]
    heading = ""
    for block in document.blocks:
        if block.kind == "heading":
            heading = block.texts[0]
        kind = SEGMENT_KINDS.get(block.kind)
        if kind is not None:
            segments += [
                Segment(
                    "table header" if kind == "table cell" and i < block.level else kind,
                    text,
                    heading,
                )
                for i, text in enumerate(block.texts)
                if not CODE_ONLY.fullmatch(text)
            ]
    return segments


def edit_block(block: Block, rng: random.Random, share: float) -> Block | None:
    """`block` with about `share` of its texts edited; None when the block is removed."""
    texts = list(block.texts)
    for i, text in enumerate(texts):
        if rng.random() >= share:
            continue
        roll = rng.random()
        if roll < 0.2 and block.kind in REMOVABLE:
            return None
        if roll < 0.4:
            texts[i] = prose.phrase(rng) if block.kind not in REMOVABLE else prose.paragraph(rng)
        else:
            texts[i] = prose.edit(text, rng)
    return replace(block, texts=tuple(texts))


def edit_document(document: Document, seed: int, share: float = 0.1) -> Document:
    """The document after a writer's pass: `share` of its texts edited, rewritten or removed.

    Of the texts touched, about 60% get a small edit (msgmerge's fuzzy matching finds them),
    20% are rewritten and 20% of paragraphs and blockquotes are removed; one new paragraph is
    added to about a third of the documents.
    """
    rng = random.Random(f"{seed}:edit:{document.name}")
    blocks = [edited for b in document.blocks if (edited := edit_block(b, rng, share))]
    if rng.random() < 0.33:
        blocks.insert(rng.randrange(1, len(blocks) + 1), generate_block(rng, "paragraph"))
    front_matter = tuple(
        (
            key,
            prose.edit(value, rng) if key in FRONT_MATTER_KEYS and rng.random() < share else value,
        )
        for key, value in document.front_matter
    )
    return replace(document, front_matter=front_matter, blocks=tuple(blocks))


def generate_long_document(seed: int, paragraphs: int) -> Document:
    """One document of `paragraphs` paragraphs under a heading every 20 (the long-file case)."""
    rng = random.Random(f"{seed}:long")
    blocks: list[Block] = []
    for i in range(paragraphs):
        if i % 20 == 0:
            blocks.append(generate_block(rng, "heading"))
        blocks.append(generate_block(rng, "paragraph"))
    front_matter = (("title", prose.plain_title(rng)), ("slug", "long"))
    return Document("long", front_matter, tuple(blocks))
