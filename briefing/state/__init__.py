"""The SQLite record of what was read and written, per output folder.

One row per seed file and output folder: the file's name inside the seeds
folder, its stat and content hash, and for a seed that was summarised the day
it belongs to and its summary as JSON (without the article's text, which stays
in the seed file), so a day's briefing can be composed again without
re-reading seeds. A seed that is not in a briefing is recorded too, with its
reason, so an unchanged bad file is not re-read and re-reported on every run.
Days whose briefing must be written again are pending until it is. Each
written day has a row (story count, when first written and last changed, the
page's body) for the archive and the feed, and each briefing owed by email a
row until it is sent. For `briefing fetch`, each feed's validators (ETag,
Last-Modified) and the keys of every entry already written as a seed, per
seeds folder. The schema and its upgrades are in migrations.py.

Output folders are known by their path from the store's folder and seeds by
their path inside the seeds folder, so a project moved or renamed as a whole
carries on as it was.
"""

from __future__ import annotations

from .day_records import DayRecords
from .fetch_records import FetchRecords
from .records import KeptStory, KnownReport, load_record_codec, summary_from_json, summary_to_json
from .seed_records import SeedRecords
from .story_records import StoryRecords

__all__ = ["KeptStory", "KnownReport", "State", "load_record_codec", "summary_from_json", "summary_to_json"]


class State(SeedRecords, DayRecords, StoryRecords, FetchRecords):
    """The state store of one output folder. Use as a context manager.

    One connection (store.py) and what is kept of each thing, a module each: seeds, days (and the
    output folder and the runs), the stories days showed, and what `briefing fetch` saw.

    In a dry run everything happens in one transaction that is rolled back
    when the store is closed: the run sees its own changes, nothing is kept.
    """
