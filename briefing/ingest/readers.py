"""Read one seed file's bytes into an Article: plain text, Markdown with front matter, HTML.

Everything here treats the file as untrusted: it may be empty, binary, in an
unexpected encoding, half-written, huge, or written to attack the reader.
Each problem becomes a SeedError whose message is the one-line reason shown
to the user. Web pages are read by pages.py.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import SeedError
from ..languages import language_code, language_tag, script_unlike, spaceless_word_count
from ..models import (
    TITLE_FROM_FILE_NAME, TITLE_FROM_FIRST_LINE, TITLE_FROM_FRONT_MATTER, TITLE_FROM_HEADING, TITLE_FROM_HTML,
    TITLE_FROM_SIDECAR, Article,
)
from ..textrules import asks_in_greek
from ..hosts import without_credentials
from ..text import LONE_SURROGATE, clean_line, clipped, escaped, short_line, shows_anything
from .decode import decode_text
from .frontmatter import (
    DATE_KEYS,
    language_field,
    names_field,
    parse_date,
    published_field,
    split_front_matter,
    tags_field,
    text_field,
)
from .markdown import plain_marked, unescaped
from .sidecar import SIDECAR_SUFFIX, article_fields, is_web_url, parse_sidecar, takes_sidecar

MIN_BODY_WORDS = 5
_MAX_TITLE_CHARS = 300

# Told what was left out of a seed that is still read (a date that is no date): one line each.
Warn = Callable[[str], None]
# What the verbose log says of where an article's text came from when it is not what the page shows.
TEXT_FROM_STRUCTURED_DATA = "text from the page's structured data (JSON-LD), as its HTML shows none"


def content_hash(data: bytes, sidecar: bytes | None = None) -> str:
    """A seed's hash; its sidecar is part of it, so a seed whose metadata changed is read again."""
    digest = hashlib.sha256(data)
    if sidecar is not None:
        digest.update(b"\0" + SIDECAR_SUFFIX.encode() + b"\0" + sidecar)
    return digest.hexdigest()


def read_article(
    path: Path, data: bytes, seed_id: str | None = None, sidecar: bytes | None = None, warn: Warn | None = None,
    note: Warn | None = None,
) -> Article:
    """Turn one seed file's bytes into an Article, or raise SeedError with the reason.

    `sidecar` is the bytes of the seed's metadata sidecar, if it has one: its
    fields win over what the reader finds in the page. Every string is
    cleaned here, once: whatever a seed holds, no control character,
    noncharacter or bidi override goes further. A field that is left out (a
    date that cannot be read) is told to `warn`, and the article is read
    without it. `note` is told, for the verbose log, when the text is not
    what the page shows (TEXT_FROM_STRUCTURED_DATA).
    """
    sidecar = sidecar if takes_sidecar(path.name) else None
    warn = warn or (lambda message: None)
    from_sidecar = parse_sidecar(sidecar, path.name + SIDECAR_SUFFIX, warn) if sidecar is not None else {}
    text = decode_text(data, from_sidecar.get("charset"), warn)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        meta, body = split_front_matter(text)
        article = _article_from_markdown(path, meta, body, warn)
    elif suffix in (".html", ".htm"):
        article = _article_from_html(path, text, note or (lambda message: None))
    elif suffix == ".txt":
        meta, body = _text_front_matter(text)
        article = _article_from_text(path, body)
        if meta:
            article.update(_fields_of_front_matter(meta, warn))
            if (title := text_field(meta, "title")) is not None:
                article["title"], article["title_from"] = _clip_title(title), TITLE_FROM_FRONT_MATTER
    else:
        raise SeedError(f"unsupported file type {suffix or '(none)'}")
    from_metadata = article_fields(from_sidecar)
    if from_metadata.get("title"):
        from_metadata["title_from"] = TITLE_FROM_SIDECAR
    article.update(from_metadata)
    fields = {key: _cleaned(value) for key, value in article.items()}
    if fields.get("url"):
        fields["url"] = without_credentials(fields["url"])
    paragraphs = tuple(p for p in fields.pop("paragraphs") if p)
    if not any(p.split() for p in paragraphs):
        raise SeedError("no article text (empty, or only a title)")
    words = _words_up_to(MIN_BODY_WORDS, paragraphs)
    if words == 0:
        raise SeedError("no words in the article text: only punctuation, digits or symbols")
    if words < MIN_BODY_WORDS:
        raise SeedError(f"too short to summarise: {words} word{'s' if words != 1 else ''}")
    if fields.get("lang") and (script := script_unlike(fields["lang"], "\n".join(paragraphs[:20]))) is not None:
        # A hint that cannot be right (a template's `lang: fr` above a Japanese text): French rules would split
        # and rate it.
        # (Named by its tag and its name: the seed may say either, "el" or "greek".)
        warn(f"lang {language_code(fields['lang'])} ({fields['lang'].title()}) does not fit its text, written in "
             f"{script} script: left out, the language is taken from the text")
        fields["lang"] = None
    if not fields.get("title") or not shows_anything(fields["title"]):  # "\u200b": an invisible heading and link
        named = clean_line(title_from_filename(path))
        fields["title"] = named if shows_anything(named) else "Untitled"
        fields["title_from"] = TITLE_FROM_FILE_NAME
    if not fields.get("section"):
        fields["section"] = _section_of(fields.get("tags") or (), seed_id or "")
    return Article(
        seed=seed_key(seed_id or str(path)),
        paragraphs=paragraphs,
        content_hash=content_hash(data, sidecar),
        **fields,
    )


