"""Find seed files and read one into an Article (.txt, .md with front matter, .html).

Everything here treats the file as untrusted: it may be empty, binary, in an
unexpected encoding, half-written, huge, or written to attack the reader.
Each problem becomes a SeedError whose message is the one-line reason shown
to the user.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator

from .errors import SeedError
from .models import Article, PassedOver, SeedFile

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# Front matter is a few lines of metadata; anything bigger is not front matter.
MAX_FRONT_MATTER_BYTES = 16_384
MIN_BODY_WORDS = 5
_MAX_TITLE_CHARS = 300
_MAX_TAGS = 30


_LEFTOVER_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", ".bak", ".orig")


def passed_over(name: str) -> PassedOver | None:
    """Why a file name is not a seed at all, or None if it may be one."""
    if name.startswith("."):
        return PassedOver(Path(name), "hidden file", routine=True)
    if name.endswith("~") or name.lower().endswith(_LEFTOVER_SUFFIXES):
        return PassedOver(Path(name), "editor or download leftover", routine=True)
    if not name.lower().endswith(SUPPORTED_SUFFIXES):
        return PassedOver(Path(name), f"unsupported file type (seeds are {', '.join(SUPPORTED_SUFFIXES)})")
    return None


# Characters that must never reach a terminal or a log line as themselves:
# controls (newlines, ESC sequences), lone surrogates (undecodable bytes in a
# file name) and the bidi overrides that make a name read backwards.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` for one line of a terminal or log: unprintable characters become escapes."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _has_undecodable_name(path: Path, root: Path) -> bool:
    # os.walk gives bytes that are not UTF-8 as lone surrogates: such a name
    # cannot be stored, shown or made into a title.
    try:
        str(path.relative_to(root)).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def find_seed_files(seeds_dir: Path) -> Iterator[SeedFile | PassedOver]:
    """Yield every file under `seeds_dir` as a SeedFile or a PassedOver, in a stable order.

    Symlinks are followed only while they stay inside the seeds folder, so a
    link cannot pull in files from elsewhere.
    """
    root = seeds_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rule = passed_over(name)
            if rule is not None:
                yield PassedOver(path, rule.reason, rule.routine)
                continue
            if _has_undecodable_name(path, root):
                yield PassedOver(path, "file name is not valid UTF-8: rename the file")
                continue
            if path.is_symlink() and root not in path.resolve().parents:
                yield PassedOver(path, "symlink to a file outside the seeds folder: not followed")
                continue
            try:
                info = path.stat()
            except OSError as error:
                yield PassedOver(path, f"cannot read: {error.strerror}")
                continue
            if not path.is_file():
                yield PassedOver(path, "not a regular file")
                continue
            yield SeedFile(path=path, size=info.st_size, mtime_ns=info.st_mtime_ns)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_seed_bytes(seed: SeedFile, max_bytes: int) -> bytes:
    if seed.size > max_bytes:
        raise SeedError(f"too large: {seed.size:,} bytes (limit {max_bytes:,}; see limits.max_file_bytes)")
    try:
        with seed.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise SeedError(f"cannot read: {error.strerror}") from None
    if len(data) > max_bytes:
        raise SeedError(f"too large: over {max_bytes:,} bytes (see limits.max_file_bytes)")
    return data


def read_article(path: Path, data: bytes, seed_id: str | None = None) -> Article:
    """Turn one seed file's bytes into an Article, or raise SeedError with the reason."""
    text = decode_text(data)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        meta, body = split_front_matter(text)
        article = _article_from_markdown(path, meta, body)
    elif suffix in (".html", ".htm"):
        article = _article_from_html(path, text)
    elif suffix == ".txt":
        article = _article_from_text(path, text)
    else:
        raise SeedError(f"unsupported file type {suffix or '(none)'}")
    fields = dict(article)
    paragraphs = tuple(p for p in fields.pop("paragraphs") if p)
    words = sum(len(p.split()) for p in paragraphs)
    if words == 0:
        raise SeedError("no article text (empty, or only a title)")
    if words < MIN_BODY_WORDS:
        raise SeedError(f"too short to summarise: {words} word{'s' if words != 1 else ''}")
    return Article(
        seed=seed_id or str(path),
        paragraphs=paragraphs,
        content_hash=content_hash(data),
        **fields,
    )


