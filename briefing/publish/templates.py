"""Jinja2 templates: the user's folder first, then the built-in set. The only Jinja2 import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import re
import traceback
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import TemplateError
from ..languages import language_code
from ..text import printable
from ..models import Briefing, PublishedBriefing
from .output import FEED_NAME
from .page_words import long_date
from .views import DayLinks, archive_view, briefing_view

MARKDOWN_TEMPLATE = "briefing.md.j2"
HTML_TEMPLATE = "briefing.html.j2"
INDEX_TEMPLATE = "index.html.j2"
STYLE_TEMPLATE = "page.css.j2"  # included by the two HTML templates
TEMPLATES = (MARKDOWN_TEMPLATE, HTML_TEMPLATE, INDEX_TEMPLATE, STYLE_TEMPLATE)
# A templates folder holds a few files; one of thousands is some other folder, read whole at every run.
MAX_TEMPLATE_FILES = 1000


def builtin_templates() -> Path:
    """The templates shipped with briefing: inside the package when installed, else the repo's."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


class Renderer:
    """Renders briefings with the user's templates first, then the built-in ones."""

    def __init__(self, user_templates: Path | None = None, timezone: str | None = None) -> None:
        self.search_path = [p for p in (user_templates, builtin_templates()) if p is not None]
        self.user_templates = user_templates
        self.timezone = timezone  # the briefing's: the times shown are its (None: the system's)

    @functools.cached_property
    def _env(self):
        # Made when first used: a run with nothing new renders nothing, and Jinja2 is a tenth of its start.
        import jinja2

        env = jinja2.Environment(
            # (A byte order mark, as some Windows editors save UTF-8, read as none: it began the Markdown before
            # its heading, and the CSS before its first rule.)
            loader=jinja2.FileSystemLoader([str(p) for p in self.search_path], encoding="utf-8-sig"),
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
            bytecode_cache=_compiled_templates(),
        )
        # A story's view is a mapping made as it is read (views.StoryView): `tojson` writes it as the dict it reads as.
        env.policies["json.dumps_kwargs"] = {**env.policies["json.dumps_kwargs"], "default": _as_json}
        return env

    def signature(self) -> str:
        """A digest of every template this renderer would use: a briefing built with others is out of date.

        Every file of the folders counts (a template may include any of them),
        but not hidden ones or editors' leftovers; a file's name counts as its
        bytes, whatever they are. A folder of more than MAX_TEMPLATE_FILES
        files is no folder of templates (`templates = "/"`).
        """
        digest = hashlib.sha256()
        for folder in self.search_path:
            for relative, path in _template_files(folder):
                try:
                    content = path.read_bytes()
                except OSError as error:
                    raise TemplateError(f"template {printable(str(path))}: cannot read: {error.strerror}") from None
                digest.update(os.fsencode(relative) + b"\0" + content + b"\0")
        return digest.hexdigest()[:16]

    def check(self) -> None:
        """Load every template now: a run finds a broken one before its work, not after it."""
        import jinja2

        for name in TEMPLATES:
            try:
                self._env.get_template(name)
            except (jinja2.TemplateError, UnicodeDecodeError, OSError) as error:
                raise self._one_line(name, error) from None
            except RecursionError:
                raise self._nested_too_deeply(name) from None

    def _render(self, name: str, **context) -> str:
        import jinja2

        try:
            return self._env.get_template(name).render(**context)
        except jinja2.UndefinedError as error:
            # (Met as it renders: said where in the user's template, an included one too, not as the template
            # rendered; a view's class is no name the template knows.)
            said = _VIEW_OBJECT.sub(lambda found: _VIEWS_AS_SAID.get(found[1], "a value"), str(error))
            error = jinja2.UndefinedError(said).with_traceback(error.__traceback__)
            raise self._failed_in_user_template(name, error) or self._one_line(name, error) from None
        except (jinja2.TemplateError, UnicodeDecodeError, OSError) as error:
            raise self._one_line(name, error) from None
        except MemoryError:
            raise
        except Exception as error:
            # What a user's template does wrong as it runs (`{{ 1 // 0 }}`, `{{ 1 + "a" }}`, a loop over a
            # number, including itself): that template's fault, said with its line, never "internal error".
            raise self._failed_in_user_template(name, error) or error

    def _nested_too_deeply(self, name: str) -> Exception:
        """A template Jinja2 cannot read for its depth: only a user's can be (the built-in ones are shallow)."""
        if self.user_templates is None:
            return RecursionError(f"template {name}: nested too deeply")  # a bug: left to be one
        return TemplateError(f"template {name} (or one it includes): nested too deeply to read")

    def _failed_in_user_template(self, name: str, error: Exception) -> TemplateError | None:
        """`error`, raised while rendering `name`, as a TemplateError naming the user's template and its line
        where it was raised (Jinja2 puts the templates' lines in the traceback); None if no user's template
        was running (a bug of briefing's, to be reported as one)."""
        if self.user_templates is None:
            return None
        folder = os.path.abspath(self.user_templates)
        where = None
        for frame, line in traceback.walk_tb(error.__traceback__):
            path = os.path.abspath(frame.f_code.co_filename)
            if path.startswith(folder + os.sep):
                where = (os.path.relpath(path, folder), line)  # the innermost is the one that raised it
        if where is None:
            if isinstance(error, RecursionError):  # deeper than the traceback's frames could show
                return self._nested_too_deeply(name)
            return None
        message = printable(str(error).strip().replace("\n", " ")) if str(error).strip() else ""
        return TemplateError(f"template {printable(where[0])} line {where[1]}: {type(error).__name__}"
                             + (f": {message}" if message else ""))

    def _one_line(self, name: str, error: Exception) -> TemplateError:
        import jinja2

        if isinstance(error, jinja2.TemplateNotFound):
            searched = ", ".join(str(p) for p in self.search_path)
            return TemplateError(f"template {error.name} not found; searched: {searched}")
        # Read by Jinja2 as UTF-8, or not at all (the name may be one included by `name`).
        if isinstance(error, UnicodeDecodeError):
            return TemplateError(f"template {name} (or one it includes): not UTF-8 text")
        if isinstance(error, OSError):
            return TemplateError(f"template {name} (or one it includes): cannot read: {error.strerror}")
        # A syntax error names the template it is in, which may be one included by `name`.
        where = f" line {error.lineno}" if getattr(error, "lineno", None) else ""
        message = getattr(error, "message", None) or error
        return TemplateError(f"template {getattr(error, 'name', None) or name}{where}: {message}")

    def markdown(self, briefing: Briefing, title: str = "Daily briefing", language: str | None = None) -> str:
        """The day's Markdown; text in another language than `language` (the page's) marked with its own."""
        return self._render(MARKDOWN_TEMPLATE, **briefing_view(briefing, title, language, self.timezone))

    def page(
        self,
        day: dt.date,
        story_count: int,
        body_html: str,
        lang: str = "english",
        links: DayLinks | None = None,
        title: str = "Daily briefing",
    ) -> str:
        """The page around a body made by `html.markdown_to_safe_html`; no links to other days if `links` is None."""
        from markupsafe import Markup

        code = language_code(lang)
        return self._render(HTML_TEMPLATE, body=Markup(body_html), lang=code, title=title,
                            day=day.isoformat(), day_long=long_date(day, code), story_count=story_count,
                            links=dataclasses.replace(links, lang=code) if links is not None else None)

    def index(self, published: Sequence[PublishedBriefing], lang: str = "english", title: str = "Daily briefing") -> str:
        """The archive page: every briefing, newest first, grouped by month."""
        code = language_code(lang)
        return self._render(INDEX_TEMPLATE, lang=code, title=title, months=archive_view(published, code),
                            count=len(published), feed_href=FEED_NAME)


