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
import importlib.abc
import importlib.util
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


# NLTK's package init imports scipy.stats, when scipy is installed, for
# statistics briefing never uses (nltk.metrics, nltk.translate): 1 to 2 s at
# every start, where NLTK alone takes 0.3 s. While NLTK's package runs,
# scipy's modules that are not loaded yet read as absent, as NLTK allows;
# they import as usual afterwards.
class _NltkWithoutScipy(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name != "nltk":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            self._loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        blocked = [name for name in ("scipy", "scipy.stats", "scipy.sparse") if name not in sys.modules]
        sys.modules.update(dict.fromkeys(blocked))
        try:
            self._loader.exec_module(module)
        finally:
            for name in blocked:
                sys.modules.pop(name, None)


if "nltk" not in sys.modules:
    sys.meta_path.insert(0, _NltkWithoutScipy())