# --- decoding ---------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab and newline say "binary" in a text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str:
    """Bytes -> normalised text: BOM-aware, UTF-8 first, then a charset guess.

    Line endings become \\n, the text is NFC-normalised, and stray control
    characters are dropped. Binary data raises SeedError.
    """
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise SeedError(f"invalid {encoding.upper()} after its byte order mark") from None
            break
    if text is None:
        if b"\x00" in data:
            raise SeedError("binary file (contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _damaged_utf8(data)
            if text is None:
                text = _guess_decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise SeedError("binary file (too many control characters)")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes, with each break shown as U+FFFD; else None.

    Text in a legacy 8-bit encoding almost never holds valid multi-byte UTF-8
    sequences, so a file where valid ones outnumber the broken ones is UTF-8
    that was damaged (cut mid-character, or concatenated with a stray byte);
    decoding all of it as Windows-1252 would garble every accent in it.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return text if valid >= max(broken, 1) else None


# Languages written in Windows-1252; charset-normalizer names the language it
# sees in the decoded text.
_WESTERN_LANGUAGES = {
    "English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Swedish",
    "Danish", "Norwegian", "Finnish", "Catalan", "Indonesian",
}


def _guess_decode(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise SeedError("not text: no character encoding fits (binary or corrupt file)")
    # Legacy Western files are far more often Windows-1252 (a superset of
    # Latin-1's letters) than a Baltic or DOS code page, which a detector may
    # rank first on short text: for a Western language, take Windows-1252
    # whenever it decodes the file as cleanly as the best guess does.
    least_chaos = min(match.chaos for match in matches)
    if matches[0].language in _WESTERN_LANGUAGES:
        for match in matches:
            fits_1252 = "cp1252" in match.could_be_from_charset or match.encoding in ("latin_1", "iso8859_15")
            if fits_1252 and match.chaos <= least_chaos + 0.01:
                for encoding in ("cp1252", "latin_1"):
                    try:
                        return data.decode(encoding)
                    except UnicodeDecodeError:
                        continue
    best = matches[0]
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        return str(best)


# --- plain text -------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each folded onto one line."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def title_from_filename(path: Path) -> str:
    stem = re.sub(r"[-_]+", " ", path.stem).strip()
    return (stem[:1].upper() + stem[1:]) if stem else "Untitled"


def _is_title_line(line: str) -> bool:
    return 0 < len(line.split()) <= 20 and len(line) <= 200 and not _SENTENCE_END.search(line)


def _article_from_text(path: Path, text: str) -> dict[str, Any]:
    lines = text.strip().split("\n")
    first = lines[0].strip() if lines else ""
    title = None
    # A short first line without final punctuation is a headline, whether or not
    # a blank line follows it.
    if len(lines) > 1 and _is_title_line(first):
        title = " ".join(first.split())
        text = "\n".join(lines[1:])
    return {"title": _clip_title(title or title_from_filename(path)), "paragraphs": paragraphs_of(text)}


def _clip_title(title: str) -> str:
    # A title may come from a file name, which can hold any character but / and NUL.
    title = " ".join(_UNPRINTABLE.sub(" ", title).split())
    return title if len(title) <= _MAX_TITLE_CHARS else title[: _MAX_TITLE_CHARS - 1].rstrip() + "…"


# --- Markdown with YAML front matter ---------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split `---` YAML front matter from a Markdown body; no front matter gives {}."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if match is None:
        if text.startswith("---\n"):
            raise SeedError("front matter starts with --- but never ends")
        return {}, text
    raw = match.group(1)
    if len(raw.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise SeedError(f"front matter too large (over {MAX_FRONT_MATTER_BYTES:,} bytes)")
    return parse_front_matter(raw), text[match.end():]


def parse_front_matter(raw: str) -> dict[str, Any]:
    import yaml

    try:
        # SafeLoader builds only plain data: a tag such as !!python/object is an
        # error here, never a call.
        meta = yaml.load(raw, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise SeedError(f"malformed front matter{where}: {problem}") from None
    except RecursionError:
        # PyYAML recurses once per level of nesting: `[[[[...` a few KB long is enough.
        raise SeedError("malformed front matter: nested too deeply") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise SeedError("front matter is not a mapping of keys to values")
    return meta


def _text_field(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise SeedError(f"front matter {key!r} must be text, not {type(value).__name__}")
    value = " ".join(str(value).split())
    return value or None


def _date_field(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise SeedError(f"front matter {key!r} is not an ISO date: {value[:40]!r}") from None
    raise SeedError(f"front matter {key!r} must be a date, not {type(value).__name__}")


def _tags_field(meta: dict[str, Any]) -> tuple[str, ...]:
    value = meta.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list):
        raise SeedError(f"front matter 'tags' must be a list of words, not {type(value).__name__}")
    tags = []
    # Look at no more than the first _MAX_TAGS items: an alias bomb is a short
    # list whose items nest deeply, and its items are never walked.
    for item in value[:_MAX_TAGS]:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise SeedError("front matter 'tags' must be a list of words")
        tag = " ".join(str(item).split())[:60]
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _language_field(meta: dict[str, Any]) -> str | None:
    from .languages import SUPPORTED_LANGUAGES, language_name

    value = _text_field(meta, "lang")
    if value is None:
        return None
    name = language_name(value)
    if name not in SUPPORTED_LANGUAGES:
        raise SeedError(f"front matter lang {value!r} is not supported ({', '.join(SUPPORTED_LANGUAGES)})")
    return name


def _article_from_markdown(path: Path, meta: dict[str, Any], body: str) -> dict[str, Any]:
    body_text = markdown_to_plain(body)
    fields: dict[str, Any] = {
        "source": _text_field(meta, "source"),
        "url": _text_field(meta, "url"),
        "published": _date_field(meta, "published"),
        "tags": _tags_field(meta),
    }
    language = _language_field(meta)
    if language:
        fields["lang"] = language
    title = _text_field(meta, "title")
    if title is None:
        title, body_text = _heading_title(body_text)
    fields["title"] = _clip_title(title or title_from_filename(path))
    fields["paragraphs"] = [p for p in paragraphs_of(body_text) if not _is_heading(p)]
    return fields


# Every pattern here is linear on any input: spans are bounded and exclude
# their own delimiters, so a hostile line of thousands of brackets, asterisks
# or backticks cannot make a regular expression backtrack for minutes.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)")
# Emphasis and code marks at the edge of a word; `_` inside a word
# (snake_case) and `*` standing between spaces (5 * 3) are text.
_MD_EMPHASIS_MARK = re.compile(r"(?<![\w*_])[*_]+(?=[^\s*_])|(?<=[^\s*_])[*_]+(?![\w*_])|`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,1000}>")
# Raw HTML whose content a reader never sees: scripts, styles and comments.
_HIDDEN_HTML = re.compile(r"<!--|<(script|style)\b", re.IGNORECASE)


def _drop_hidden_html(body: str) -> str:
    kept, pos = [], 0
    while (opening := _HIDDEN_HTML.search(body, pos)) is not None:
        kept.append(body[pos:opening.start()])
        closer = "-->" if opening.group(1) is None else f"</{opening.group(1)}"
        close = re.compile(re.escape(closer), re.IGNORECASE).search(body, opening.end())
        if close is None:
            return "".join(kept)  # never closed: the rest is hidden too
        end = body.find(">", close.end() - 1)
        pos = len(body) if end == -1 else end + 1
    kept.append(body[pos:])
    return "".join(kept)


def markdown_to_plain(body: str) -> str:
    """Reduce Markdown to the plain prose it shows: link text, no emphasis marks, no raw HTML."""
    lines = []
    for line in _drop_hidden_html(body).split("\n"):
        stripped = line.strip()
        if re.fullmatch(r"(?:[-*_]\s*){3,}|```.*|~~~.*", stripped):
            continue  # rules and code fences carry no prose
        line = re.sub(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)", "", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _HTML_TAG.sub("", line)
        lines.append(_MD_EMPHASIS_MARK.sub("", line))
    return "\n".join(lines)


def _heading_title(body_text: str) -> tuple[str | None, str]:
    """A leading `# heading` as a title, and the text after it."""
    first, _, rest = body_text.lstrip().partition("\n")
    if not first.startswith("#") or not first[1:2].isspace():
        return None, body_text
    title = first[1:].strip()
    # A closing run of hashes counts only after a space: "# Learn C#" keeps its hash.
    unclosed = title.rstrip("#")
    if unclosed != title and (not unclosed or unclosed[-1].isspace()):
        title = unclosed.rstrip()
    return title or None, rest


def _is_heading(paragraph: str) -> bool:
    # A sub-heading labels a section; it is not a sentence of the story.
    return re.match(r"#{1,6}\s", paragraph) is not None


# --- HTML -------------------------------------------------------------------


def _article_from_html(path: Path, html: str) -> dict[str, Any]:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
            favor_precision=True,
            with_metadata=True,
        )
    except Exception as error:  # the extractor's failures are many and undocumented
        raise SeedError(f"cannot extract article text from HTML: {type(error).__name__}") from None
    if document is None:
        raise SeedError("no article text found in the HTML")
    text = getattr(document, "text", None) or ""
    title = _clip_title(getattr(document, "title", None) or title_from_filename(path))
    paragraphs = paragraphs_of(text.replace("\n", "\n\n"))
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the extractor keeps the headline as the first line
    fields: dict[str, Any] = {
        "title": title,
        "paragraphs": paragraphs,
        "source": getattr(document, "sitename", None) or None,
        "url": getattr(document, "url", None) or None,
    }
    published = getattr(document, "date", None)
    if published:
        try:
            fields["published"] = dt.date.fromisoformat(published[:10]).isoformat()
        except ValueError:
            pass
    return fields
