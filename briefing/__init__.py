"""briefing: turn a folder of news articles into a daily briefing.

The public API is imported lazily, so that `briefing --help` does not pay for
sumy, NLTK and Jinja2.
"""

from __future__ import annotations

import contextlib

from .lazy import imported_when_used

__version__ = "0.1.0"

__all__ = [
    "Article", "Briefing", "Config", "RunReport", "Story", "Summary",
    "BriefingError", "ConfigError", "DeliveryError", "LockedError", "OutputError", "SeedError", "TemplateError",
    "build_config", "load_config", "run_once", "summarize_file",
]

_HOMES = {
    "Article": "models", "Briefing": "models", "Story": "models", "Summary": "models",
    "Config": "config", "build_config": "config", "load_config": "config",
    "RunReport": "pipeline", "run_once": "pipeline", "summarize_file": "pipeline",
    "BriefingError": "errors", "ConfigError": "errors", "DeliveryError": "errors", "LockedError": "errors",
    "OutputError": "errors", "SeedError": "errors", "TemplateError": "errors",
}


__getattr__ = imported_when_used(__name__, _HOMES)


def main() -> None:
    """The `briefing` program. Ctrl+C while it loads its command line (the first tenth of a second) ends it
    as Ctrl+C does later, with one line and exit 130, not a traceback."""
    try:
        from .cli import entry
    except KeyboardInterrupt:
        import sys

        # (No stderr at all, `2>&-`: print(file=None) would write to stdout, which a pipe may be reading.)
        with contextlib.suppress(OSError, AttributeError):
            sys.stderr.write("briefing: error: interrupted\n")
        raise SystemExit(130) from None
    entry()
