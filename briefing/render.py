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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .errors import OutputError, TemplateError
from .languages import language_code
from .models import Briefing, PublishedBriefing, Story

MARKDOWN_TEMPLATE = "briefing.md.j2"
HTML_TEMPLATE = "briefing.html.j2"
INDEX_TEMPLATE = "index.html.j2"
STYLE_TEMPLATE = "page.css.j2"  # included by the two HTML templates
INDEX_NAME = "index.html"
FEED_NAME = "feed.xml"
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
    url = safe_url(article.url)
    # Without a name, a link still says where it leads.
    source_name = article.source or (urllib.parse.urlsplit(url).hostname if url else None)
    source = md_escape(source_name) if source_name else None
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


def long_date(day: dt.date) -> str:
    """2026-11-25 -> 'Wednesday 25 November 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def briefing_view(briefing: Briefing, title: str = "Daily briefing") -> dict:
    day = briefing.day
    return {
        "title": md_escape(title),
        "day": day.isoformat(),
        "day_long": long_date(day),
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

    def check(self) -> None:
        """Load every template now: a run finds a broken one before its work, not after it."""
        import jinja2

        for name in (MARKDOWN_TEMPLATE, HTML_TEMPLATE, INDEX_TEMPLATE, STYLE_TEMPLATE):
            try:
                self._env.get_template(name)
            except jinja2.TemplateError as error:
                raise self._one_line(name, error) from None

    def _render(self, name: str, **context) -> str:
        import jinja2

        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateError as error:
            raise self._one_line(name, error) from None

    def _one_line(self, name: str, error: Exception) -> TemplateError:
        import jinja2

        if isinstance(error, jinja2.TemplateNotFound):
            searched = ", ".join(str(p) for p in self.search_path)
            return TemplateError(f"template {error.name} not found; searched: {searched}")
        # A syntax error names the template it is in, which may be one included by `name`.
        where = f" line {error.lineno}" if getattr(error, "lineno", None) else ""
        message = getattr(error, "message", None) or error
        return TemplateError(f"template {getattr(error, 'name', None) or name}{where}: {message}")

    def markdown(self, briefing: Briefing, title: str = "Daily briefing") -> str:
        return self._render(MARKDOWN_TEMPLATE, **briefing_view(briefing, title))

    def html(
        self,
        briefing: Briefing,
        markdown_text: str,
        lang: str = "english",
        links: DayLinks | None = None,
        title: str = "Daily briefing",
    ) -> str:
        """The page: the Markdown as sanitised HTML, with links to the other days unless `links` is None."""
        return self.page(briefing.day, len(briefing.stories), markdown_to_safe_html(markdown_text), lang, links, title)

    def page(
        self,
        day: dt.date,
        story_count: int,
        body_html: str,
        lang: str = "english",
        links: DayLinks | None = None,
        title: str = "Daily briefing",
    ) -> str:
        """The page around a body already made by `markdown_to_safe_html`."""
        from markupsafe import Markup

        return self._render(HTML_TEMPLATE, body=Markup(body_html), lang=language_code(lang), title=title,
                            day=day.isoformat(), day_long=long_date(day),
                            story_count=story_count, links=links)

    def index(self, published: Sequence[PublishedBriefing], lang: str = "english", title: str = "Daily briefing") -> str:
        """The archive page: every briefing, newest first, grouped by month."""
        months: list[dict] = []
        for record in sorted(published, key=lambda r: r.day, reverse=True):
            month = f"{record.day:%B %Y}"
            if not months or months[-1]["name"] != month:
                months.append({"name": month, "id": f"{record.day:%Y-%m}", "days": []})
            months[-1]["days"].append({
                "day": record.day.isoformat(),
                "day_long": long_date(record.day),
                "href": briefing_paths(Path(), record.day)[1].name,
                "markdown_href": briefing_paths(Path(), record.day)[0].name,
                "stories": record.stories,
            })
        return self._render(INDEX_TEMPLATE, lang=language_code(lang), title=title, months=months,
                            count=len(published), feed_href=FEED_NAME)


@dataclass(frozen=True)
class DayLinks:
    """The neighbours of a briefing page: relative links to the previous and next days and the archive."""

    previous: dt.date | None = None
    next: dt.date | None = None

    @property
    def previous_href(self) -> str | None:
        return briefing_paths(Path(), self.previous)[1].name if self.previous else None

    @property
    def next_href(self) -> str | None:
        return briefing_paths(Path(), self.next)[1].name if self.next else None

    @property
    def previous_label(self) -> str | None:
        return long_date(self.previous) if self.previous else None

    @property
    def next_label(self) -> str | None:
        return long_date(self.next) if self.next else None

    index_href = INDEX_NAME
    feed_href = FEED_NAME


def day_links(days: Sequence[dt.date], day: dt.date) -> DayLinks:
    """The days just before and after `day` among `days`."""
    earlier = [d for d in days if d < day]
    later = [d for d in days if d > day]
    return DayLinks(previous=max(earlier) if earlier else None, next=min(later) if later else None)


# What may stay in the HTML made from the briefing's Markdown. The landmark
# elements and their attributes are made by `_landmarks` from the template's
# headings; seed text is escaped, so it can make none of them.
_LANDMARK_ATTRIBUTES = {"class", "aria-labelledby"}
_ALLOWED_TAGS = {
    "a", "blockquote", "br", "em", "h1", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "small", "strong", "ul", "header", "section", "nav", "article",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
    "header": _LANDMARK_ATTRIBUTES, "section": _LANDMARK_ATTRIBUTES,
    "nav": _LANDMARK_ATTRIBUTES, "article": _LANDMARK_ATTRIBUTES,
}


def _landmark(heading_id: str | None) -> tuple[str, dict[str, str]]:
    """The element that holds a second-level heading and what follows it."""
    if heading_id is None:
        return "section", {}
    attributes = {"aria-labelledby": heading_id}
    if heading_id == "contents":
        return "nav", {**attributes, "class": "contents"}
    if re.fullmatch(r"story-\d+", heading_id):
        return "article", {**attributes, "class": "story"}
    return "section", {**attributes, "class": heading_id}


def _landmarks_extension():
    """A Python-Markdown extension that groups the page into landmarks.

    What comes before the first `##` heading becomes a <header>; each `##`
    heading and what follows it becomes an <article> (a story), a <nav> (the
    contents) or a <section>. The rules that separate stories in the Markdown
    are dropped: the elements themselves are set apart by the page's style.
    """
    import xml.etree.ElementTree as etree

    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Landmarks(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            children = list(root)
            if not any(child.tag == "h2" for child in children):
                return
            for child in children:
                root.remove(child)
            header = current = etree.SubElement(root, "header", {"class": "masthead"})
            for index, child in enumerate(children):
                following = children[index + 1] if index + 1 < len(children) else None
                if child.tag == "hr" and following is not None and following.tag == "h2":
                    continue
                if child.tag == "h2":
                    tag, attributes = _landmark(child.get("id"))
                    current = etree.SubElement(root, tag, attributes)
                current.append(child)
            if len(header) == 0:
                root.remove(header)

    class LandmarksExtension(Extension):
        def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
            # After attr_list (8), which gives the headings their ids.
            md.treeprocessors.register(Landmarks(md), "briefing_landmarks", 5)

    return LandmarksExtension()


# Markdown a template may use: headings, paragraphs, lists, rules, block quotes,
# links, emphasis, line breaks. Raw HTML is off, so no markup can reach the page
# even past a gap in the escaping; images too (the page loads nothing), and
# code, reference links and autolinks, which a briefing has no use for. Every
# inline construct is a pattern tried on each piece of text, so this also takes
# a third off converting a big day.
_UNUSED_INLINE = (
    "backtick", "reference", "image_link", "image_reference", "short_reference", "short_image_ref",
    "autolink", "automail", "html",
)
_UNUSED_BLOCKS = ("code", "reference")


def markdown_to_safe_html(markdown_text: str, parts: int = 1, mapper: Callable = map) -> str:
    """Markdown -> HTML, cleaned so that no markup from a seed can run or load anything.

    With `parts` > 1 the text is cut between its `##` sections into up to that
    many pieces, converted through `mapper` (an executor's map, to use more
    than one core on a big day); the HTML is exactly that of the whole text.
    """
    import nh3

    html = "".join(mapper(_markdown_to_html, split_sections(markdown_text, parts)))
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def load_markdown() -> None:
    """Import Python-Markdown now rather than on first use (before forking workers that convert)."""
    import markdown  # noqa: F401


def _markdown_to_html(markdown_text: str) -> str:
    import markdown

    converter = markdown.Markdown(extensions=["attr_list", "sane_lists", _landmarks_extension()], output_format="html")
    for name in _UNUSED_INLINE:
        converter.inlinePatterns.deregister(name, strict=False)
    for name in _UNUSED_BLOCKS:
        converter.parser.blockprocessors.deregister(name, strict=False)
    converter.preprocessors.deregister("html_block", strict=False)
    return converter.convert(markdown_text)


# The blank line before a rule that opens a `##` section. Nothing carries
# across it with the Markdown enabled here (no reference definitions, raw HTML
# or footnotes), and each landmark starts at a `##` heading, so the parts on
# either side convert on their own to exactly their share of the whole.
_SECTION_BREAK = re.compile(r"\n\n(?=---\n\n## )")


def split_sections(markdown_text: str, parts: int) -> list[str]:
    """The text cut at section breaks into at most `parts` pieces of about equal length."""
    # Never at the first break: what precedes it may hold no `##` heading, and
    # the page's header is made from what comes before the first one.
    breaks = [match.end() for match in _SECTION_BREAK.finditer(markdown_text)][1:]
    if parts <= 1 or not breaks:
        return [markdown_text]
    step = len(markdown_text) / parts
    cuts = sorted({min(breaks, key=lambda b: abs(b - step * k)) for k in range(1, parts)})
    bounds = [0, *cuts, len(markdown_text)]
    return [markdown_text[start:end] for start, end in zip(bounds, bounds[1:])]


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


def write_if_changed(path: Path, text: str, out_dir: Path) -> bool:
    """Write atomically unless the file already holds exactly `text`; True if written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text, out_dir)
    return True


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