def _words_up_to(wanted: int, paragraphs: Iterable[str]) -> int:
    """The words of the paragraphs, counted up to `wanted` (enough to judge a seed; counting a long article's
    every token cost a run 4% of its time). A word is what has a letter in it: "...", "42." and emoji are
    no words, and a seed of only those is no article, however many sentences its full stops make; Chinese and
    Japanese write no spaces, and count a word for every two letters of Han or kana."""
    found = 0
    for paragraph in paragraphs:
        for token in paragraph.split():
            if any(c.isalpha() for c in token):
                found += 1 if token.isascii() else spaceless_word_count(token)
                if found >= wanted:
                    return wanted
    return found


def seed_key(name: str) -> str:
    """The article's key: its name as it is, so that two names that clean to one line stay two seeds
    (outputs show it cleaned or escaped). A name no UTF-8 can hold (a run skips those; `summarize` may be
    given one) has those characters escaped."""
    return escaped(name) if LONE_SURROGATE.search(name) else name


def _section_of(tags: tuple[str, ...], seed_id: str) -> str | None:
    """A seed's section when its metadata names none: its first tag, else the folder it is in, as a heading."""
    if tags:
        name = tags[0]
    else:
        folder, slash, _ = seed_id.partition("/")
        if not slash or seed_id.startswith("/"):
            return None
        name = clean_line(folder.replace("-", " ").replace("_", " "))
        if not shows_anything(name):  # a folder named "\u200b" or "_": no heading anyone could read
            return None
    return name[:1].upper() + name[1:] or None


def _cleaned(value: Any) -> Any:
    """A field of an article with its text cleaned: one line each (a list's items, too); none where nothing
    would show (a source or section of zero-width spaces was an invisible link and heading)."""
    if isinstance(value, str):
        line = clean_line(value)
        return line if shows_anything(line) else None
    if isinstance(value, (list, tuple)):
        return tuple(item for item in (clean_line(v) for v in value) if shows_anything(item))
    return value


# --- plain text -------------------------------------------------------------

# (And the full stops of scripts that write their own: Chinese and Japanese 。！？, Devanagari's danda, Arabic's
# question mark and Urdu's full stop, with the closing brackets and quotes of CJK after them: a headline may end
# in a bracket, "新大桥下周一通车（图）"; a sentence in a credit after its full stop, "…発表した。（共同）".)
_SENTENCE_END = re.compile(r"(?:[.!?…:;\"'”’)\]]|[。！？।॥؟۔][」』）】]*(?:[（(][^（()）]{1,20}[）)])?)\s*$")


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each folded onto one line."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def title_from_filename(path: Path) -> str:
    # NFC, as every text of a seed is made where it is read: a Mac's HFS+ names files in NFD.
    stem = re.sub(r"[-_]+", " ", unicodedata.normalize("NFC", path.stem)).strip()
    # Its first letter in title case, as a word's first letter is written ("ﬁsh" -> "Fish"; in upper case "FIsh").
    return (stem[:1].title() + stem[1:]) if stem else "Untitled"


# A headline may ask (in Greek with ;) or exclaim, or end in a quotation.
_HEADLINE_END = re.compile(r"[?!\"'”’»？！؟」』]\s*$")


def _is_title_line(line: str, set_apart: bool) -> bool:
    """A short first line without final punctuation is a headline, whether or not a blank line follows it;
    one that ends in ?, ! or a closing quote is one when a blank line sets it apart."""
    if not (0 < len(line.split()) <= 20 and len(line) <= 200):
        return False
    return not _SENTENCE_END.search(line) or (
        set_apart and (_HEADLINE_END.search(line) is not None or asks_in_greek(line)))