# How Jinja2 names a view it cannot find an attribute of ("'briefing.publish.views.StoryView object'"), and how
# an error says it to whoever writes templates.
_VIEW_OBJECT = re.compile(r"'(?:\w+\.)+(\w+) object'")
_VIEWS_AS_SAID = {"StoryView": "a story", "InLanguage": "a sentence or key point", "DayLinks": "the day's links"}


@functools.cache
def _compiled_templates():
    """Each template file compiled once a process while its text stays the same: the scheduler's runs, one
    after another in one process, compiled the same four again each time (0.04 s a run). Jinja2 compares a
    file's text with what was compiled (a checksum of it) and compiles an edited one again."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[str, bytes] = {}  # by file (Jinja2's key: the template's name and path)

        def load_bytecode(self, bucket) -> None:
            if (code := self.code.get(bucket.key)) is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket) -> None:
            self.code[bucket.key] = bucket.bytecode_to_string()

    return Compiled()


def _template_files(folder: Path) -> list[tuple[str, Path]]:
    """(name inside `folder`, path) of its files and its folders' files, sorted; hidden ones and editors'
    leftovers ("~", ".swp") left out. A folder that vanishes or cannot be read while looked into is left out."""
    found: list[tuple[str, Path]] = []
    for top, folders, files in os.walk(folder, onerror=lambda error: None):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in files:
            if name.startswith(".") or name.endswith(("~", ".swp")):
                continue
            path = Path(top, name)
            if not path.is_file():
                continue
            found.append((path.relative_to(folder).as_posix(), path))
            if len(found) > MAX_TEMPLATE_FILES:
                raise TemplateError(f"templates folder {printable(str(folder))} holds more than "
                                    f"{MAX_TEMPLATE_FILES:,} files: name a folder of templates only")
    return sorted(found, key=lambda item: Path(item[0]).parts)  # as Paths sort (the digest of old releases)


def _as_json(value: object) -> object:
    """What `tojson` writes for a value json cannot: a mapping as a dict (anything else cannot be written)."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
