"""What the store keeps of each day: pending, written (its page and feed entry), delivered; and of the
output folder and the runs."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Collection, Iterable, Mapping

from ..models import PublishedBriefing
from .store import Store, _json, _now, _stamp, _stored


class DayRecords(Store):
    """The days' rows: pending, written, delivered; the output folder's and the runs' settings."""

    def mark_pending(self, days: Iterable[dt.date], news: bool = False) -> None:
        """These days' briefings must be written (again) by this run or the next; `news`: they gained articles."""
        for day in days:
            self._run("INSERT INTO pending_days VALUES (?, ?, ?) ON CONFLICT (out_key, day) "
                      "DO UPDATE SET news = max(news, excluded.news)", (self.out_key, day.isoformat(), int(news)))

    def rebuilding(self) -> bool:
        """Whether a rebuild of this output folder was begun and not finished: a run killed in it."""
        return bool(self._rows("SELECT 1 FROM meta WHERE key = ?", (f"rebuilding {self.out_key}",)))

    def record_rebuilding(self, begun: bool) -> None:
        if begun:
            self._run("INSERT OR REPLACE INTO meta VALUES (?, '1')", (f"rebuilding {self.out_key}",))
        else:
            self._run("DELETE FROM meta WHERE key = ?", (f"rebuilding {self.out_key}",))

    @_stored
    def pending_days(self) -> list[dt.date]:
        rows = self._rows("SELECT day FROM pending_days WHERE out_key = ? ORDER BY day", (self.out_key,))
        return [dt.date.fromisoformat(day) for (day,) in rows]

    @_stored
    def pending_news(self) -> set[dt.date]:
        """Pending days that gained articles since they were last written."""
        rows = self._rows("SELECT day FROM pending_days WHERE out_key = ? AND news = 1", (self.out_key,))
        return {dt.date.fromisoformat(day) for (day,) in rows}

    @_stored
    def published(self) -> list[PublishedBriefing]:
        """Every day whose briefing was written, oldest first."""
        rows = self._rows(
            "SELECT day, stories, first_written, updated, content_hash FROM briefings WHERE out_key = ? ORDER BY day",
            (self.out_key,))
        return [
            PublishedBriefing(dt.date.fromisoformat(day), stories, dt.datetime.fromisoformat(first),
                              dt.datetime.fromisoformat(updated), digest)
            for day, stories, first, updated, digest in rows
        ]

    def built_with(self, day: dt.date) -> str | None:
        """The settings a written day's briefing was built with."""
        rows = self._rows("SELECT settings FROM briefings WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))
        return rows[0][0] if rows else None

    def kept_body(self, day: dt.date) -> tuple[str, str, str | None, str | None] | None:
        """The day's sanitised page body and feed summary as last written, and the language and title its page
        was written with (None if not known: written by an older release); None if none was."""
        rows = self._rows("SELECT body_html, feed_summary, page FROM briefings WHERE out_key = ? AND day = ?",
                          (self.out_key, day.isoformat()))
        if not rows or rows[0][0] is None:
            return None
        try:
            page = json.loads(rows[0][2]) if rows[0][2] else {}
        except ValueError:
            page = {}  # damaged: the page is written with the run's
        page = page if isinstance(page, dict) else {}
        language, title = page.get("language"), page.get("title")
        return (rows[0][0], rows[0][1], language if isinstance(language, str) and language else None,
                title if isinstance(title, str) else None)

    def record_briefing(self, record: PublishedBriefing, body_html: str, feed_summary: str, settings: str,
                        language: str | None = None, title: str | None = None) -> None:
        """A day's briefing as written: it is no longer pending."""
        page = _json({"language": language, "title": title}) if language is not None else None
        self._run(
            "INSERT INTO briefings (out_key, day, stories, content_hash, first_written, updated, body_html, "
            "feed_summary, settings, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (out_key, day) DO UPDATE SET stories = excluded.stories, "
            "content_hash = excluded.content_hash, first_written = excluded.first_written, "
            "updated = excluded.updated, body_html = excluded.body_html, feed_summary = excluded.feed_summary, "
            "settings = excluded.settings, page = excluded.page",
            (self.out_key, record.day.isoformat(), record.stories, record.digest, _stamp(record.first_written),
             _stamp(record.updated), body_html, feed_summary, settings, page))
        self._run("DELETE FROM pending_days WHERE out_key = ? AND day = ?", (self.out_key, record.day.isoformat()))

    def html_pieces(self, day: dt.date) -> dict[str, str]:
        """The HTML of the pieces of the day's page as last written, by piece (see publish/html.py)."""
        return dict(self._rows("SELECT piece, html FROM html_pieces WHERE out_key = ? AND day = ?",
                               (self.out_key, day.isoformat())))

    def record_html_pieces(self, day: dt.date, pieces: Mapping[str, str], anew: bool = False) -> None:
        """The pieces of the page a day was written with: only these are kept, so the table stays the day's size.

        A piece kept before is not written again, unless `anew` (a rebuild,
        which converted every piece: what was kept may be what it repairs).
        """
        key = (self.out_key, day.isoformat())
        if anew:
            self._run("DELETE FROM html_pieces WHERE out_key = ? AND day = ?", key)
        kept = {piece for (piece,) in self._rows("SELECT piece FROM html_pieces WHERE out_key = ? AND day = ?", key)}
        with self._errors():
            self._db.executemany("DELETE FROM html_pieces WHERE out_key = ? AND day = ? AND piece = ?",
                                 [(*key, piece) for piece in kept if piece not in pieces])
            self._db.executemany("INSERT INTO html_pieces VALUES (?, ?, ?, ?)",
                                 [(*key, piece, html) for piece, html in pieces.items() if piece not in kept])

    @_stored
    def last_day_written(self) -> dt.date | None:
        """The newest day with a briefing written."""
        rows = self._rows("SELECT MAX(day) FROM briefings WHERE out_key = ?", (self.out_key,))
        return dt.date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def forget_html_pieces_before(self, day: dt.date) -> None:
        """Let go of the kept pieces of the days before `day`: a day is rarely written again once it is past,
        and one that is has every piece converted again (the pieces would take megabytes a month)."""
        self._run("DELETE FROM html_pieces WHERE out_key = ? AND day < ?", (self.out_key, day.isoformat()))

    def forget_day(self, day: dt.date) -> None:
        """A day left with no article: its records go, it is no longer pending, and no email of it is owed."""
        for table in ("briefings", "pending_days", "stories", "day_terms", "story_texts", "story_links", "html_pieces",
                      "deliveries"):
            self._run(f"DELETE FROM {table} WHERE out_key = ? AND day = ?", (self.out_key, day.isoformat()))

    # --- the output folder -------------------------------------------------------

    def knows_output(self, key: str) -> bool:
        """Whether an output folder of this store has the key `key` (see migrations.output_key)."""
        return bool(self._rows("SELECT 1 FROM outputs WHERE out_key = ?", (key,)))

    def feed_changed(self) -> dt.datetime | None:
        """When a day last left the feed (see publish_days), or None."""
        rows = self._rows("SELECT feed_updated FROM outputs WHERE out_key = ?", (self.out_key,))
        try:
            found = dt.datetime.fromisoformat(rows[0][0]) if rows and rows[0][0] else None
        except (TypeError, ValueError):
            return None  # damaged: the feed's entries alone date it
        return found if found is not None and found.tzinfo is not None else None

    def record_feed_changed(self, when: dt.datetime) -> None:
        self._run("UPDATE outputs SET feed_updated = ? WHERE out_key = ?", (when.isoformat(), self.out_key))

    def feed_namespace(self) -> str:
        """A UUID of this output folder that names its feed's entries when site.url is not set."""
        found = self._rows("SELECT feed_namespace FROM outputs WHERE out_key = ?", (self.out_key,))[0][0]
        try:
            return str(uuid.UUID(str(found)))
        except ValueError:
            raise self._damaged("a stored value cannot be read: the feed's namespace is no UUID") from None

    def archive_settings(self) -> str | None:
        """The site settings (`Settings.page`) the archive and the feed were last written with; None if unknown."""
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (f"archive settings {self.out_key}",))
        return rows[0][0] if rows else None

    def record_archive_settings(self, page: str) -> None:
        self._run("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"archive settings {self.out_key}", page))

    def last_settings(self) -> str | None:
        rows = self._rows("SELECT settings FROM outputs WHERE out_key = ?", (self.out_key,))
        return rows[0][0] if rows else None

    def record_settings(self, settings: str) -> None:
        self._run("UPDATE outputs SET settings = ? WHERE out_key = ?", (settings, self.out_key))

    # --- runs and deliveries -------------------------------------------------------

    def record_run(self, started: dt.datetime, finished: dt.datetime, new: int, skipped: int, files: int) -> None:
        self._run("INSERT INTO runs (out_key, started_at, finished_at, new, skipped, files) VALUES (?, ?, ?, ?, ?, ?)",
                  (self.out_key, started.isoformat(), finished.isoformat(), new, skipped, files))

    @_stored
    def last_run_started(self) -> dt.datetime | None:
        """When the latest completed run of this output folder started (UTC), if any did."""
        rows = self._rows("SELECT MAX(started_at) FROM runs WHERE out_key = ?", (self.out_key,))
        return dt.datetime.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def queue_delivery(self, day: dt.date, channel: str) -> None:
        """Mark a day's briefing to be sent (again, if it was sent before and has changed)."""
        self._run(
            "INSERT INTO deliveries (out_key, day, channel, queued_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (out_key, day, channel) DO UPDATE SET queued_at = excluded.queued_at, "
            "attempts = 0, last_error = NULL, sent_at = NULL, done_with = NULL, refused_since = NULL",
            (self.out_key, day.isoformat(), channel, _now()))

    @_stored
    def pending_deliveries(self, channel: str) -> list[dt.date]:
        rows = self._rows("SELECT day FROM deliveries WHERE out_key = ? AND channel = ? AND sent_at IS NULL "
                          "ORDER BY day", (self.out_key, channel))
        return [dt.date.fromisoformat(day) for (day,) in rows]

    @_stored
    def delivery_progress(self, day: dt.date, channel: str) -> tuple[frozenset[str], dt.datetime | None]:
        """The mailboxes a pending delivery is done with (sent it, or refused it for good), and since when a
        reader has been refused it for now (UTC), if one has. What does not read (damage) is as not kept."""
        rows = self._rows("SELECT done_with, refused_since FROM deliveries WHERE out_key = ? AND day = ? "
                          "AND channel = ?", (self.out_key, day.isoformat(), channel))
        done_with, refused_since = rows[0] if rows else (None, None)
        try:
            done = json.loads(done_with) if done_with else []
        except (ValueError, TypeError):
            done = []
        if not isinstance(done, list) or not all(isinstance(mailbox, str) for mailbox in done):
            done = []
        try:
            since = dt.datetime.fromisoformat(refused_since) if refused_since else None
        except (ValueError, TypeError):
            since = None
        return frozenset(done), since if since is None or since.tzinfo else since.replace(tzinfo=dt.timezone.utc)

    def record_delivery(self, day: dt.date, channel: str, error: str | None,
                        done_with: Collection[str] | None = None, refused_since: dt.datetime | None = None) -> None:
        """One attempt to deliver: sent if `error` is None, else still pending with the reason; and whom it is
        done with so far (if given) and since when a reader has been refused it for now (see
        delivery_progress)."""
        done = _json(sorted(done_with)) if done_with is not None else None
        since = _stamp(refused_since) if refused_since is not None else None
        self._run("UPDATE deliveries SET attempts = attempts + 1, last_error = ?, sent_at = ?, "
                  "done_with = COALESCE(?, done_with), refused_since = ? WHERE out_key = ? AND day = ? AND channel = ?",
                  (error, _now() if error is None else None, done, since, self.out_key, day.isoformat(), channel))
