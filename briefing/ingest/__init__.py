"""Ingest: find seed files and read each into an Article (the first phase of a run)."""
