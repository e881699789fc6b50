"""One run of the briefing, as the phases it is made of; and the library calls behind the other commands.

scan the seeds folder -> read and summarise what is new -> record it ->
compose each day to write -> publish its files, and what links to them, as
one unit -> record what was written -> deliver by email.

The order of a run is what makes
it safe to kill or fail at any instant:

- what was read is recorded first, with the days it touches marked pending:
  a failure while publishing never undoes the reading, and the next run
  writes what is still pending;
- every file of the run is written in full before any is put in place, and
  they are put in place together (publish/output.py), so out/ holds the
  previous run's files or all of the new ones;
- a day stops being pending only in the transaction that follows its files,
  so the state never records what was not written.

The package is the only place that imports every phase. Its modules: ``run`` (run_once: the order of the phases), ``seeds`` (read,
summarise and record the new seeds), ``summarising`` (the note of the seeds a run summarises in its own
process, for the next run if one kills it), ``days`` (compose the days to write
from the state store), ``delivery`` (email the days waiting for it, and record whom each reached), ``report`` (the run's one line), ``settings`` (what
the briefings are built with), ``files`` (summarize any files, outside a run),
``commands`` (fetch, remove, and what the scheduler asks).
"""

from __future__ import annotations

from ..lazy import imported_when_used

__all__ = ["RunReport", "fetch_once", "last_run_started", "run_once", "seed_names", "summarize_file",
           "summarize_story_files"]

# Each name is imported from its module when first asked for: `briefing summarize` needs files.py
# alone, not what a run writes with (the state store, publishing, the workers), 0.05 s of its start.
_HOMES = {
    "RunReport": "report", "run_once": "run", "fetch_once": "commands", "last_run_started": "commands",
    "seed_names": "commands", "summarize_file": "files", "summarize_story_files": "files",
}


__getattr__ = imported_when_used(__name__, _HOMES)
