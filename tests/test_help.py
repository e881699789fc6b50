import click
import pytest
from click.testing import CliRunner

from briefing.cli import main


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [(), *all_commands(main)])
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_end_to_end_in_a_process_of_its_own(workdir):
    """The smoke test: `python -m briefing` as a user runs it, on the shipped seeds."""
    from conftest import run_process

    version = run_process("--version", cwd=workdir)
    assert version.code == 0 and "briefing" in version.stdout
    result = run_process("run", "--date", "2026-11-25", cwd=workdir)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("2026-11-25: 5 seeds, 5 new;")
    assert {p.name for p in (workdir / "out").iterdir()} == {
        "2026-11-25.md", "2026-11-25.html", "2026-11-25.json", "index.html", "feed.xml"}


def test_cli_offers_every_algorithm_of_the_library():
    from briefing.config import ALGORITHMS

    (algorithm,) = [p for p in main.commands["summarize"].params if p.name == "algorithm"]
    assert tuple(algorithm.type.choices) == ALGORITHMS