def _article_from_text(path: Path, text: str) -> dict[str, Any]:
    lines = text.strip().split("\n")
    first = lines[0].strip() if lines else ""
    title = None
    if len(lines) > 1 and _is_title_line(first, set_apart=not lines[1].strip()):
        title = " ".join(first.split())
        text = "\n".join(lines[1:])
    return {
        "title": _clip_title(title or title_from_filename(path)),
        "title_from": TITLE_FROM_FIRST_LINE if title else TITLE_FROM_FILE_NAME,
        "paragraphs": paragraphs_of(text),
    }


def _clip_title(title: str) -> str:
    # A title may come from a file name, which can hold any character but / and NUL.
    title = clean_line(title)
    return clipped(title, _MAX_TITLE_CHARS)



# --- Markdown with front matter ---------------------------------------


# Front matter in a .txt seed is taken only when it names one of these: a text that opens with a rule of dashes
# and a line of its own ("---\nBy the river: ...\n---") is text.
_FRONT_MATTER_KEYS = frozenset({"title", "source", "url", "author", "tags", "section", "lang", *DATE_KEYS})


def _text_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front matter of a plain-text seed, as a Markdown seed's, and the text after it (a seed written as
    .txt with front matter had its `---` line as its headline and its fields as its first sentence); none if it
    does not read as front matter, or names no field a seed has: then it is all text."""
    if not text.lstrip("\ufeff").startswith(("---", "+++")):
        return {}, text
    try:
        meta, body = split_front_matter(text)
    except SeedError:
        return {}, text
    return (meta, body) if _FRONT_MATTER_KEYS.intersection(meta) else ({}, text)


def _fields_of_front_matter(meta: dict[str, Any], warn: Warn) -> dict[str, Any]:
    """The fields a seed's front matter sets but its title (each left out, told to `warn`, if it cannot be
    read)."""
    published, published_problem = published_field(meta)
    author, author_problem = names_field(meta, "author")
    url, url_problem = _url_field(meta)
    language, language_problem = language_field(meta)
    for problem in (published_problem, author_problem, url_problem, language_problem):
        if problem:
            warn(problem)
    fields: dict[str, Any] = {
        "source": text_field(meta, "source"),
        "url": url,
        "published": published,
        "author": author,
        "tags": tags_field(meta),
        "section": text_field(meta, "section"),
    }
    if language:
        fields["lang"] = language
    elif (tag := language_tag(text_field(meta, "lang") if isinstance(meta.get("lang"), str) else None)) is not None:
        fields["declared_lang"] = tag  # (a language briefing cannot summarise in: the text's, as a page says)
    return fields


def _article_from_markdown(path: Path, meta: dict[str, Any], body: str, warn: Warn) -> dict[str, Any]:
    body_text = plain_marked(body)
    fields = _fields_of_front_matter(meta, warn)
    title = text_field(meta, "title")
    fields["title_from"] = TITLE_FROM_FRONT_MATTER
    if title is None:
        title, body_text = _heading_title(body_text)
        fields["title_from"] = TITLE_FROM_HEADING
    if title is None:
        fields["title_from"] = TITLE_FROM_FILE_NAME
    fields["title"] = _clip_title(unescaped(title or title_from_filename(path)))
    fields["paragraphs"] = [unescaped(p) for p in paragraphs_of(body_text) if not _is_heading(p)]
    return fields


def _url_field(meta: dict[str, Any]) -> tuple[str | None, str | None]:
    """The front matter's `url` if it is an http(s) address; else None, and what was left out."""
    url = text_field(meta, "url")
    if url is None or is_web_url(url):
        return url, None
    return None, f"front matter 'url' is not an http(s) address ({short_line(url, 80)!r}): left out"


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


def _article_from_html(path: Path, html: str, note: Warn) -> dict[str, Any]:
    from .pages import read_page  # trafilatura and lxml: loaded for HTML seeds only

    page = read_page(html)
    if page.text_stated:
        note(TEXT_FROM_STRUCTURED_DATA)
    fields: dict[str, Any] = {
        "title": _clip_title(page.title or title_from_filename(path)),
        "title_from": TITLE_FROM_HTML if page.title else TITLE_FROM_FILE_NAME,
        "paragraphs": list(page.paragraphs),
        "source": page.source,
        "url": page.url,
        "author": page.author,
        "declared_lang": page.lang_tag,
    }
    if page.published:
        fields["published"] = parse_date(page.published[:10])
    return fields
