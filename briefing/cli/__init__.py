"""The command line: each command parses its flags, calls the library, and prints.

Library errors (BriefingError) become one line on stderr and a non-zero exit;
nothing here does work of its own. Heavy modules are imported inside the
commands so that `briefing --help` starts instantly.
"""

from .commands import entry, main

__all__ = ["entry", "main"]
