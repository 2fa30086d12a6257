"""Ten broken translations through `pipeline check`, pofilter and Weblate's checks: one table.

Not a test (no `test_` prefix): it needs translate-toolkit and, for Weblate's column, a venv with
Weblate installed. Run from the repository root:

    .venv/bin/python -m tests.compare_pofilter [--pofilter-python P] [--weblate-python W]

- pofilter: `python -m translate.filters.pofilter` with its default checks, run for real on a
  catalog of the ten entries per locale (`--language=LANG` so its language-aware checks apply). P
  defaults to the benchmark's peers venv (`.bench/peers-venv/bin/python`, where `make bench`
  installs translate-toolkit), else this Python.
- Weblate: its check classes (weblate.checks.*) called on each entry in W's Python, with Django
  configured bare and a stand-in unit, each check's own `should_skip` deciding whether it runs:
  once with no flags (Weblate's defaults), once with `md-text, safe-html`, the flags a project
  sets to turn on the Markdown and HTML checks, which are off by default (marked `*`). Without
  W those columns read "not run".

The ten entries are failing cases from tests/data/checks/cases/<locale>.po, by msgctxt.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.plurals import get_plural

from pipeline.checks.runner import Rules, check_catalog
from pipeline.checks.table import CHECKS
from pipeline.po import Catalog, Message, render_po
from pipeline.po_reader import read_po

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "checks" / "cases"
# (locale, case msgctxt, what is broken, the peers' checks that are about that problem): a
# peer "catches" a break when one of those fires; its other findings on the entry are noise.
BROKEN = [
    ("ko", "links: fail", "link target changed", {"urls", "md-link"}),
    ("ja", "numbers: fail", "55156 typed in full-width digits", {"numbers"}),
    ("zh_Hans", "emphasis: fail", "`**“…”**`: bold that does not parse", {"md-syntax"}),
    ("ta", "hashtags: fail", "hashtag transliterated", set()),
    ("ml", "unsafe-url: fail", "link target made `file:///etc/passwd`", {"urls", "md-link"}),
    ("ml", "html: fail", "`<script>` added", {"xmltags", "xml-tags", "safe-html"}),
    ("ko", "handles: fail", "@handle misspelled", set()),
    ("zh_Hans", "code: fail", "inline code translated", {"md-syntax"}),
    ("ta", "orphan-mark: fail", "vowel sign typed before its consonant", set()),
    ("ja", "cjk-punctuation: fail", "ASCII `,` in Japanese", {"puncspacing", "endpunc"}),
]
Entries = list[tuple[str, Message, str, set[str]]]

WEBLATE = r"""
import json, sys, importlib
import django
from django.conf import settings
LISTED = {
    "same": ["SameCheck"],
    "chars": ["BeginNewlineCheck", "EndNewlineCheck", "BeginSpaceCheck", "EndSpaceCheck",
              "DoubleSpaceCheck", "EndStopCheck", "EndColonCheck", "EndQuestionCheck",
              "EndExclamationCheck", "EndInterrobangCheck", "EndEllipsisCheck", "EndSemicolonCheck",
              "KashidaCheck", "PunctuationSpacingCheck", "EscapedNewlineCountingCheck",
              "NewLineCountCheck", "ZeroWidthSpaceCheck"],
    "markup": ["BBCodeCheck", "XMLValidityCheck", "XMLTagsCheck", "MarkdownRefLinkCheck",
               "MarkdownLinkCheck", "MarkdownSyntaxCheck", "URLCheck", "SafeHTMLCheck"],
}
settings.configure(
    INSTALLED_APPS=[], USE_I18N=False,
    CHECK_LIST=[f"weblate.checks.{m}.{c}" for m, names in LISTED.items() for c in names],
)
django.setup()
from weblate.checks.base import TargetCheck

class Flags(set):  # what the checks ask of weblate.checks.flags.Flags (which needs a database)
    def has_value(self, name): return name in self
    def has_any(self, names): return bool(self & set(names))
    def get_value(self, name): return None
    def format(self): return ", ".join(sorted(self))

class Language:
    def __init__(self, code): self.code = code; self.base_code = code.split("_")[0]
    def is_base(self, codes): return self.base_code in codes
    def is_cjk(self): return self.base_code in {"ja", "zh", "ko"}
class Translation:
    def __init__(self, code):
        self.language = Language(code)
        self.plural = None
        self.component = type("C", (), {"source_language": Language("en")})()
class Unit:
    def __init__(self, source, target, code, flags):
        self.source, self.target, self.context, self.note, self.explanation = source, target, "", "", ""
        self.all_flags = Flags(flags)
        self.translation = Translation(code)
        self.readonly, self.state, self.check_cache = False, 20, {}
        self.source_string = source

    def get_source_plurals(self):
        return [self.source]

    def get_target_plurals(self):
        return [self.target]

