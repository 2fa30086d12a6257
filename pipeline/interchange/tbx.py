"""Glossaries -> one TBX file (ISO 30042, TBX-Basic, DCA style) for CAT tools' termbases.

Each English term is a `<conceptEntry>` with a `<langSec>` for English and for each locale that
has it. A preferred translation is `preferredTerm-admn-sts`, a forbidden one
`deprecatedTerm-admn-sts`; a do-not-translate term is the English term with the note
`Translation needed: No` (what Weblate reads). Other notes go along. `checks/glossary.py`
reads the same shape back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from pipeline.checks.glossary import DO_NOT_TRANSLATE, FORBIDDEN, NOT_NEEDED, Term
from pipeline.locales import describe_locale
from pipeline.xmltree import escape_attribute as attr
from pipeline.xmltree import escape_text as text

NS = "urn:iso:std:iso:30042:ed-2"
STATUS = {FORBIDDEN: "deprecatedTerm-admn-sts"}
PREFERRED_STATUS = "preferredTerm-admn-sts"


def render_tbx(terms: Mapping[str, Sequence[Term]]) -> str:
    """Locale -> terms, as one TBX document; concepts in the order terms first appear."""
    concepts: dict[str, list[tuple[str, Term]]] = {}
    for locale, found in terms.items():
        for term in found:
            concepts.setdefault(term.source.casefold(), []).append((locale, term))
    entries = "".join(_concept(items) for items in concepts.values())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{NS}">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>Glossary of the pipeline project</p></sourceDesc>"
        "</fileDesc></tbxHeader>\n"
        f"<text><body>\n{entries}</body></text>\n</tbx>\n"
    )


def _concept(items: list[tuple[str, Term]]) -> str:
    source = items[0][1].source
    key = "c" + hashlib.sha256(source.casefold().encode("utf-8")).hexdigest()[:12]
    sections: dict[str, list[Term]] = {}
    for locale, term in items:
        sections.setdefault(describe_locale(locale).tag, []).append(term)
    english = _term_section(source, PREFERRED_STATUS, "")
    langs = "".join(
        f'<langSec xml:lang="{attr(tag)}">\n'
        + "".join(
            _term_section(
                t.translation,
                STATUS.get(t.status, PREFERRED_STATUS),
                NOT_NEEDED if t.status == DO_NOT_TRANSLATE else t.note,
            )
            for t in found
        )
        + "</langSec>\n"
        for tag, found in sections.items()
    )
    return (
        f'<conceptEntry id="{key}">\n<langSec xml:lang="en">\n{english}</langSec>\n'
        f"{langs}</conceptEntry>\n"
    )


def _term_section(term: str, status: str, note: str) -> str:
    said = f"<note>{text(note)}</note>" if note else ""
    return (
        f"<termSec><term>{text(term)}</term>"
        f'<termNote type="administrativeStatus">{status}</termNote>{said}</termSec>\n'
    )
