"""Publish: the day's Briefing -> Markdown, HTML, the archive and the feed in out/, and email."""
