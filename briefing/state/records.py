"""The records the state store keeps of summaries, and what it gives back of the reports and stories it holds."""

from __future__ import annotations

import functools
import hashlib
import sys
from dataclasses import dataclass, replace
from typing import Callable, NamedTuple, Sequence

from ..models import Summary


def summary_to_json(summary: Summary) -> str:
    """A Summary as the state store keeps it: without its article's text.

    A briefing never shows an article's text, and the seed file keeps it.
    Left out, a summary is under half the size to send from a worker, to
    store, and to load when a big day is composed. (The fields in their
    order, no spaces, non-ASCII as it is: what json.dumps of asdict wrote,
    in a tenth of the time; byte for byte on the 2,706 dev articles, and a
    float may be spelled another way, 1e-05 as 0.00001.)
    """
    without_text = replace(summary, article=replace(summary.article, paragraphs=()))
    return _summary_codec().encoder.encode(without_text).decode("utf-8")


# Where a record's candidate sentences begin: records keep the dataclass's field order, and candidates
# come last. The quotes are bare, so this cannot be inside a string (JSON escapes them there).
_CANDIDATES_KEY = ',"candidates":'


class RecordParts(NamedTuple):
    """A summary's record as the store keeps it: the record without its candidate sentences, those
    sentences (a JSON array; None if the record could not be parted), and a digest of the whole record."""

    head: str
    candidates: str | None
    digest: str


def record_parts(record: str) -> RecordParts:
    """A record parted where its candidate sentences begin: a big day is loaded without them (they are
    most of a record), and its records then read in a third of the time (benchmarks/README.md)."""
    digest = record_digest(record)
    cut = record.rfind(_CANDIDATES_KEY)
    if cut <= 0 or not record.endswith("]}"):
        return RecordParts(record, None, digest)  # not a record this release wrote: kept whole
    return RecordParts(record[:cut] + "}", record[cut + len(_CANDIDATES_KEY):-1], digest)


def whole_record(head: str, candidates: str | None) -> str:
    """The record `record_parts` parted, as it was."""
    return head if candidates is None else f"{head[:-1]}{_CANDIDATES_KEY}{candidates}}}"


def record_digest(record: str) -> str:
    """A digest of a whole record: equal digests, equal summaries."""
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Codec:
    encoder: object
    decoder: object
    terms: object  # reads a record's terms alone


def summary_terms(record: str) -> list[tuple[str, int]] | None:
    """The terms of a record, or of its head (see record_parts); None if they do not read as terms."""
    import msgspec

    try:
        return _summary_codec().terms.decode(record).terms
    except (msgspec.DecodeError, UnicodeError):  # (ValidationError is a DecodeError)
        return None


@functools.cache
def _summary_codec() -> _Codec:
    """Records written from the models and read straight back into them, checked against their fields'
    types: a big day's 10,000 reports load in a third of the time json.loads and building each object
    take. (Imported when first used: a run with nothing new reads no summary.)"""
    import msgspec

    class TermsOnly(msgspec.Struct):
        terms: list[tuple[str, int]] = []

    return _Codec(msgspec.json.Encoder(), msgspec.json.Decoder(Summary), msgspec.json.Decoder(TermsOnly))


def load_record_codec() -> None:
    """Import msgspec now rather than on first use (before forking workers that write records)."""
    _summary_codec()


