"""The layout is the data flow: a stage imports shared modules and earlier stages only.

The import graph of `pipeline/` is read with `ast` (nothing is imported), so the rule holds for
every module, including ones no test runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pipeline

PACKAGE = Path(pipeline.__file__).parent
STAGES = ("extract", "update", "coverage", "checks", "bundles", "sites", "interchange")
"""One package per stage, in the order data flows through them."""
SHARED = (
    *("config", "config_edits", "config_values", "config_yaml", "errors", "files", "locales"),
    "json_pieces",
    *("pickling", "po", "po_header", "po_reader", "progress", "review", "runstate", "split"),
    *("text_cache", "words"),
    "xmltree",
)
"""Shared modules: any stage may import them, and they import no stage."""
ENTRY = ("cli", "commands", "__main__")
"""The command line (the group in `cli`, each command in `commands/`) runs every stage, so it
alone may import them all."""

Import = tuple[str, int, str]
"""(importing module's path, line, imported module), e.g. ("extract/sources.py", 3, "pipeline.po")."""


def imports_of(package: Path) -> Iterator[Import]:
    """Every `pipeline...` import in the package, with the module each one names."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        where = path.relative_to(package).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield where, node.lineno, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    # `from pipeline.checks import content` names a module; `import x` a name.
                    yield where, node.lineno, f"{node.module}.{alias.name}"


def owner(module: str) -> str | None:
    """The stage, shared module or entry point a `pipeline.x.y` name belongs to (None: outside)."""
    parts = module.split(".")
    if parts[0] != "pipeline":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in (*STAGES, *SHARED, *ENTRY) else "pipeline"


def violations(found: Iterable[Import]) -> list[str]:
    """`path:line: what is wrong` for each import that runs against the data flow."""
    wrong = []
    for where, line, module in found:
        importer = where.split("/")[0].removesuffix(".py")
        target = owner(module)
        if target is None or target == importer or importer in ENTRY:
            continue
        if importer in STAGES and target in STAGES:
            if STAGES.index(target) > STAGES.index(importer):
                wrong.append(f"{where}:{line}: {importer} imports {module}, a later stage")
        elif target in STAGES:
            wrong.append(f"{where}:{line}: shared module {importer} imports stage {module}")
        elif target in ENTRY:
            wrong.append(f"{where}:{line}: {importer} imports {module}; only the CLI may")
    return wrong


def test_no_module_imports_against_the_data_flow() -> None:
    assert violations(imports_of(PACKAGE)) == []


def test_every_module_is_a_stage_or_shared() -> None:
    top = {p.name.removesuffix(".py") for p in PACKAGE.iterdir() if p.suffix == ".py" or p.is_dir()}
    known = {*STAGES, *SHARED, *ENTRY, "__init__", "schemas", "__pycache__"}
    assert sorted(top - known) == []


def test_stage_packages_have_empty_init_files() -> None:
    inits = {p.parent.name: p.read_text("utf-8") for p in PACKAGE.glob("*/__init__.py")}
    assert set(inits) <= {*STAGES, "commands"}
    assert {name: text for name, text in inits.items() if text} == {}


def test_the_rule_catches_a_stage_importing_a_later_one() -> None:
    found = [
        ("extract/templates.py", 7, "pipeline.bundles.build.write_bundles"),
        ("bundles/build.py", 9, "pipeline.extract.sources.Source"),
        ("po.py", 4, "pipeline.update.headers.EMPTY"),
        ("coverage/counts.py", 5, "pipeline.cli.main"),
        ("cli.py", 3, "pipeline.interchange.xliff"),
        ("commands/xliff.py", 3, "pipeline.interchange.xliff"),
        ("sites/build.py", 6, "pipeline.commands.build.run_sites"),
    ]
    assert violations(found) == [
        "extract/templates.py:7: extract imports pipeline.bundles.build.write_bundles, a later stage",
        "po.py:4: shared module po imports stage pipeline.update.headers.EMPTY",
        "coverage/counts.py:5: coverage imports pipeline.cli.main; only the CLI may",
        "sites/build.py:6: sites imports pipeline.commands.build.run_sites; only the CLI may",
    ]
