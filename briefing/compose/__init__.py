"""Compose: the day's Summaries -> its Stories -> the Briefing of the day."""
