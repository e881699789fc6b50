"""Seeds on disk: where each fetched article goes, and atomic writes of a page and its sidecar.

    seeds/<source-slug>/<YYYY-MM-DD>-<title-slug>.html            the page as fetched
    seeds/<source-slug>/<YYYY-MM-DD>-<title-slug>.html.meta.toml  its metadata (ingest/sidecar.py)
    seeds/<source-slug>/<YYYY-MM-DD>-<title-slug>.md              a feed's own text, with front matter

Every file is written to a hidden temporary file in the same folder
(`.<name>.<random>.fetch.tmp`, a name the seed scanner ignores twice over:
hidden, and a `.tmp` leftover), flushed to disk, then renamed over its final
name, so a reader sees the whole file or none of it. A page's sidecar is
renamed into place before the page, so a reader that sees a page sees its
metadata. File names are ASCII slugs, and every path is checked to stay
inside the seeds folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ...config import fsync_dir, make_folders, refusal, seeds_folder_problem, unreachable
from ...errors import SeedError, SeedWriteError, SidecarError
from ...text import clipped, slugify
from ..frontmatter import MAX_FRONT_MATTER_BYTES, format_front_matter, split_front_matter
from ..sidecar import MAX_SIDECAR_BYTES, format_sidecar, read_sidecar, sidecar_path
from .urls import url_key

_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.fetch\.tmp")
MAX_COLLISIONS = 100


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: hidden temporary file, fsync, rename."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.fetch.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temporary, flags, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except OSError as error:
        raise SeedWriteError(f"cannot write {path}: {error.strerror or error}") from None


def _safe_folder_name(slug: str) -> bool:
    """Whether `slug` is a folder name as a source's slug is made (text.slugify): letters and digits of any
    script (with their combining marks) and dashes, a letter or digit first, at most 80, lower case."""
    return (0 < len(slug) <= 80 and slug[0].isalnum() and slug == slug.lower()
            and all(c.isalnum() or c == "-" or unicodedata.category(c)[0] == "M" for c in slug))


class SeedWriter:
    """Places and writes seeds under one seeds folder."""

    def __init__(self, seeds_dir: Path) -> None:
        self.root = Path(seeds_dir)
        try:
            make_folders(self.root)
        except OSError as error:
            if os.path.lexists(self.root) and not os.path.isdir(self.root):  # as a run says it
                raise SeedWriteError(seeds_folder_problem(self.root)) from None
            if not isinstance(error, PermissionError):
                raise SeedWriteError(f"cannot create seeds folder {self.root}: {error.strerror}") from None
            # The user's to mend, not a retry's: which folder refused, and the fix.
            other = "name another with --seeds"
            above = next((step for step in self.root.parents if os.path.lexists(step)), self.root.parent)
            raise SeedWriteError(unreachable(self.root, "the seeds folder", other)
                                 or f"cannot create seeds folder {self.root}: {refusal(above, 'write in')}, "
                                    f"or {other}") from None
        self._real_root = Path(os.path.realpath(self.root))

    def source_dir(self, slug: str) -> Path:
        """seeds/<slug>/, made if missing; never a symlink, never outside the seeds folder."""
        if not _safe_folder_name(slug):
            raise SeedWriteError(f"not a safe folder name: {slug!r}")
        folder = self.root / slug
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise SeedWriteError(f"cannot create {folder}: {error.strerror}") from None
        if folder.is_symlink() or not folder.is_dir() or Path(os.path.realpath(folder)).parent != self._real_root:
            raise SeedWriteError(f"{folder} is not a folder inside {self.root} (a symlink?): nothing written there")
        return folder

    def folder_problem(self, slug: str) -> str | None:
        """Why seeds/<slug>/ cannot take this source's seeds (something else holds its name), or None."""
        folder = self.root / slug
        if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
            kind = "a symlink" if folder.is_symlink() else "a file"
            return f"{folder} is {kind}, not a folder: nothing of this source is written until it is moved away"
        return None

    def remove_stale_temporaries(self) -> int:
        """Delete the temporary files a killed fetch left (call while holding the lock)."""
        removed = 0
        folders = [self.root] + [p for p in self.root.iterdir() if p.is_dir() and not p.is_symlink()]
        for folder in folders:
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if _TEMPORARY.fullmatch(name):
                    try:
                        os.unlink(folder / name)
                        removed += 1
                    except OSError:
                        pass
        return removed

    def place(self, source_slug: str, day: dt.date, title: str | None, url: str | None, suffix: str,
              text_key: str | None = None, content: bytes | None = None) -> Path:
        """The path for a new seed: `<day>-<slug><suffix>`, with `-2`, `-3`... if another
        article has that name. The same article (same canonical URL) gets its old path back,
        so a fetch killed between writing a seed and recording it rewrites the same file.
        `text_key` (the hash of a feed's text) names an article without a URL past the collisions; an article
        without a URL whose file is `content` already (a fetch killed before recording it) gets that path back."""
        folder = self.source_dir(source_slug)
        words = slugify(title, max_chars=80, fallback="") or slugify(_url_words(url), max_chars=80, fallback="")
        stem = f"{day.isoformat()}-{words or 'article'}"
        key = url_key(url) if url else None
        for n in range(1, MAX_COLLISIONS + 1):
            path = folder / (stem + (f"-{n}" if n > 1 else "") + suffix)
            if not os.path.lexists(path):
                return path
            if key is not None and _holds_article(path, key):
                return path
            if key is None and content is not None and _holds_bytes(path, content):
                return path
        if key is not None or text_key is not None:
            # A live blog's hundredth "Live updates" of the day: named by its address, the same each time; a
            # status feed's hundredth link-less "Update", by its text (a file of that name holds that text).
            digest = hashlib.sha256((key or text_key or "").encode("utf-8")).hexdigest()[:12]
            path = folder / f"{stem}-{digest}{suffix}"
            if not os.path.lexists(path) or key is None or _holds_article(path, key):
                return path
        raise SeedWriteError(f"over {MAX_COLLISIONS} seeds named {stem}{suffix} in {folder}")

    def write_page(self, path: Path, body: bytes, meta: Mapping[str, Any]) -> None:
        """The page's sidecar, then the page itself, each atomically."""
        self._check_inside(path)
        try:
            sidecar = format_sidecar(_fitted(meta, lambda m: format_sidecar(m, path.name), MAX_SIDECAR_BYTES), path.name)
        except SidecarError as error:  # a bug upstream: metadata is cleaned before it gets here
            raise SeedWriteError(f"cannot write the sidecar of {path.name}: {error}") from None
        atomic_write(sidecar_path(path), sidecar.encode("utf-8"))
        _fsync_quietly(path.parent)  # the sidecar's name is on disk before the page's
        atomic_write(path, body)
        _fsync_quietly(path.parent)

    def write_markdown(self, path: Path, meta: Mapping[str, Any], paragraphs: Sequence[str]) -> None:
        """A `.md` seed: YAML front matter with the metadata, then the text."""
        self._check_inside(path)
        atomic_write(path, markdown_seed(meta, paragraphs).encode("utf-8"))
        _fsync_quietly(path.parent)

    def _check_inside(self, path: Path) -> None:
        if Path(os.path.realpath(path.parent)).parent != self._real_root or path.name.startswith((".", "-")):
            raise SeedWriteError(f"refused to write {path}: not a seed inside {self.root}")


