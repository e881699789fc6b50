"""The SQL the first schema steps ran (schema.py), kept verbatim: a released step never changes."""

V1_STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS seeds (
        out_dir TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        content_hash TEXT,
        day TEXT,             -- YYYY-MM-DD of the briefing that holds it; NULL if it failed
        reason TEXT,          -- why it was skipped; NULL if it was summarised
        summary TEXT,         -- JSON of the Summary, with its Article
        processed_at TEXT NOT NULL,
        PRIMARY KEY (out_dir, path)
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS seeds_by_day ON seeds (out_dir, day)
    """,
    """
    CREATE INDEX IF NOT EXISTS seeds_by_hash ON seeds (out_dir, content_hash)
    """,
    """
    CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        out_dir TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        new INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        files INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS briefings (
        out_dir TEXT NOT NULL,
        day TEXT NOT NULL,
        stories INTEGER NOT NULL,
        content_hash TEXT NOT NULL,  -- of the Markdown: `updated` moves only when this does
        first_written TEXT NOT NULL,
        updated TEXT NOT NULL,
        feed_html TEXT,     -- the sanitised body, kept so the feed and neighbouring pages need no day composed again
        feed_summary TEXT,
        PRIMARY KEY (out_dir, day)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS deliveries (
        out_dir TEXT NOT NULL,
        day TEXT NOT NULL,
        channel TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at TEXT,
        PRIMARY KEY (out_dir, day, channel)
    )
    """,
)

V3_STATEMENTS = (
    """
    CREATE TABLE outputs (
        out_key TEXT PRIMARY KEY,      -- the output folder, from the store's folder
        feed_namespace TEXT NOT NULL,  -- names the feed's entries when site.url is not set
        settings TEXT                  -- the settings of the latest run, to say once when they change
    )
    """,
    """
    CREATE TABLE seeds3 (
        out_key TEXT NOT NULL,
        name TEXT NOT NULL,            -- the file's path inside the seeds folder
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        content_hash TEXT,
        day TEXT,                      -- YYYY-MM-DD of the briefing that holds it; NULL if it has none
        reason TEXT,                   -- why it is not in a briefing; NULL if it is
        twin_of TEXT,                  -- the seed whose content it repeats
        withdrawn INTEGER NOT NULL DEFAULT 0,  -- taken out of its briefing by `briefing remove`
        summary TEXT,                  -- JSON of the Summary, without the article's text
        settings TEXT,                 -- the summary settings it was made with
        processed_at TEXT NOT NULL,
        PRIMARY KEY (out_key, name)
    )
    """,
    """
    CREATE TABLE pending_days (
        out_key TEXT NOT NULL,
        day TEXT NOT NULL,             -- a day whose briefing must be written again
        news INTEGER NOT NULL DEFAULT 0,  -- it gained articles: once written, it is owed by email
        PRIMARY KEY (out_key, day)
    )
    """,
    "CREATE TABLE briefings3 (out_key TEXT NOT NULL, day TEXT NOT NULL, stories INTEGER NOT NULL, "
    "content_hash TEXT NOT NULL, first_written TEXT NOT NULL, updated TEXT NOT NULL, body_html TEXT, "
    "feed_summary TEXT, settings TEXT, PRIMARY KEY (out_key, day))",
    "CREATE TABLE runs3 (id INTEGER PRIMARY KEY, out_key TEXT NOT NULL, started_at TEXT NOT NULL, "
    "finished_at TEXT NOT NULL, new INTEGER NOT NULL, skipped INTEGER NOT NULL, files INTEGER NOT NULL)",
    "CREATE TABLE deliveries3 (out_key TEXT NOT NULL, day TEXT NOT NULL, channel TEXT NOT NULL, "
    "queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, sent_at TEXT, "
    "PRIMARY KEY (out_key, day, channel))",
)

V3_INDEXES = (
    "CREATE INDEX seeds_by_day ON seeds (out_key, day)",
    "CREATE INDEX seeds_by_hash ON seeds (out_key, content_hash)",
    "CREATE INDEX seeds_by_twin ON seeds (out_key, twin_of)",
)

V5_STATEMENTS = (
    """
    CREATE TABLE fetch_validators (
        seeds_key TEXT NOT NULL,       -- the seeds folder the feed's entries are written to, from the store's folder
        feed_url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (seeds_key, feed_url)
    )
    """,
    """
    CREATE TABLE fetch_seen (
        seeds_key TEXT NOT NULL,
        key TEXT NOT NULL,             -- 'id:<feed> <guid>', 'url:<canonical url>' or 'sha256:<hex>'
        path TEXT NOT NULL,            -- the seed written for it, inside the seeds folder
        seen_at TEXT NOT NULL,
        PRIMARY KEY (seeds_key, key)
    )
    """,
)
