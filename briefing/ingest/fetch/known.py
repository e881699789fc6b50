"""What a fetch remembers between fetches: the keys an entry is known by, and whether it is a seed already.

An entry is known by its feed id, its canonical URL (tracking parameters,
fragment and scheme aside), the canonical URL it redirected to, and the hash
of its page or text: a match on any of them means it is already a seed, with
one exception. An id is believed only with the link it was first seen with:
some sites give every entry the same id (the site's address) and list one new
entry per fetch, so every entry after the first would be taken for the first
and never fetched. (Within one feed document `feeds.parse_feed` drops such
ids.) An entry whose link changed under its id is asked for again, and kept
once if its page is the same.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from .feeds import Entry
from .urls import canonical_url, scheme_problem, url_key

LINK_PREFIX = "url:"  # (url_key's)
ID_PREFIX = "id:"


class FetchStore(Protocol):
    """What a fetch remembers between fetches; briefing's State is one."""

    def get_validators(self, feed_url: str) -> tuple[str | None, str | None]: ...

    def set_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None: ...

    def seed_of(self, key: str) -> str | None: ...

    def keys_of(self, path: str) -> list[str]: ...

    def mark_seen(self, keys: Sequence[str], path: str) -> None: ...


def entry_keys(feed_url: str, entry: Entry, own_text: bool = False) -> list[str]:
    """The keys a feed's entry is known by before its page is fetched: its id, its link's.

    An entry written from its `own_text` (not its page's) keeps its link's fragment: a live blog's posts,
    a status page's updates, each with its text, link to one page's anchors ("#post-2"), and all but the
    first were taken for it.
    """
    keys = []
    if entry.id:
        keys.append(f"{ID_PREFIX}{canonical_url(feed_url)} {entry.id}")  # ids are only unique within a feed
    if entry.link and scheme_problem(entry.link) is None:
        fragment = entry.link.partition("#")[2] if own_text else ""
        keys.append(url_key(entry.link) + (f"#{fragment}" if fragment else ""))
    return keys


def written_seed(store: FetchStore, keys: Sequence[str]) -> str | None:
    """The seed written before for an entry with these keys, if any (see the module docstring)."""
    ids = [key for key in keys if key.startswith(ID_PREFIX)]
    linked = any(key.startswith(LINK_PREFIX) for key in keys)
    for key in [key for key in keys if key not in ids] + ids:  # (a seen link spares reading an id's seed's keys)
        seed = store.seed_of(key)
        if seed is None:
            continue
        if key in ids and linked:
            known_links = [known for known in store.keys_of(seed) if known.startswith(LINK_PREFIX)]
            if known_links:
                continue  # seen with another link (this entry's is not seen): another entry given the same id
        return seed
    return None
