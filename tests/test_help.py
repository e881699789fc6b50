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


def test_python_dash_m_works(tmp_path):
    from conftest import run_briefing

    result = run_briefing("--version", cwd=tmp_path)
    assert result.code == 0 and "briefing" in result.stdout


def test_cli_offers_every_algorithm_of_the_library():
    from briefing.config import ALGORITHMS

    (algorithm,) = [p for p in main.commands["summarize"].params if p.name == "algorithm"]
    assert tuple(algorithm.type.choices) == ALGORITHMS
