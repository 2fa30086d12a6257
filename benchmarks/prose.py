"""Deterministic English prose for the synthetic corpus: titles, sentences, inline Markdown.

Every function takes the caller's seeded `random.Random`, so a corpus is the same on every
machine. Generated text never starts a line with something Markdown would read as a block
marker (`- `, `1. `, `> `, `# `), so wrapping a paragraph never changes its structure.
"""

from __future__ import annotations

import random

NOUNS = (
    "build", "catalog", "template", "translator", "release", "document", "heading", "paragraph",
    "locale", "bundle", "manifest", "workflow", "reviewer", "glossary", "string", "editor",
    "pipeline", "source", "file", "folder", "project", "command", "option", "setting", "report",
    "checker", "message", "reference", "context", "version", "branch", "commit", "team",
    "language", "script", "font", "table", "column", "link", "image", "section", "page", "site",
    "server", "cache", "index", "archive", "schedule", "deadline", "update", "change", "error",
    "warning", "feature", "request", "review", "summary", "guide", "tutorial", "chapter",
)  # fmt: skip
VERBS = (
    ("update", "updates"), ("extract", "extracts"), ("translate", "translates"),
    ("review", "reviews"), ("publish", "publishes"), ("merge", "merges"), ("check", "checks"),
    ("build", "builds"), ("compile", "compiles"), ("keep", "keeps"), ("read", "reads"),
    ("write", "writes"), ("show", "shows"), ("mark", "marks"), ("report", "reports"),
    ("skip", "skips"), ("replace", "replaces"), ("compare", "compares"), ("store", "stores"),
    ("track", "tracks"), ("follow", "follows"), ("describe", "describes"), ("list", "lists"),
    ("copy", "copies"), ("open", "opens"), ("save", "saves"), ("send", "sends"),
    ("find", "finds"), ("fix", "fixes"), ("ship", "ships"), ("test", "tests"),
)  # fmt: skip
ADJECTIVES = (
    "new", "old", "small", "large", "careful", "quick", "stable", "fuzzy", "obsolete", "local",
    "remote", "shared", "empty", "complete", "partial", "current", "previous", "next", "main",
    "default", "optional", "required", "simple", "detailed", "public", "private", "weekly",
    "daily", "final", "early", "clear", "exact", "short", "long", "plain", "rich", "safe",
)  # fmt: skip
ADVERBS = (
    "quickly", "carefully", "usually", "always", "often", "rarely", "automatically", "safely",
    "again", "later", "first", "only", "already", "still", "easily", "clearly",
)  # fmt: skip
PREPOSITIONS = ("in", "from", "to", "with", "for", "on", "after", "before", "under", "beside")
OPENERS = (
    "In most projects,", "After each release,", "By default,", "When the source changes,",
    "For every locale,", "Before you start,", "In practice,", "On a busy week,",
    "Once a day,", "If nothing changed,", "As a rule,", "Where possible,",
)  # fmt: skip
CODE_WORDS = (
    "pipeline.yaml", "--locale", "msgfmt", "build()", "source/", "locales/", "--fail-under",
    "make test", "LC_MESSAGES", "manifest.json", "git diff", "utf-8", "--check", "bundles/",
    "update", "PO-Revision-Date", "run()", "--format json", "msgid", "msgstr",
)  # fmt: skip
HASHTAGS = ("#release", "#i18n", "#docs", "#l10n", "#help", "#beta", "#weekly", "#fix")
LANGUAGES = ("python", "yaml", "bash", "json")


def noun_phrase(rng: random.Random) -> str:
    """ "the careful reviewer", "a catalog", "every new locale"."""
    det = rng.choice(("the", "the", "a", "each", "every", "this", "your"))
    words = [rng.choice(ADJECTIVES)] if rng.random() < 0.5 else []
    words.append(rng.choice(NOUNS))
    if det == "a" and words[0][0] in "aeiou":
        det = "an"
    return " ".join([det, *words])


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


def capitalized(text: str) -> str:
    """`text` with its first letter upper-cased, unless it opens with code."""
    if text.startswith("`"):
        return text
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def number(rng: random.Random) -> str:
    """A number as documentation writes it, always followed by a word (never ends a sentence)."""
    value = rng.choice(
        (
            str(rng.randint(2, 99)),
            f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}",
            f"{rng.randint(1, 99)}%",
            f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
        )
    )
    return f"{value} {plural(rng.choice(NOUNS))}"


