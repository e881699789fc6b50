"""What `briefing fetch` keeps (the FetchStore of briefing/ingest/fetch): feeds' validators, entries seen."""

from __future__ import annotations

from typing import Sequence

from .store import Store, _now


class FetchRecords(Store):
    """What `briefing fetch` saw, per seeds folder."""

    def get_validators(self, feed_url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) last stored for a feed; (None, None) if none."""
        rows = self._rows("SELECT etag, last_modified FROM fetch_validators WHERE seeds_key = ? AND feed_url = ?",
                          (self.seeds_key, feed_url))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def set_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        """Store a feed's validators once its new entries are written; both None forgets them."""
        with self.transaction():
            if etag is None and last_modified is None:
                self._run("DELETE FROM fetch_validators WHERE seeds_key = ? AND feed_url = ?",
                          (self.seeds_key, feed_url))
            else:
                self._run("INSERT INTO fetch_validators VALUES (?, ?, ?, ?, ?) ON CONFLICT (seeds_key, feed_url) "
                          "DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                          "updated_at = excluded.updated_at", (self.seeds_key, feed_url, etag, last_modified, _now()))

    def seen(self, key: str) -> bool:
        """True if an entry with this key was written as a seed before."""
        return self.seed_of(key) is not None

    def seed_of(self, key: str) -> str | None:
        """The seed (inside the seeds folder) written for an entry with this key, if any."""
        rows = self._rows("SELECT path FROM fetch_seen WHERE seeds_key = ? AND key = ?", (self.seeds_key, key))
        return rows[0][0] if rows else None

    def keys_of(self, path: str) -> list[str]:
        """The keys recorded for the seed at `path`."""
        return [key for key, in self._rows("SELECT key FROM fetch_seen WHERE seeds_key = ? AND path = ?",
                                           (self.seeds_key, path))]

    def mark_seen(self, keys: Sequence[str], path: str) -> None:
        """Record, all together and at once, that these keys belong to the seed at `path` (inside the seeds folder).

        Called after the seed's files are written, so the store never claims a seed that is not on disk.
        """
        stamp = _now()
        with self.transaction():
            for key in keys:
                self._run("INSERT OR IGNORE INTO fetch_seen VALUES (?, ?, ?, ?)", (self.seeds_key, key, path, stamp))
