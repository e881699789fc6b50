"""Text built to make a pattern try every way: a seed or a feed of 100 KB is read at once.

Each shape below took a pattern from 10 to 30 seconds at 100 KB (and grew as the square of its size: a seed of
the 5 MB a run reads took hours), through the same entry points a run uses. Together they are read here in
well under a second; the bound is loose (shared machines), the old times far above it.
"""

from __future__ import annotations

import time
from pathlib import Path

from briefing.config import load_config
from briefing.errors import SeedError
from briefing.ingest.readers import read_article
from briefing.summarize.article import summarize_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BODY = (SEEDS / "harbour-bridge-reopens.txt").read_text(encoding="utf-8").partition("\n")[2]
SIZE = 100_000


def read(name: str, text: str):
    return read_article(Path(name), text.encode(), seed_id=name, warn=lambda _: None, note=lambda _: None)


def test_hostile_runs_in_markdown_scripts_feeds_and_sentences_are_read_at_once(tmp_path):
    from briefing.ingest.fetch.feeds import parse_feed

    started = time.perf_counter()
    # A table's row of dashes followed by a run of spaces that fails it at its end (two runs split it every way).
    table = read("table.md", f"# Bridge\n\n{BODY}\n\na | b\n|-{' ' * SIZE}x\n\nThe end of the story is here.\n")
    # A run of spaces and tabs in a paragraph of a text with a footnote (the mark's pattern begun at each space).
    spaces_and_tabs = " \t" * (SIZE // 2)
    footnote = read("note.md", f"# Bridge\n\n{BODY}\n\nThe council met{spaces_and_tabs}x today.[^1]\n\n[^1]: A note.\n")
    # A run of "a." before a cry (a name written with "!" begun at each letter).
    cry = read("cry.txt", f"Bridge\n\n{BODY}\n\n{'a.' * (SIZE // 2)} Wow!\n")
    summary = summarize_article(cry, load_config(cwd=tmp_path).summary)
    # A script's string never closed, of escaped quotes (read again from each of them).
    unclosed = '"\\' * (SIZE // 2)  # "\"\"\ ...
    page = ("<html><head><title>Tram news</title></head><body><h1>Tram news</h1><p>Loading the tram story.</p>"
            f"<script>var s = {unclosed};</script></body></html>")
    try:
        read("page.html", page)
    except SeedError:
        pass  # (too short to summarise: what matters is how long it took to say so)
    # An RSS author of a name and a run of spaces (its lazy name tried every end).
    feed = parse_feed(('<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><link>https://ex.org/</link>'
                       f"<item><title>T</title><link>https://ex.org/a</link><author>a{' ' * SIZE}b</author></item>"
                       "</channel></rss>").encode(), url="https://ex.org/feed")
    assert time.perf_counter() - started < 10.0
    # Each was read as it should be, too.
    assert "The end of the story is here." in table.paragraphs
    assert any(p.startswith("The council met") and "[^1]" not in p for p in footnote.paragraphs)
    assert summary.sentences
    assert len(feed.entries) == 1


def test_a_scripts_strings_are_paired_as_a_script_writes_them():
    # Read once (above), and still paired: a quote in a string in single quotes, a regular expression or a comment
    # leaves the strings after it read as they are; a short string is passed over; JSON's escapes are read.
    from briefing.ingest.pagefacts import script_prose_words

    sentence = "The council met on Monday to vote on the new budget for the harbour."  # 14 words
    for script in ('{"a": "%s", "b": "x"}', "var q = 'say \"hi'; var p = \"%s\";", 'var r = /"/g; var s = "%s";',
                   '// the "quote\nvar s = "%s";', 'var s = "\\u003cp\\u003e%s\\u003c/p\\u003e";'):
        assert script_prose_words(f"<script>{script % sentence}</script>") == 14, script
    assert script_prose_words(f'<script>var s = "{sentence * 300}";</script>') == 0  # (past 20,000 characters)