def decorated(phrase: str, rng: random.Random) -> str:
    """Wrap a phrase in inline Markdown now and then: emphasis, bold, a link or code."""
    roll = rng.random()
    if roll < 0.06:
        return f"**{phrase}**"
    if roll < 0.12:
        return f"*{phrase}*"
    if roll < 0.17:
        slug = phrase.split()[-1]
        return f"[{phrase}](https://example.org/docs/{slug}.html)"
    if roll < 0.22:
        return f"`{rng.choice(CODE_WORDS)}`"
    return phrase


def sentence(rng: random.Random, markup: bool = True) -> str:
    """One sentence of 8-25 words with the occasional number, hashtag or inline markup."""

    def decorate(phrase: str, rng: random.Random) -> str:
        return decorated(phrase, rng) if markup else phrase

    subject = decorate(noun_phrase(rng), rng)
    verb = rng.choice(VERBS)[1]
    parts = [subject, verb, decorate(noun_phrase(rng), rng)]
    if rng.random() < 0.4:
        parts.insert(1, rng.choice(ADVERBS))
    if rng.random() < 0.6:
        parts += [rng.choice(PREPOSITIONS), decorate(noun_phrase(rng), rng)]
    if rng.random() < 0.25:
        parts += ["with", number(rng)]
    if rng.random() < 0.3:
        parts += ["and", rng.choice(VERBS)[1], decorate(noun_phrase(rng), rng)]
    if rng.random() < 0.3:
        parts = [rng.choice(OPENERS), *parts]
    if markup and rng.random() < 0.06:
        parts.append(rng.choice(HASHTAGS))
    return capitalized(" ".join(parts)) + "."


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
    """Several sentences on one line; the renderer wraps them."""
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def title(rng: random.Random, words: tuple[int, int] = (2, 6)) -> str:
    """A heading or title: a few capitalized words, sometimes with `code`."""
    count = rng.randint(*words)
    pool = [rng.choice(ADJECTIVES + NOUNS) for _ in range(count - 1)]
    pool.insert(0, rng.choice(VERBS)[0])
    text = " ".join(pool)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.1:
        text += f" with `{rng.choice(CODE_WORDS)}`"
    return text


def plain_title(rng: random.Random) -> str:
    """A title without Markdown, safe as a plain YAML scalar."""
    text = " ".join(rng.choice(ADJECTIVES + NOUNS) for _ in range(rng.randint(3, 6)))
    return text[0].upper() + text[1:]


def phrase(rng: random.Random) -> str:
    """A short table cell or list item: a noun phrase with an optional verb phrase."""
    text = decorated(noun_phrase(rng), rng)
    if rng.random() < 0.5:
        text += f" {rng.choice(VERBS)[1]} {noun_phrase(rng)}"
    return capitalized(text)


def edit(text: str, rng: random.Random) -> str:
    """A small edit, as writers make them: one plain word replaced or one word added."""
    words = text.split(" ")
    plain = [i for i, word in enumerate(words) if word.isalpha() and word.islower()]
    if not plain:
        return text + " " + rng.choice(ADVERBS)
    index = rng.choice(plain)
    if rng.random() < 0.5:
        words[index] = rng.choice(ADJECTIVES + NOUNS)
    else:
        words.insert(index, rng.choice(ADVERBS))
    return " ".join(words)


def code(rng: random.Random) -> tuple[str, str]:
    """A fenced code block's language and body (never extracted)."""
    language = rng.choice(LANGUAGES)
    lines = []
    for _ in range(rng.randint(2, 8)):
        name = rng.choice(NOUNS)
        value = rng.randint(0, 999)
        lines.append(
            {
                "python": f"{name} = build_{rng.choice(NOUNS)}({value})",
                "yaml": f"{name}: {value}",
                "bash": f"pipeline --config {name}.yaml {rng.choice(VERBS)[0]}",
                "json": f'  "{name}": {value},',
            }[language]
        )
    return language, "\n".join(lines)
