"""The README's briefing.toml examples are configs `briefing config check` accepts, as a user copies them."""

import re
from pathlib import Path

import pytest

from briefing.config import check_config

README = Path(__file__).resolve().parent.parent / "README.md"
SIDECAR = "# Metadata of the seed page"  # a seed's sidecar file, not a briefing.toml


def config_examples() -> list[str]:
    blocks = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return [block for block in blocks if not block.startswith(SIDECAR)]


def test_the_readme_has_its_config_examples():
    assert len(config_examples()) >= 5


@pytest.mark.parametrize("example", config_examples(), ids=lambda block: block.splitlines()[0][:40])
def test_each_config_example_passes_config_check(example, tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "certs").mkdir()
    import trustme  # the file the email example names: certificates in PEM form, as the config checks

    trustme.CA().cert_pem.write_to_path(str(tmp_path / "certs" / "company-ca.pem"))
    if "fetch = true" in example and "\n[[sources]]" not in example:
        # A [schedule] that fetches is shown alone; its comment says it needs [[sources]].
        example += '\n[[sources]]\nname = "Example"\nfeed = "https://news.example.org/feed.xml"\n'
    (tmp_path / "briefing.toml").write_text(example, encoding="utf-8")
    assert check_config(cwd=tmp_path) == []


def test_the_readme_sample_briefing_is_what_the_shipped_seeds_make():
    # The golden test renders the shipped seeds for this day; the README shows the start of it.
    text = README.read_text(encoding="utf-8")
    sample = re.search(r"\(`briefing run --date 2026-11-25`\):\n\n```markdown\n(.*?)\.\.\.\n```", text, re.S)
    assert sample is not None
    golden = (Path(__file__).resolve().parent / "golden" / "2026-11-25.md").read_text(encoding="utf-8")
    assert len(sample.group(1)) > 500 and golden.startswith(sample.group(1))


def _commands():
    """Every command of the CLI, with its name as typed: ("run", run), ("config show", show), ..."""
    import click

    from briefing.cli import main

    found = [("", main)]
    for name, command in main.commands.items():
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", subcommand) for sub, subcommand in command.commands.items()]
    return found


def test_every_command_and_option_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = []
    for name, command in _commands():
        if name and f"briefing {name}" not in text:
            missing.append(f"briefing {name}")
        for param in command.params:
            missing += [f"briefing {name} {opt}" for opt in param.opts
                        if opt.startswith("-") and not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text)]
    assert missing == []


def test_every_config_key_is_in_the_readme():
    # A key is documented as `section.name`, in a TOML example of its section, or in the [fetch] table.
    from briefing.config.delivery import _EMAIL_VALIDATORS
    from briefing.config.keys import _KEYS
    from briefing.config.sources import _SOURCE_KEYS

    text = README.read_text(encoding="utf-8")
    examples = "\n".join(re.findall(r"```toml\n(.*?)```", text, re.S))
    keys = [*_KEYS, *(f"delivery.email.{key}" for key in [*_EMAIL_VALIDATORS, "to", "security", "timeout", "enabled"]),
            *(f"sources.{key}" for key in _SOURCE_KEYS)]
    missing = [key for key in keys if f"`{key}`" not in text and f"`{key.rpartition('.')[2]}`" not in text
               and not re.search(rf"(^|[\s#:]){re.escape(key.rpartition('.')[2])} = ", examples, re.M)
               and f"[{key}]" not in examples]
    assert missing == []


def test_the_readme_summary_lines_are_what_a_run_prints():
    import datetime as dt

    from briefing.pipeline.report import RunReport

    text = README.read_text(encoding="utf-8")
    out = [Path("out") / name for name in ("2026-11-25.md", "2026-11-25.json", "2026-11-25.html", "index.html",
                                           "feed.xml")]
    run = RunReport(day=dt.date(2026, 11, 25), seeds=6, new=1, unchanged=5, files=tuple(out),
                    delivered=("2026-11-25",), seconds=0.4)
    # A removal that leaves a day with no article deletes its files, in the order a run names them.
    emptied = [Path("out") / name for name in ("2026-11-23.md", "2026-11-23.html", "2026-11-23.json")]
    removal = RunReport(day=dt.date(2026, 11, 25), seeds=6, unchanged=6, removed=(("only-story.txt", dt.date(2026, 11, 23)),),
                        files=tuple(out[3:]), deleted=tuple(emptied), seconds=0.2)
    for report in (run, removal):
        assert f"\n{report.summary_line()}\n" in text
