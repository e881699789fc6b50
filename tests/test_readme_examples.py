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
    (tmp_path / "certs" / "company-ca.pem").write_text("", encoding="utf-8")  # the file the email example names
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