checks = [getattr(importlib.import_module(f"weblate.checks.{m}"), c)() for m, names in LISTED.items() for c in names]
results, errors = [], set()
given = json.load(sys.stdin)
for source, target, code in given["entries"]:
    unit = Unit(source, target, code, given["flags"])
    found = []
    for check in checks:
        try:
            hit = not check.should_skip(unit) and check.check_single(source, target, unit)
        except Exception as error:  # a check needing a real database: said once, not counted
            errors.add(f"weblate {check.check_id}: {type(error).__name__}: {error}")
            continue
        if hit:
            found.append(check.check_id + ("*" if check.default_disabled else ""))
    results.append(sorted(set(found)))
json.dump(results, sys.stdout)
print("\n".join(sorted(errors)), file=sys.stderr)
"""


def load_cases() -> Entries:
    entries = []
    for locale, context, what, relevant in BROKEN:
        messages = {m.msgctxt: m for m in read_po(CASES / f"{locale}.po").messages}
        entries.append((locale, messages[context], what, relevant))
    return entries


def header_message(locale: str) -> Message:
    fields = {"Language": locale, "Content-Type": "text/plain; charset=UTF-8"}
    fields["Plural-Forms"] = get_plural(locale).plural_forms
    return Message("", "".join(f"{key}: {value}\n" for key, value in fields.items()))


def run_ours(entries: Entries) -> list[list[str]]:
    rules = Rules({name: check.severity for name, check in CHECKS.items()})
    found = []
    for locale, message, _, _ in entries:
        catalog = Catalog(header_message(locale), (message,))
        found.append(sorted({f.check for f in check_catalog(catalog, Path("x.po"), locale, rules)}))
    return found


def run_pofilter(python: str, entries: Entries) -> list[list[str]]:
    """One catalog per entry, so that each result maps back to its entry."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for index, (locale, message, _, _) in enumerate(entries):
            source = Path(folder) / f"{index}.po"
            source.write_text(render_po(Catalog(header_message(locale), (message,))), "utf-8")
            output = Path(folder) / f"{index}.out.po"
            command = [python, "-m", "translate.filters.pofilter", "--progress=none"]
            command += [
                f"--language={locale.partition('_')[0]}",
                "-i",
                str(source),
                "-o",
                str(output),
            ]
            subprocess.run(command, check=True, capture_output=True)
            text = output.read_text("utf-8") if output.exists() else ""
            found.append(sorted(set(re.findall(r"^# \(pofilter\) ([\w-]+):", text, re.M))))
    return found


def run_weblate(python: str | None, entries: Entries, flags: list[str]) -> list[list[str]] | str:
    """Each entry's failing checks, or why there are none to show ("not run", "failed")."""
    if python is None or not Path(python).exists():
        return "not run"
    payload = {"entries": [(m.msgid, m.msgstr, loc) for loc, m, _, _ in entries], "flags": flags}
    result = subprocess.run(
        [python, "-c", WEBLATE], input=json.dumps(payload), capture_output=True, text=True
    )
    sys.stderr.write(result.stderr)
    if result.returncode:
        return "failed"
    found: list[list[str]] = json.loads(result.stdout)
    return found


def cell(found: list[list[str]] | str, index: int, relevant: set[str]) -> str:
    """The checks that fired, those about the broken thing in bold."""
    if isinstance(found, str):
        return found
    names = [f"**{n}**" if n.rstrip("*") in relevant else n for n in found[index]]
    return ", ".join(names) or "—"


def caught(found: list[list[str]] | str, entries: Entries, ours: bool = False) -> str:
    if isinstance(found, str):
        return found
    hits = sum(
        1
        for names, (_, _, _, relevant) in zip(found, entries, strict=True)
        if (names if ours else {n.rstrip("*") for n in names} & relevant)
    )
    return f"{hits}/{len(entries)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    peers = ROOT / ".bench" / "peers-venv" / "bin" / "python"
    default = str(peers) if peers.exists() else sys.executable
    parser.add_argument("--pofilter-python", default=default)
    parser.add_argument("--weblate-python", default=None)
    options = parser.parse_args()
    entries = load_cases()
    columns = {
        "`pipeline check`": run_ours(entries),
        "pofilter": run_pofilter(options.pofilter_python, entries),
        "Weblate": run_weblate(options.weblate_python, entries, []),
        "Weblate + md-text, safe-html": run_weblate(
            options.weblate_python, entries, ["md-text", "safe-html"]
        ),
    }
    print(f"| # | locale | broken translation | {' | '.join(columns)} |")
    print("|" + " --- |" * (3 + len(columns)))
    for index, (locale, _, what, relevant) in enumerate(entries):
        cells = [
            cell(found, index, set(CHECKS) if name.startswith("`") else relevant)
            for name, found in columns.items()
        ]
        print(f"| {index + 1} | {locale} | {what} | {' | '.join(cells)} |")
    totals = [caught(found, entries, name.startswith("`")) for name, found in columns.items()]
    print(f"| | | **caught** | {' | '.join(totals)} |")


if __name__ == "__main__":
    main()
