"""Summarize: an Article -> its Summary (extractive summary and key points), built on sumy."""