def _fsync_quietly(folder: Path) -> None:
    try:
        fsync_dir(folder)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic


def _url_words(url: str | None) -> str:
    if not url:
        return ""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", last, flags=re.IGNORECASE)


# Front matter keys of a .md seed, in order. `lang` is left out: briefing
# refuses a seed whose lang it does not support, and a feed's language is a
# hint, not a promise (the reader detects the language from the text).
_FRONT_MATTER_KEYS = ("title", "source", "url", "published", "section", "author", "tags")


def markdown_seed(meta: Mapping[str, Any], paragraphs: Sequence[str]) -> str:
    """A .md seed: the metadata as YAML front matter, then the paragraphs."""
    kept = {key: meta.get(key) for key in _FRONT_MATTER_KEYS}
    front = format_front_matter(_fitted(kept, format_front_matter, MAX_FRONT_MATTER_BYTES))
    return front + "\n" + "\n\n".join(_as_markdown_text(p) for p in paragraphs) + "\n"


def _as_markdown_text(paragraph: str) -> str:
    """A paragraph of the feed's text as Markdown that reads back as the same text."""
    text = paragraph.translate(_AS_MARKDOWN_TEXT)
    text = _LINE_START_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _LINK_OPENER.sub(r"\\[", text)


# The feed's text is text: as entities, the characters Markdown would read as markup ("<video>" as a tag,
# "*2 points*" as emphasis, "\\*" as an escaped star, "~~2 euros~~" as struck text, "{{% notice %}}" as a
# Hugo shortcode) read back as themselves.
_AS_MARKDOWN_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "*": "&#42;", "_": "&#95;", "`": "&#96;",
                                   "\\": "&#92;", "~": "&#126;", "{": "&#123;"})
# What starts a heading, a list item, a rule or a fence at a line's start ("# 1 priority", "1. Rates
# rose", "- and more"), escaped with a backslash; and a link's opening bracket, so "[x](y)" keeps its "(y)".
_LINE_START_MARK = re.compile(r"^(\s*\d*)([#+\-~.)])", re.MULTILINE)
_LINK_OPENER = re.compile(r"\[")


# A headline cut to fit keeps at least this many characters.
_FITTED_TITLE_CHARS = 200


def _fitted(meta: Mapping[str, Any], rendered: Callable[[Mapping[str, Any]], str], limit: int) -> dict[str, Any]:
    """`meta` with as much as must go for `rendered(meta)` to fit in `limit` bytes, as the reader will
    accept it: the last tags first, then the author, then the end of a long headline. (A feed's item of
    30 long tags made a sidecar the reader refused, and the entry, recorded as fetched, was lost.)"""
    fitted = dict(meta)
    while len(rendered(fitted).encode("utf-8")) > limit:
        if fitted.get("tags"):
            fitted["tags"] = tuple(fitted["tags"])[:-1]
        elif fitted.get("author"):
            fitted["author"] = None
        elif len(fitted.get("title") or "") > _FITTED_TITLE_CHARS:
            fitted["title"] = clipped(fitted["title"], _FITTED_TITLE_CHARS)
        else:
            break  # nothing more to spare: the writer's caller reports what the reader says
    return fitted


def _holds_bytes(path: Path, content: bytes) -> bool:
    """True if `path` is a file (not a symlink) of exactly `content`."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(content):
            return False
        return path.read_bytes() == content
    except OSError:
        return False


def _holds_article(path: Path, key: str) -> bool:
    """True if the seed at `path` is the article whose url key is `key`."""
    try:
        if path.suffix == ".md":
            url = _front_matter_url(path)
        else:
            meta = read_sidecar(path)
            url = meta.get("url") if meta else None
    except (SidecarError, OSError, ValueError):
        return False
    return bool(url) and url_key(url) == key


def _front_matter_url(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    with path.open("rb") as handle:
        head = handle.read(20_000).decode("utf-8", "replace")
    try:
        meta, _ = split_front_matter(head)
    except SeedError:
        return None
    url = meta.get("url")
    return url if isinstance(url, str) else None
