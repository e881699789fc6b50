"""Briefing -> Markdown and HTML text, and atomic writes into the output folder.

This is the only module that imports Jinja2, Python-Markdown and nh3.

Seed text is untrusted, and it passes through three languages on its way to a
reader: Jinja2, Markdown and HTML. It is never rendered *as* a template (it
only ever fills variables); it is escaped for Markdown before it enters the
Markdown (so it cannot make links, raw HTML or emphasis, nor trigger
Python-Markdown's slow paths); and the HTML that Python-Markdown makes is
cleaned with an allow-list sanitiser before it is placed in the page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import urllib.parse
from pathlib import Path

from .errors import OutputError, TemplateError
from .models import Briefing, Story
from .languages import language_code

MARKDOWN_TEMPLATE = "briefing.md.j2"
HTML_TEMPLATE = "briefing.html.j2"
WORDS_PER_MINUTE = 230


def builtin_templates() -> Path:
    """The templates shipped with briefing: inside the package when installed, else the repo's."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


# --- escaping -------------------------------------------------------------------

# Characters with a meaning anywhere in a line of Markdown: emphasis, code,
# links and images (no link can form without brackets), attr_list's braces, and
# hashes (which close headings). Escaped with a backslash, each shows as itself.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]#])")
# Block syntax that only means something at the start of a line: quotes, list
# items, numbered items, rules.
_MD_LINE_START = re.compile(r"^(>|[-+]|\d+(?=[.)]))")
# Python-Markdown has no backslash escape for `<` (raw HTML, autolinks) or for
# `&` (entities); written as entities they show as the character.
_MD_ENTITIES = {"<": "&lt;", "&": "&amp;"}


def md_escape(text: str) -> str:
    """Seed text -> Markdown that shows exactly that text, on one line."""
    text = " ".join(str(text).split())
    text = re.sub(r"[<&]", lambda m: _MD_ENTITIES[m.group()], text)
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None for anything else."""
    if not url:
        return None
    url = "".join(str(url).split())
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode what could end the link target or open markup.
    return urllib.parse.quote(url, safe="/:?#[]@!$&'*+,;=%~.-_")


def display_date(iso: str) -> str:
    """'2026-11-25T07:30:00+01:00' -> '25 Nov 2026, 07:30'; text that is no date is kept."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    text = f"{moment.day} {moment:%b %Y}"
    return text if len(iso) <= 10 else f"{text}, {moment:%H:%M}"


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def _story_view(story: Story, number: int) -> dict:
    """What the templates see of a story: every seed string already escaped for Markdown."""
    summary = story.summary
    article = summary.article
    sources = []
    for other in story.summaries:
        sources.append({
            "name": md_escape(other.article.source or other.article.title),
            "url": safe_url(other.article.url),
        })
    source = md_escape(article.source) if article.source else None
    url = safe_url(article.url)
    published = md_escape(display_date(article.published)) if article.published else None
    minutes = reading_minutes(article.word_count)
    byline = [f"[{source or 'Source'}]({url})" if url else source, published, f"{minutes} min read"]
    return {
        "anchor": f"story-{number}",
        "number": number,
        "title": md_escape(article.title),
        "source": source,
        "url": url,
        "published": published,
        "reading_minutes": minutes,
        "byline": " · ".join(part for part in byline if part),
        "tags": [md_escape(t) for t in article.tags],
        "summary": [md_escape(s.text) for s in summary.sentences],
        "key_points": [md_escape(p) for p in summary.key_points],
        "related": sources[1:],
    }


def briefing_view(briefing: Briefing) -> dict:
    day = briefing.day
    return {
        "day": day.isoformat(),
        "day_long": f"{day:%A} {day.day} {day:%B %Y}",
        "stories": [_story_view(story, n) for n, story in enumerate(briefing.stories, start=1)],
        "key_points": [md_escape(p) for p in briefing.key_points],
    }


# --- templates ------------------------------------------------------------------


class Renderer:
    """Renders briefings with the user's templates first, then the built-in ones."""

    def __init__(self, user_templates: Path | None = None) -> None:
        import jinja2

        self.search_path = [p for p in (user_templates, builtin_templates()) if p is not None]
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search_path]),
            # HTML templates escape every variable; the Markdown template's
            # variables arrive pre-escaped for Markdown by `briefing_view`.
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
            undefined=jinja2.StrictUndefined,
            # Markdown headings carry ids as `{#id}`, which is Jinja's comment
            # opener by default; template comments are `{## ... ##}` instead.
            comment_start_string="{##",
            comment_end_string="##}",
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _render(self, name: str, **context) -> str:
        import jinja2

        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateNotFound:
            searched = ", ".join(str(p) for p in self.search_path)
            raise TemplateError(f"template {name} not found; searched: {searched}") from None
        except jinja2.TemplateError as error:
            where = f" line {error.lineno}" if getattr(error, "lineno", None) else ""
            raise TemplateError(f"template {name}{where}: {error.message}") from None

    def markdown(self, briefing: Briefing) -> str:
        return self._render(MARKDOWN_TEMPLATE, **briefing_view(briefing))

    def html(self, briefing: Briefing, markdown_text: str, lang: str = "english") -> str:
        from markupsafe import Markup

        body = Markup(markdown_to_safe_html(markdown_text))
        view = briefing_view(briefing)
        return self._render(HTML_TEMPLATE, body=body, lang=language_code(lang),
                            day=view["day"], day_long=view["day_long"], story_count=len(briefing.stories))


# What may stay in the HTML made from the briefing's Markdown.
_ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "small", "strong", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}


def markdown_to_safe_html(markdown_text: str) -> str:
    """Markdown -> HTML, cleaned so that no markup from a seed can run or load anything."""
    import markdown
    import nh3

    html = markdown.markdown(markdown_text, extensions=["attr_list", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# --- writing --------------------------------------------------------------------


def briefing_paths(out_dir: Path, day: dt.date) -> tuple[Path, Path]:
    """The Markdown and HTML files of a day. Names come from the date alone."""
    stem = day.isoformat()
    return out_dir / f"{stem}.md", out_dir / f"{stem}.html"


def write_atomic(path: Path, text: str, out_dir: Path) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new one, never half.

    The text goes to a temporary file in the same folder, is flushed to disk,
    then renamed over the target, which is atomic on POSIX file systems.
    """
    out_dir = out_dir.resolve()
    target = path.resolve()
    if target.parent != out_dir:
        raise OutputError(f"refusing to write {path} outside the output folder {out_dir}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=out_dir, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_dir(out_dir)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
