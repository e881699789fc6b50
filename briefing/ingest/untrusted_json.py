"""JSON from a page or a feed, where a number of any length is no reason to lose the rest.

Python refuses to turn more than 4,300 digits into an int (a guard against
quadratic conversion), and json.loads then refuses the whole document: one
hostile number in a page's structured data, or anywhere in a JSON Feed, lost
the article or every entry. No value briefing reads from these is a number
that long, so such a number is read as a float (infinite), in linear time.
"""

from __future__ import annotations

import json
import sys


def _number(digits: str) -> int | float:
    limit = sys.get_int_max_str_digits()  # (0: no limit; it may be set at any time, -X int_max_str_digits)
    return int(digits) if not limit or len(digits.lstrip("-")) <= limit else float(digits)


def loads(text: str):
    """json.loads of `text`, a number of more digits than Python reads as an int read as a float."""
    return json.loads(text, parse_int=_number)
