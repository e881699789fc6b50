"""The folder tree is the pipeline: phases never import each other; only the pipeline package imports them all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"
PHASES = ("ingest", "summarize", "compose", "publish")
# The orchestrators: the pipeline package runs the phases in order; the CLI and the scheduler call it.
ORCHESTRATORS = ("pipeline", "schedule", "cli", "__init__")
# What every module may lean on: the values, the errors, and leaf helpers.
SHARED = {"models", "errors", "text", "hosts", "textrules", "languages", "config", "datelines", "facts"}


def briefing_imports(path: Path) -> set[str]:
    """The briefing modules a file imports, as dotted names relative to the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[: len(here) - (node.level - 1)])
            module = [*base, *(node.module.split(".") if node.module else [])]
            if node.module is None:
                found |= {".".join([*module, alias.name]) for alias in node.names}
            else:
                found.add(".".join(module))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found |= {name.removeprefix("briefing.") for name in names if name.startswith("briefing.")}
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_toward_the_shared_modules(path):
    name = path.relative_to(PACKAGE).with_suffix("")
    phase = name.parts[0] if len(name.parts) > 1 and name.parts[0] in PHASES else None
    for imported in briefing_imports(path):
        top = imported.split(".")[0]
        if phase is not None:
            # A phase uses its own modules and the shared ones, never another phase.
            assert top == phase or top in SHARED, f"{name} imports {imported}"
        elif name.parts[0] not in ORCHESTRATORS:
            assert top not in PHASES, f"{name} imports the phase {imported}"


def test_only_the_orchestrators_import_the_pipeline():
    importers = {path.relative_to(PACKAGE).with_suffix("").parts[0] for path in modules()
                 if path.parent.name != "pipeline"
                 and any(imported.split(".")[0] == "pipeline" for imported in briefing_imports(path))}
    assert importers <= {"cli", "schedule", "__init__"}  # (cli/ is a package: any of its modules)


@pytest.mark.parametrize("package", ["pipeline", "state", "cli", "textrules", "config"])
def test_the_shared_packages_are_made_of_small_modules(package):
    files = list((PACKAGE / package).glob("*.py"))
    assert len(files) > 1
    for path in files:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, f"{path.name} is growing thick"


def test_the_modules_beside_the_phases_are_small():
    for path in PACKAGE.glob("*.py"):  # (text.py grew past the line unseen)
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, f"{path.name} is growing thick"


def test_every_phase_is_a_folder_of_small_modules():
    for phase in PHASES:
        files = list((PACKAGE / phase).rglob("*.py"))  # sub-folders of a phase (ingest/fetch/) too
        assert files, phase
        for path in files:
            assert len(path.read_text(encoding="utf-8").splitlines()) < 400, f"{path.name} is growing thick"


def third_party_imports(path: Path) -> set[str]:
    """The top-level names of the absolute imports in a file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("library, home", [
    ("httpx", "ingest/fetch/http.py"),
    ("httpcore", "ingest/fetch/http.py"),
    ("protego", "ingest/fetch/http.py"),
    ("feedparser", "ingest/fetch/feeds.py"),
    ("yaml", "ingest/frontmatter.py"),
    ("trafilatura", "ingest/pages.py"),
    ("lxml", "ingest/pagefacts.py"),
    ("msgspec", "state/records.py"),
])
def test_each_library_has_one_home(library, home):
    importers = {path.relative_to(PACKAGE).as_posix() for path in modules() if library in third_party_imports(path)}
    assert importers == {home}


def test_the_values_a_big_day_holds_by_the_ten_thousand_have_no_dictionary_each():
    """A day of 50,000 reports holds that many summaries and articles, and its stories' sentences: a
    dictionary each would be megabytes more (a sentence shown: 96 bytes with one, 56 without)."""
    from briefing import models
    from briefing.compose.grouping import ReportFeatures

    for value in (models.SeedFile, models.Article, models.Summary, models.ScoredSentence, models.Candidate,
                  models.Sourced, models.Story, ReportFeatures):
        assert "__slots__" in vars(value) and "__dict__" not in dir(value), value.__name__
