"""The shipped seeds/, rendered into a temp folder, against committed expected files.

When output changes on purpose, regenerate the expected files and review the diff:

    BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from briefing.config import load_config
from briefing.pipeline import run_once
from conftest import SAMPLE_SEEDS, age_files

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
DAY = dt.date(2026, 11, 25)
# A fixed clock, so that the feed's dates are the same on every run.
NOW = dt.datetime(2026, 11, 25, 7, 30, tzinfo=dt.timezone.utc)
CONFIG = """\
timezone = "Europe/London"
[site]
title = "Daily briefing"
url = "https://news.example.org/briefing/"
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    shutil.copytree(SAMPLE_SEEDS, folder / "seeds")
    age_files(folder / "seeds")
    (folder / "briefing.toml").write_text(CONFIG)
    report = run_once(load_config(cwd=folder), day=DAY, now=NOW)
    assert report.new == len(list(SAMPLE_SEEDS.iterdir()))
    return folder / "out"


def expected_files() -> list[str]:
    return sorted(name for name in os.listdir(GOLDEN) if not name.startswith("."))


def test_the_same_files_are_written(rendered):
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        for name in expected_files():
            os.remove(os.path.join(GOLDEN, name))
        for path in rendered.iterdir():
            shutil.copy(path, os.path.join(GOLDEN, path.name))
    assert sorted(p.name for p in rendered.iterdir()) == expected_files()


@pytest.mark.parametrize("name", expected_files())
def test_each_file_is_as_expected(rendered, name):
    with open(os.path.join(GOLDEN, name), encoding="utf-8") as handle:
        expected = handle.read()
    assert (rendered / name).read_text(encoding="utf-8") == expected, (
        f"{name} differs from tests/golden/{name}; if the change is meant, update with "
        "BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py"
    )