def summary_from_json(
    text: str, candidates: bool = True, shared: dict | None = None, name: str | None = None,
    terms: Sequence[tuple[str, int]] | None = None,
) -> Summary:
    """A Summary from its JSON; its article has no paragraphs (see summary_to_json).

    `name` is the seed's name in the store: the article's key whatever the record says (an
    earlier release kept the name cleaned for display, and two names may clean to one).

    Without `candidates`, its candidate sentences are left out, and not
    parsed: only a story summarised across its reports reads them, and they
    are most of a record. Nor are its own sentences and key points kept:
    only a story of that one report shows them (it is made from the report
    read whole: see StoryMemo), and a big day's took 50 MB at 50,000
    reports while the day was grouped; nor its article's content hash. `shared` holds the (term, count)
    pairs of the summaries read before: a big day's reports share one tuple
    for each (otherwise most of the memory a loaded report takes).

    `terms`, if given, are the report's terms as the caller holds them (compose/numbered_terms.HeldTerms):
    the record's own are not parsed (a day of 10,000 real articles, 100 terms a report, loads in 0.1 s
    rather than 0.45). The store numbers a record's terms from the record as it keeps it (term_records.py):
    the two disagree only in a damaged store, where grouping too takes the numbered ones.
    """
    if not candidates and (cut := text.rfind(_CANDIDATES_KEY)) > 0 and text.endswith("]}"):
        text = text[:cut] + "}"
    if terms is not None:
        without = _without_terms(text)
        text, terms = (text, None) if without is None else (without, terms)
    summary = _summary_codec().decoder.decode(text)
    if summary.article.paragraphs:  # kept by no briefing, but a record is not trusted to lack them
        summary = replace(summary, article=replace(summary.article, paragraphs=()))
    if name is not None and summary.article.seed != name:
        summary = replace(summary, article=replace(summary.article, seed=name))
    shared = {} if shared is None else shared
    intern = sys.intern  # a big day holds thousands of summaries, and their stems repeat
    # Set on the object just decoded, before anything else can see it: `replace` would build it again.
    settle = object.__setattr__
    settle(summary, "terms", terms if terms is not None else tuple(map(shared.setdefault, summary.terms, summary.terms)))
    # Words every report of a day repeats, once each (about 230 bytes a report otherwise).
    settle(summary, "algorithm", intern(summary.algorithm))
    settle(summary, "language", intern(summary.language))
    article = summary.article
    for field in ("source", "lang", "section", "title_from", "declared_lang"):
        if (value := getattr(article, field)) is not None:
            settle(article, field, intern(value))
    settle(summary, "names", tuple(map(intern, summary.names)))
    settle(summary, "title_stems", tuple(map(intern, summary.title_stems)))
    if not candidates:
        settle(summary, "sentences", ())
        settle(summary, "key_points", ())
        # Nor its content hash: a day is composed without it (the store's column says what a seed was made
        # from), and a big day's took 5.6 MB at 50,000 reports through its peak.
        settle(article, "content_hash", "")
    if not candidates and summary.candidates:  # a record whose candidates could not be cut off before parsing
        summary = replace(summary, candidates=())
    for candidate in summary.candidates:
        settle(candidate, "stems", tuple(map(intern, candidate.stems)))
    return summary


# A record's terms, and the field that follows them (records keep the dataclass's field order). The quotes
# are bare: neither can be inside a string, where JSON escapes them.
_TERMS_KEY, _AFTER_TERMS = ',"terms":[', '],"names":['


def _without_terms(record: str) -> str | None:
    """The record with no terms; None if it is not as this release writes records (read as it is)."""
    start = record.find(_TERMS_KEY)
    end = record.find(_AFTER_TERMS, start) if start > 0 else -1
    return record[:start + len(_TERMS_KEY)] + record[end:] if end > 0 else None


class KnownReport(NamedTuple):
    """A report read earlier in a run (State.reports_by_name): its record's digest, its summary, and what
    the summary was made from (the seed's content hash, the summary settings)."""

    digest: str
    summary: Summary
    made_from: tuple[str, str]


@dataclass(frozen=True)
class KeptStory:
    """What the state store keeps of a story a day shows: to find, on later days, the stories that develop it;
    and to group the day again from its stories when it gains a report."""

    anchor: str
    title: str
    seeds: Sequence[str]  # its reports
    shown: Sequence[str]  # the sentences it showed, sorted
    first: dict | None  # where it was first reported, if it was developing
    features: Callable[[], dict]  # its reports merged; called only when no stored story has the same reports


def story_features_from_json(text: str) -> object:
    """A kept story's features (KeptStory.features) with each field's type checked: an object with their
    names as attributes (terms, names, title, day, language); when they do not read so (a record of an older
    release, or damaged), as json.loads reads them (ValueError if they are no JSON).

    Linking a day's stories to those of the days before reads every story of those days: a week of big
    days holds tens of thousands, read in a third of the time json.loads and making tuples of them took.
    """
    import msgspec

    try:
        return _story_features_decoder().decode(text)
    except msgspec.DecodeError:  # (ValidationError is one)
        import json

        return json.loads(text)


@functools.cache
def _story_features_decoder():
    import msgspec

    # A record with fields of its own is read as json.loads reads it, whatever they hold (msgspec does not
    # look at what it skips: an integer json.loads refuses would pass).
    class StoryFeatures(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
        terms: tuple[tuple[str, int], ...]
        names: frozenset[str]
        title: tuple[str, ...]
        day: int | None
        language: str | None = None

    return msgspec.json.Decoder(StoryFeatures)
