"""Summarize: an Article -> its Summary (extractive summary and key points), built on sumy.

sumy's utils module, which its document model needs, imports requests for
sumy's own fetching of web pages, which briefing never does; requests, with
urllib3, ssl, charset-normalizer and idna, is a tenth of a second at every
start. So `requests` is registered here as a module that imports the real one
when it is first used. (importlib's LazyLoader cannot do it: the import
statement itself reads the module's __spec__, which loads it.)
"""

from __future__ import annotations

import importlib
import sys
import types


class _ImportedWhenUsed(types.ModuleType):
    """Stands in sys.modules for a module until an attribute of it is asked for."""

    def __getattr__(self, attribute: str):
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            sys.modules.pop(self.__name__, None)
            real = importlib.import_module(self.__name__)
        return getattr(real, attribute)


if "requests" not in sys.modules:
    sys.modules["requests"] = _ImportedWhenUsed("requests")


# NLTK's package init imports nearly all of NLTK, and scipy with it: only its stemmers and word tokenizer
# are used (see nltk_parts.py).
from . import nltk_parts  # noqa: E402

nltk_parts.load()
