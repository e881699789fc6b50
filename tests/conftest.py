"""Shared fixtures: a temp working folder with seeds, and ways to drive the real CLI.

Everything a test reads is in tests/ or made by the test: nothing outside the
repository. The CLI runs in-process (`run_briefing`) unless a separate process
is the point (`run_process`: kills, locks, signals, the scheduler).
"""

from __future__ import annotations

import contextlib
import re
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"
# A long article written for these tests (about 40 sentences).
LONG_ARTICLE = DATA / "long-article.txt"


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def run_briefing(*args: str, cwd: Path, env: dict | None = None, **_: object) -> Result:
    """Run the CLI in this process, as `briefing ARGS` would run in `cwd`."""
    from click.testing import CliRunner

    from briefing.cli import main

    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False, prog_name="briefing")
    finally:
        os.chdir(previous)
    return Result(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, cwd: Path, timeout: float = 120, env: dict | None = None) -> Result:
    """Run the installed CLI as a user would: a separate process in `cwd`."""
    completed = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working folder holding a copy of the shipped sample seeds, old enough to be settled."""
    shutil.copytree(SAMPLE_SEEDS, tmp_path / "seeds")
    age_files(tmp_path / "seeds")
    return tmp_path


@pytest.fixture
def empty_workdir(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    return tmp_path


def stop_a_rebuild_midway(folder: Path, day: str, monkeypatch) -> None:
    """`briefing run --rebuild` in `folder`, failing as it writes out/ (a disk error): every day is left pending."""
    import errno

    import briefing.pipeline.run as run_module

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patched:
        patched.setattr(run_module, "publish_days", fail)
        assert run_briefing("run", "--date", day, "--rebuild", cwd=folder).code != 0


def refuse_looking_inside(folder: Path, monkeypatch) -> None:
    """Every look inside `folder` (stat, lstat, open) refused, as the kernel refuses a user a folder of another's
    of mode 0700; root ignores modes, so the refusal is injected."""
    import errno

    def refusing(real):
        def look(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(f"{folder}{os.sep}"):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)
        return look

    for name in ("stat", "lstat", "open"):
        monkeypatch.setattr(os, name, refusing(getattr(os, name)))


def age_files(folder: Path, seconds: float = 60) -> None:
    """Backdate files so the run does not wait to see whether they are still being written."""
    past = os.path.getmtime(folder) - seconds
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (past, past))


def write_seed(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    age_files(folder)
    return path


def article_text(topic: str, sentences: int = 8) -> str:
    """A made-up article about `topic`: distinct sentences, and words of its own.

    Apart from a few function words, every word is made up by a generator
    seeded with the topic, so articles on different topics share no content
    words and are never taken for reports of the same event.
    """
    import random

    pick = random.Random(topic)

    def word() -> str:
        return "".join(pick.choice("bdfgklmnprstvz") + pick.choice("aeiou") for _ in range(pick.randint(2, 4)))

    words = [word() for _ in range(12)]
    lines = []
    for n in range(sentences):
        lines.append(
            f"The {words[n % 12]} {words[(n + 3) % 12]} said the {topic} {words[(n + 5) % 12]} "
            f"was {words[(n + 7) % 12]} after {n + 2} {words[(n + 1) % 12]} and {pick.randint(3, 900)} {word()}."
        )
    return f"{topic.capitalize()} made news again today in the capital\n\n" + " ".join(lines) + "\n"


def render_page(renderer, briefing, markdown_text: str, **options) -> str:
    """The HTML page of a briefing from its Markdown, as a run makes it."""
    from briefing.publish.html import markdown_to_safe_html

    return renderer.page(briefing.day, len(briefing.stories), markdown_to_safe_html(markdown_text), **options)


@contextlib.contextmanager
def deep_folders(parent: Path, depth: int):
    """`depth` nested folders "d/d/d/..." under `parent`, made and removed one level at a time.

    Deeper than Python's recursion limit: pathlib and shutil.rmtree would
    recurse once per level, so both the making and the cleaning up iterate.
    """
    fds = [os.open(parent, os.O_RDONLY)]
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        yield fds[-1]
    finally:
        while len(fds) > 1:
            innermost = fds.pop()
            for name in os.listdir(innermost):
                os.unlink(name, dir_fd=innermost)
            os.close(innermost)
            os.rmdir("d", dir_fd=fds[-1])
        os.close(fds[0])


# A story given in full is a `##` heading with its anchor; the rest of the day
# is one line each under "Also today".
FULL_STORY = re.compile(r"^## (.+?) \{#(story-[0-9a-f]+)(?: lang=[a-z]+)?\}$", re.M)
ONE_LINE_STORY = re.compile(r"^- \*\*(?:\[(.+?)\]\(\S+?\)|(.+?))\*\*(?: · |: )", re.M)  # with its sources, if named


def recorded_run_started(config):
    """When the latest run started, None while none has, or while a run holds the store to write it: a test
    polls beside the scheduler's run without the run lock the scheduler itself reads it under, and on a loaded
    machine waited out SQLite's five seconds ("database is locked")."""
    from briefing.errors import OutputError
    from briefing.pipeline import last_run_started

    try:
        return last_run_started(config)
    except OutputError as error:
        if "database is locked" not in str(error):
            raise
        return None


def story_titles(markdown_text: str) -> list[str]:
    """The title of every story in a briefing's Markdown: those in full, then the one-line ones."""
    full = [title for title, _ in FULL_STORY.findall(markdown_text)]
    return full + [linked or plain for linked, plain in ONE_LINE_STORY.findall(markdown_text)]


@pytest.fixture
def server():
    """A news site on 127.0.0.1 (tests/feedsite.py): add routes, read the requests it saw."""
    from feedsite import NewsSite

    site = NewsSite()
    yield site
    site.close()
