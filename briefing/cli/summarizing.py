"""`briefing summarize`: any files summarised, alone or as one story, printed as text or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import BriefingError
from ..languages import sentences_joined
from ..text import json_line, printable
from .failing import _say_to_stderr
from .options import _config, _length_options, _Path

if TYPE_CHECKING:
    from ..config import Config


@click.command(short_help="Print the summary and key points of any files.")
@click.argument("files", nargs=-1, required=True, type=_Path(dir_okay=False))
@_length_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file, one per line.")
@click.option("--order", type=click.Choice(["article", "rank"]), default="article", show_default=True,
              help="List summary sentences in article order or best first.")
@click.option("--story", "as_story", is_flag=True,
              help="Summarise the files together, as one story of several reports (as the briefing does).")
@click.pass_context
def summarize(ctx: click.Context, files: tuple[Path, ...], as_json: bool, order: str, as_story: bool,
              **_: Any) -> None:
    """Summarise files and print the result; the state and briefings are not touched.

    --json prints one object per file: path, title and where it came from
    (title_from: front matter, heading, first line, file name, html or sidecar),
    language, language_known (false: in no supported language, summarised
    with the default's tools), source, url, published, author, summary,
    sentences (text, score, rank, position), key_points and algorithm.

    --story summarises the files as reports of one event: one summary chosen
    across them, each sentence marked with the report it comes from. With
    --json: one object with title, reports (path, title, source, url,
    published, language, language_known), summary and key_points (each:
    text, path).

    \b
    Examples:
        briefing summarize article.txt --sentences 2 --json
        briefing summarize --story reports/*.html --words 100
    """
    from ..pipeline import summarize_file

    config = _config(ctx)
    if as_story:
        _summarize_story(files, config, as_json)
        return
    failed = 0
    for path in files:
        try:
            summary = summarize_file(path, config, for_stories=False)  # (it prints no terms nor candidates)
        except BriefingError as error:
            _say_to_stderr(f"briefing: skipped {printable(str(path))}: {error}")
            failed += 1
            continue
        sentences = sorted(summary.sentences, key=lambda s: s.rank) if order == "rank" else summary.sentences
        if as_json:
            from ..publish.markdown_text import safe_url  # (the address as a page links it)

            article = summary.article
            click.echo(json_line({
                "path": str(path),
                "title": article.title,
                "title_from": article.title_from,
                "language": summary.language,
                "language_known": summary.language_known,
                "source": article.source,
                "url": safe_url(article.url),
                "published": article.published,
                "author": article.author,
                "summary": [s.text for s in sentences],
                "sentences": [{"text": s.text, "score": s.score, "rank": s.rank, "position": s.position} for s in sentences],
                "key_points": list(summary.key_points),
                "algorithm": summary.algorithm,
            }))
        else:
            click.echo(f"{summary.article.title}\n")
            click.echo(sentences_joined(s.text for s in sentences) + "\n")
            for point in summary.key_points:
                click.echo(f"- {point}")
            click.echo()
    if failed:
        sys.exit(1)


def _summarize_story(files: tuple[Path, ...], config: Config, as_json: bool) -> None:
    from ..pipeline import summarize_story_files

    story, skipped = summarize_story_files(files, config)
    for path, reason in skipped:
        _say_to_stderr(f"briefing: skipped {printable(str(path))}: {reason}")
    if story is None:
        sys.exit(1)
    # Sourced.seed is the path as given: each sentence names the file it came from.
    number = {report.article.seed: n for n, report in enumerate(story.reports, start=1)}
    if as_json:
        from ..ingest.readers import seed_key
        from ..publish.markdown_text import safe_url

        # Each path as given, as without --story (a name's bytes that are no UTF-8 as JSON escapes), not as the
        # seed's key writes it.
        given = {seed_key(str(path)): str(path) for path in files}
        click.echo(json_line({
            "title": story.lead.article.title,
            "reports": [{"path": given.get(r.article.seed, r.article.seed), "title": r.article.title,
                         "source": r.article.source, "url": safe_url(r.article.url), "published": r.article.published,
                         "language": r.language or r.article.lang, "language_known": r.language_known}
                        for r in story.reports],
            "summary": [{"text": s.text, "path": given.get(s.seed, s.seed)} for s in story.summary],
            "key_points": [{"text": p.text, "path": given.get(p.seed, p.seed)} for p in story.key_points],
        }))
    else:
        marked = len(story.reports) > 1
        click.echo(f"{story.lead.article.title}\n")
        click.echo(sentences_joined(s.text + (f" [{number[s.seed]}]" if marked else "") for s in story.summary) + "\n")
        for point in story.key_points:
            click.echo(f"- {point.text}" + (f" [{number[point.seed]}]" if marked else ""))
        click.echo()
        for report in story.reports:
            source = f" ({report.article.source})" if report.article.source else ""
            click.echo(f"[{number[report.article.seed]}] {printable(report.article.seed)}: {report.article.title}{source}")
    if skipped:
        sys.exit(1)
